import { openOn } from '@app/org';

/**
 * The SQL fragment coverage unions into its records: rows (person_id, role_id, record_kind 'external', record_id)
 * of the records of training done elsewhere that count on the day in `dateParam` (a placeholder such as `$2`),
 * one row per role the approval names. A record counts on day D when it was approved on or before D
 * (approved_on ≤ D), its approval was not withdrawn by D (revoked_on IS NULL OR revoked_on > D) and it has not
 * expired (expires_on IS NULL OR expires_on > D). A rejected or pending record never counts (no approved_on).
 * Served by idx_external_training_counting and pk_external_training_role. Values never go in: anything but a
 * placeholder throws.
 */
export function countingExternalRecords(dateParam: string): string {
  const approvedAndNotRevoked = openOn(dateParam, 'ext_r.approved_on', 'ext_r.revoked_on'); // checks the placeholder
  return `SELECT ext_r.person_id, ext_rr.role_id, 'external'::text AS record_kind, ext_r.id AS record_id
            FROM external_training ext_r
            JOIN external_training_role ext_rr ON ext_rr.record_id = ext_r.id
           WHERE ext_r.approved_on IS NOT NULL AND ${approvedAndNotRevoked}
             AND (ext_r.expires_on IS NULL OR ext_r.expires_on > ${dateParam}::date)`;
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
