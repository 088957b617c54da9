import { sqlPlaceholder } from '@app/org';

/**
 * A record that is valid from the day `fromCol` until it is revoked (`revokedCol`) or expires (`expiresCol`),
 * whichever comes first, as a period [validFrom, validTo) ('infinity' when neither): the statusOn rule of
 * certificates, which approved training done elsewhere follows too. `counts` is false for a record revoked on its
 * first day: it never counted. Column names only; values never go in.
 */
export function validityPeriod(
  fromCol: string,
  revokedCol: string,
  expiresCol: string,
): { validFrom: string; validTo: string; counts: string } {
  return {
    validFrom: fromCol,
    validTo: `least(coalesce(${revokedCol}, 'infinity'::date), coalesce(${expiresCol}, 'infinity'::date))`,
    counts: `(${revokedCol} IS NULL OR ${revokedCol} > ${fromCol})`,
  };
}

/**
 * The certificates of one kind as periods: rows (person_id, certificate_id, course_id, session_id, valid_from,
 * valid_to), one per certificate that ever counted, valid on the days [valid_from, valid_to). The one place where a
 * certificate row becomes a period, for coverage's course records and training's session records alike. With
 * `personsParam` (a uuid[] placeholder such as `$1`), only those people's certificates.
 */
export function certificatePeriods(kind: 'course' | 'session', personsParam?: string): string {
  const p = validityPeriod('cp.issued_on', 'cp.revoked_on', 'cp.expires_on');
  const only = personsParam ? `AND cp.person_id = ANY(${sqlPlaceholder(personsParam)}::uuid[])` : '';
  return `SELECT cp.person_id, cp.id AS certificate_id, cp.course_id, cp.session_id,
                 ${p.validFrom} AS valid_from, ${p.validTo} AS valid_to
            FROM certificate cp
           WHERE cp.kind = '${kind}' AND ${p.counts} ${only}`;
}
