import { certificatePeriods } from '@app/certificates';
import { sqlPlaceholder } from '@app/org';

/**
 * The training records that in-person sessions give, as periods, the form coverage unions into its records (libs/
 * coverage countingRecords): one row per session certificate × each of the session's counting roles, (person_id,
 * role_id, record_kind 'session', record_id = the certificate, valid_from, valid_to), counting on the days
 * [valid_from, valid_to). A certificate's period is libs/certificates' `certificatePeriods` (from its day of issue
 * until revoked or expired; one revoked on its day of issue never counts).
 * With `personsParam` (a uuid[] placeholder such as `$1`), only those people's records.
 */
export function sessionRecordPeriods(personsParam?: string): string {
  return `SELECT ses_c.person_id, ses_cr.role_id, 'session'::text AS record_kind, ses_c.certificate_id AS record_id,
                 ses_c.valid_from, ses_c.valid_to
            FROM (${certificatePeriods('session', personsParam)}) ses_c
            JOIN training_session_counting_role ses_cr ON ses_cr.session_id = ses_c.session_id`;
}

/**
 * The same records on the day in `dateParam`: rows (person_id, role_id, record_kind 'session', certificate_id) of
 * the session certificates that count that day (issued_on ≤ D, not revoked by D, not expired by D). SQL text with a
 * placeholder only (like org's sql-fragments): the day is passed as a parameter, never interpolated.
 */
export function countingSessionRecords(dateParam: string): string {
  const d = `${sqlPlaceholder(dateParam)}::date`;
  return `SELECT ses_p.person_id, ses_p.role_id, ses_p.record_kind, ses_p.record_id AS certificate_id
            FROM (${sessionRecordPeriods()}) ses_p
           WHERE ses_p.valid_from <= ${d} AND ses_p.valid_to > ${d}`;
}
