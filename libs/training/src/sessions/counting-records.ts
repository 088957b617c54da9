const PLACEHOLDER = /^\$[1-9][0-9]*$/;

function placeholder(param: string): string {
  if (!PLACEHOLDER.test(param)) throw new Error(`SQL fragment: ${JSON.stringify(param)} is not a placeholder like $1`);
  return param;
}

/**
 * The training records that in-person sessions give, as periods, the form coverage unions into its records (libs/
 * coverage countingRecords): one row per session certificate × each of the session's counting roles, (person_id,
 * role_id, record_kind 'session', record_id = the certificate, valid_from, valid_to), counting on the days
 * [valid_from, valid_to). A certificate counts from its day of issue until it is revoked or expires, whichever comes
 * first ('infinity' when neither): the certificates' statusOn rule. One revoked on its day of issue never counts.
 * With `personsParam` (a uuid[] placeholder such as `$1`), only those people's records.
 */
export function sessionRecordPeriods(personsParam?: string): string {
  const only = personsParam ? `AND ses_c.person_id = ANY(${placeholder(personsParam)}::uuid[])` : '';
  return `SELECT ses_c.person_id, ses_cr.role_id, 'session'::text AS record_kind, ses_c.id AS record_id,
                 ses_c.issued_on AS valid_from,
                 least(coalesce(ses_c.revoked_on, 'infinity'::date), coalesce(ses_c.expires_on, 'infinity'::date)) AS valid_to
            FROM certificate ses_c
            JOIN training_session_counting_role ses_cr ON ses_cr.session_id = ses_c.session_id
           WHERE ses_c.kind = 'session' AND (ses_c.revoked_on IS NULL OR ses_c.revoked_on > ses_c.issued_on) ${only}`;
}

/**
 * The same records on the day in `dateParam`: rows (person_id, role_id, record_kind 'session', certificate_id) of
 * the session certificates that count that day (issued_on ≤ D, not revoked by D, not expired by D). SQL text with a
 * placeholder only (like org's sql-fragments): the day is passed as a parameter, never interpolated.
 */
export function countingSessionRecords(dateParam: string): string {
  const d = `${placeholder(dateParam)}::date`;
  return `SELECT ses_p.person_id, ses_p.role_id, ses_p.record_kind, ses_p.record_id AS certificate_id
            FROM (${sessionRecordPeriods()}) ses_p
           WHERE ses_p.valid_from <= ${d} AND ses_p.valid_to > ${d}`;
}
