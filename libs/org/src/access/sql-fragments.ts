/**
 * SQL fragments that org exports for every query that returns people or counts them, here and in other contexts
 * (learning's assignments, progress and reminders). They are the only definitions of three rules:
 *
 * - `inSubtree(unit, column)` / `inSubtrees(units, column)`: a unit column lies in the subtree of a unit (or of one
 *   of several, e.g. the caller's scopes), through the closure table org_unit_closure (pk_org_unit_closure);
 * - `openOn(date, from, to)`: a period [from, to) is open on a day (every history table: memberships, roles,
 *   status periods, unit names and parents);
 * - `onRosterOn(date)`: **the roster rule** (DESIGN.md, "Coverage, exactly"): a person counts on day D when their
 *   membership in a unit is open on D and their status period open on D is 'active' (on leave and left do not
 *   count). Headcounts ("named"), assignment enrolment, assignment progress and reminders all use it, so their
 *   figures agree to the person; test/e2e/org/roster-rule.e2e-spec.ts checks that, and access/roster-rule.spec.ts
 *   that no other copy of it exists in the source tree.
 *
 * Each returns SQL text. Values never go in: dates and unit ids are passed as parameter placeholders (`$2`), and
 * columns and aliases as identifiers; anything else throws, so a value cannot be interpolated by mistake.
 */

const PLACEHOLDER = /^\$[1-9][0-9]*$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** `param` itself when it is a parameter placeholder such as `$2`; throws otherwise (values never go into SQL text). */
export function sqlPlaceholder(param: string): string {
  if (!PLACEHOLDER.test(param)) throw new Error(`SQL fragment: ${JSON.stringify(param)} is not a placeholder like $1`);
  return param;
}

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`SQL fragment: ${JSON.stringify(name)} is not a column or alias`);
  return name;
}

/** The period [fromCol, toCol) is open on the day in `dateParam` (toCol null: still open). */
export function openOn(dateParam: string, fromCol: string, toCol: string): string {
  const d = `${sqlPlaceholder(dateParam)}::date`;
  return `${identifier(fromCol)} <= ${d} AND (${identifier(toCol)} IS NULL OR ${identifier(toCol)} > ${d})`;
}

/** openOn for a history table's row `alias` (columns valid_from and valid_to). */
export function periodOpenOn(dateParam: string, alias: string): string {
  return openOn(dateParam, `${identifier(alias)}.valid_from`, `${alias}.valid_to`);
}

/** The unit in `column` lies in the subtree of the unit in `unitParam` (the unit itself included). */
export function inSubtree(unitParam: string, column: string): string {
  return `EXISTS (SELECT 1 FROM org_unit_closure sub_c
                   WHERE sub_c.ancestor_id = ${sqlPlaceholder(unitParam)}::uuid AND sub_c.descendant_id = ${identifier(column)})`;
}

/** The unit in `column` lies in the subtree of one of the units in `unitsParam` (a uuid[]: e.g. the caller's scopes). */
export function inSubtrees(unitsParam: string, column: string): string {
  return `EXISTS (SELECT 1 FROM org_unit_closure sub_s
                   WHERE sub_s.ancestor_id = ANY(${sqlPlaceholder(unitsParam)}::uuid[]) AND sub_s.descendant_id = ${identifier(column)})`;
}

/**
 * The roster rule for the membership row `membership` (default alias `m`, a row of person_membership): the
 * membership is open on the day in `dateParam` and the person's status period open that day is 'active'.
 * A person counts in the unit of that membership; count DISTINCT person ids when joining to other periods.
 */
export function onRosterOn(dateParam: string, membership = 'm'): string {
  const m = identifier(membership);
  return `(${periodOpenOn(dateParam, m)}
       AND EXISTS (SELECT 1 FROM person_status_period roster_s
                    WHERE roster_s.person_id = ${m}.person_id AND roster_s.status = 'active'
                      AND ${periodOpenOn(dateParam, 'roster_s')}))`;
}

/**
 * The person in `personColumn` is on the roster on the day in `dateParam`, in some unit (e.g. reminders: whoever is
 * no longer on the roster is not reminded).
 */
export function personOnRosterOn(dateParam: string, personColumn: string): string {
  return `EXISTS (SELECT 1 FROM person_membership roster_m
                   WHERE roster_m.person_id = ${identifier(personColumn)} AND ${onRosterOn(dateParam, 'roster_m')})`;
}

/**
 * The roster rule as periods (for coverage's rollups, which keep every day at once): a SELECT of
 * (person_id, unit_id, valid_from, valid_to) where each row is a stretch of days on which onRosterOn holds for the
 * person in that unit: a membership intersected with an 'active' status period. valid_to is 'infinity' while open.
 * With `personsParam` (a uuid[] placeholder), only those people.
 */
export function rosterPeriods(personsParam?: string): string {
  const only = personsParam ? `WHERE rp_m.person_id = ANY(${sqlPlaceholder(personsParam)}::uuid[])` : '';
  return `SELECT rp_m.person_id, rp_m.unit_id,
                 greatest(rp_m.valid_from, rp_s.valid_from) AS valid_from,
                 least(coalesce(rp_m.valid_to, 'infinity'::date), coalesce(rp_s.valid_to, 'infinity'::date)) AS valid_to
            FROM person_membership rp_m
            JOIN person_status_period rp_s ON rp_s.person_id = rp_m.person_id AND rp_s.status = 'active'
             AND rp_s.valid_from < coalesce(rp_m.valid_to, 'infinity'::date)
             AND rp_m.valid_from < coalesce(rp_s.valid_to, 'infinity'::date)
           ${only}`;
}
