const PLACEHOLDER = /^\$[1-9][0-9]*$/;

/**
 * For coverage: the training records that in-person sessions give, valid on the day in `dateParam` — one row per
 * session certificate × each of the session's counting roles: (person_id, role_id, record_kind 'session',
 * certificate_id). A certificate counts from its day of issue (issued_on ≤ D) until it is revoked (revoked_on ≤ D)
 * or expires (expires_on ≤ D), the same rule as the certificates' statusOn. SQL text with a placeholder only (like
 * org's sql-fragments): the day is passed as a parameter, never interpolated.
 */
export function countingSessionRecords(dateParam: string): string {
  if (!PLACEHOLDER.test(dateParam)) {
    throw new Error(`SQL fragment: ${JSON.stringify(dateParam)} is not a placeholder like $1`);
  }
  const d = `${dateParam}::date`;
  return `SELECT c.person_id, cr.role_id, 'session'::text AS record_kind, c.id AS certificate_id
            FROM certificate c
            JOIN training_session_counting_role cr ON cr.session_id = c.session_id
           WHERE c.kind = 'session' AND c.issued_on <= ${d}
             AND (c.revoked_on IS NULL OR c.revoked_on > ${d})
             AND (c.expires_on IS NULL OR c.expires_on > ${d})`;
}
