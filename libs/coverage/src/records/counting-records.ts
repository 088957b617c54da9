import { certificatePeriods } from '@app/certificates';
import { externalRecordPeriods, sessionRecordPeriods } from '@app/training';

/**
 * THE one definition of "a training record that counts for a role's target" (DESIGN.md, "Coverage, exactly"): a
 * SELECT of (person_id, role_id, record_kind, record_id, valid_from, valid_to), one row per record and role it
 * counts for, valid on the days [valid_from, valid_to) (valid_to 'infinity' when it never ends). Facts, the recount
 * and the lists all read records through it, so they agree to the person.
 *
 * - course certificates (libs/certificates `certificate`, kind 'course'): valid from issued_on until the first of
 *   revoked_on and expires_on; they count for a role when one of the role's targets counts their course
 *   (coverage_target_course). The period is libs/certificates' `certificatePeriods`: a certificate revoked on its day
 *   of issue never counts.
 * - in-person sessions (libs/training `sessionRecordPeriods`): a session certificate counts for each of its
 *   session's counting roles, from issue until revoked or expired;
 * - training done elsewhere (libs/training `externalRecordPeriods`): an approved record counts for the roles its
 *   approval names, from the day of approval until it is withdrawn or expires.
 *
 * With `personsParam` (a uuid[] placeholder such as `$1`), only those people's records.
 */
export function countingRecords(personsParam?: string): string {
  // One row per certificate and role: the (course, role) pairs are made distinct first (several targets of a role
  // may count the same course), not the certificates × roles (millions of rows on a national rebuild).
  return `SELECT c.person_id, cr.role_id, 'course'::text AS record_kind, c.certificate_id AS record_id,
                 c.valid_from, c.valid_to
            FROM (${certificatePeriods('course', personsParam)}) c
            JOIN (SELECT DISTINCT tc.course_id, t.role_id FROM coverage_target_course tc
                    JOIN coverage_target t ON t.id = tc.target_id) cr ON cr.course_id = c.course_id
          UNION ALL
          ${sessionRecordPeriods(personsParam)}
          UNION ALL
          ${externalRecordPeriods(personsParam)}`;
}

/** The nil uuid: the role key of "all roles" (each person once) in the coverage tables. */
export const ALL_ROLES = '00000000-0000-0000-0000-000000000000';
