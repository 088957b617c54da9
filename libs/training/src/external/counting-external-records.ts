import { validityPeriod } from '@app/certificates';
import { sqlPlaceholder } from '@app/org';

/**
 * The records of training done elsewhere as periods, the form coverage unions into its records (libs/coverage
 * countingRecords): rows (person_id, role_id, record_kind 'external', record_id, valid_from, valid_to), one per role
 * the approval names, counting on the days [valid_from, valid_to). A record counts from the day it was approved
 * (approved_on) until its approval is withdrawn (revoked_on) or it expires (expires_on), whichever comes first: the
 * certificates' `validityPeriod`; a rejected or pending record never counts (no approved_on), nor one revoked on the day
 * it was approved. With `personsParam` (a uuid[] placeholder such as `$1`), only those people's records. Served by
 * idx_external_training_counting and pk_external_training_role.
 */
export function externalRecordPeriods(personsParam?: string): string {
  const only = personsParam ? `AND ext_r.person_id = ANY(${sqlPlaceholder(personsParam)}::uuid[])` : '';
  const p = validityPeriod('ext_r.approved_on', 'ext_r.revoked_on', 'ext_r.expires_on');
  return `SELECT ext_r.person_id, ext_rr.role_id, 'external'::text AS record_kind, ext_r.id AS record_id,
                 ${p.validFrom} AS valid_from, ${p.validTo} AS valid_to
            FROM external_training ext_r
            JOIN external_training_role ext_rr ON ext_rr.record_id = ext_r.id
           WHERE ext_r.approved_on IS NOT NULL AND ${p.counts} ${only}`;
}

/**
 * The same records on one day: rows (person_id, role_id, record_kind 'external', record_id) of the records that
 * count on the day in `dateParam` (a placeholder such as `$2`): approved on or before D, not withdrawn by D
 * (revoked_on IS NULL OR revoked_on > D), not expired (expires_on IS NULL OR expires_on > D). Values never go in:
 * anything but a placeholder throws.
 */
export function countingExternalRecords(dateParam: string): string {
  sqlPlaceholder(dateParam);
  return `SELECT ext_p.person_id, ext_p.role_id, ext_p.record_kind, ext_p.record_id
            FROM (${externalRecordPeriods()}) ext_p
           WHERE ext_p.valid_from <= ${dateParam}::date AND ext_p.valid_to > ${dateParam}::date`;
}

/** The same rule for one record's fields, for responses ("counts today"). */
export function countsOn(
  r: { approvedOn: string | null; revokedOn: string | null; expiresOn: string | null },
  day: string,
): boolean {
  return (
    r.approvedOn !== null &&
    r.approvedOn <= day &&
    (r.revokedOn === null || r.revokedOn > day) &&
    (r.expiresOn === null || r.expiresOn > day)
  );
}
