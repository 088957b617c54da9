import { inSubtrees, periodOpenOn, rosterPeriods } from '@app/org';
import { ALL_ROLES, countingRecords } from '../records/counting-records';

/*
 * SQL text builders shared by the coverage repositories (values never go in: dates and ids are placeholders).
 *
 * Facts: for each person, unit and targeted role, the stretches of days on which the person is on the roster of the
 * unit (org's roster rule, as periods: rosterPeriods) holding the role, each split where a counting record
 * (countingRecords) starts or ends, with whether one is valid in it; and the same per person and unit for "all
 * roles" (trained when trained for any of the roles they hold). Figures of a unit itself on day D count the facts
 * open on D; headcount per role = the declaration for the year of D if any, else the named count.
 */

const ALL = `'${ALL_ROLES}'::uuid`;

/**
 * INSERT INTO coverage_fact of the facts of the people in `personsParam` (a uuid[] placeholder), or of everyone. The CTEs are
 * read more than once, so PostgreSQL materialises them: every join on them is an equi-join (hash), never a
 * correlated lookup (which would scan a materialised CTE once per row).
 */
export function insertFactsSql(personsParam?: string): string {
  return `INSERT INTO coverage_fact (person_id, unit_id, role_key, valid_from, valid_to, trained)
  WITH roster AS (${rosterPeriods(personsParam)}),
  rp AS (
    SELECT ro.person_id, ro.unit_id, pr.role_id,
           greatest(ro.valid_from, pr.valid_from) AS f,
           least(ro.valid_to, coalesce(pr.valid_to, 'infinity'::date)) AS t
      FROM roster ro JOIN person_role pr ON pr.person_id = ro.person_id
     WHERE pr.role_id IN (SELECT role_id FROM coverage_target)
  ),
  rpv AS (SELECT * FROM rp WHERE f < t),
  rec AS (
    SELECT r.* FROM (${countingRecords(personsParam)}) r
     WHERE (r.person_id, r.role_id) IN (SELECT person_id, role_id FROM rpv)
  ),
  pts AS (
    SELECT person_id, unit_id, role_id, f, t, f AS p FROM rpv
    UNION
    SELECT rpv.person_id, rpv.unit_id, rpv.role_id, rpv.f, rpv.t, b.p
      FROM rpv JOIN rec ON rec.person_id = rpv.person_id AND rec.role_id = rpv.role_id
      CROSS JOIN LATERAL (VALUES (rec.valid_from), (rec.valid_to)) AS b(p)
     WHERE b.p > rpv.f AND b.p < rpv.t
  ),
  seg AS (
    SELECT person_id, unit_id, role_id, p AS valid_from,
           coalesce(lead(p) OVER (PARTITION BY person_id, unit_id, role_id, f ORDER BY p), t) AS valid_to
      FROM pts
  ),
  rf AS (
    SELECT seg.person_id, seg.unit_id, seg.role_id, seg.valid_from, seg.valid_to,
           bool_or(rec.person_id IS NOT NULL) AS trained
      FROM seg LEFT JOIN rec ON rec.person_id = seg.person_id AND rec.role_id = seg.role_id
       AND rec.valid_from <= seg.valid_from AND rec.valid_to > seg.valid_from
     GROUP BY seg.person_id, seg.unit_id, seg.role_id, seg.valid_from, seg.valid_to
  ),
  apts AS (
    SELECT person_id, unit_id, valid_from AS p FROM rf
    UNION SELECT person_id, unit_id, valid_to FROM rf WHERE valid_to <> 'infinity'::date
  ),
  aseg AS (
    SELECT person_id, unit_id, p AS valid_from,
           coalesce(lead(p) OVER (PARTITION BY person_id, unit_id ORDER BY p), 'infinity'::date) AS valid_to
      FROM apts
  ),
  af AS (
    SELECT a.person_id, a.unit_id, a.valid_from, a.valid_to, bool_or(rf.trained) AS trained
      FROM aseg a JOIN rf ON rf.person_id = a.person_id AND rf.unit_id = a.unit_id
       AND rf.valid_from <= a.valid_from AND rf.valid_to > a.valid_from
     GROUP BY 1, 2, 3, 4
  )
  SELECT person_id, unit_id, role_id, valid_from, valid_to, trained FROM rf
  UNION ALL SELECT person_id, unit_id, ${ALL}, valid_from, valid_to, trained FROM af`;
}

/** The tree on the day in `dateParam`: (unit_id, parent_id) of every unit version open that day. */
export function treeOnSql(dateParam: string): string {
  return `SELECT v.unit_id, v.parent_id FROM org_unit_version v WHERE ${periodOpenOn(dateParam, 'v')}`;
}

/**
 * `sub_u` (a CTE body, after a `tree` CTE): the subtree of the unit in `rootParam` on the tree of the day; empty when
 * the unit is not on that tree (not yet opened, or closed by then).
 */
export function subtreeOnSql(rootParam: string): string {
  return `SELECT tree.unit_id FROM tree WHERE tree.unit_id = ${rootParam}::uuid
          UNION SELECT tree.unit_id FROM tree JOIN sub_u ON tree.parent_id = sub_u.unit_id`;
}

/**
 * `WITH RECURSIVE tree, sub_u, listed`: `listed` holds (person_id, unit_id) of the people of the subtree of the unit
 * in `q.unitParam` on the tree of the day in `q.dateParam`, counted for the role key in `q.roleKeyParam` (a role id or
 * ALL_ROLES) and trained or not as `q.trainedParam` says: the very facts the figures sum, so a list agrees with the
 * figures to the person. Kept in SQL inside the caller's scopes (`q.scopesParam`, a uuid[]; org's inSubtrees).
 * The API's trained/untrained pages and the trained/untrained exports append their SELECT from `listed`.
 */
export function coveragePeopleWith(q: {
  unitParam: string;
  dateParam: string;
  roleKeyParam: string;
  trainedParam: string;
  scopesParam: string;
}): string {
  return `WITH RECURSIVE tree AS (${treeOnSql(q.dateParam)}),
  sub_u AS (${subtreeOnSql(q.unitParam)}),
  listed AS (
    SELECT f.person_id, f.unit_id FROM coverage_fact f
     WHERE f.unit_id IN (SELECT unit_id FROM sub_u) AND f.role_key = ${q.roleKeyParam}::uuid
       AND f.trained = ${q.trainedParam}::boolean
       AND f.valid_from <= ${q.dateParam}::date AND f.valid_to > ${q.dateParam}::date
       AND ${inSubtrees(q.scopesParam, 'f.unit_id')}
  )`;
}

/**
 * For each person of `persons` (a uuid[] placeholder, or a SELECT of person ids), one record that counts on the day
 * in `dateParam` (for the role in `roleParam`, or for any role when it is null): (person_id, record_kind, record_id,
 * valid_from), the latest to start. What the trained list (API and export) names next to each person.
 */
export function countingRecordOfSql(
  persons: { param: string } | { select: string },
  dateParam: string,
  roleParam: string,
): string {
  const [records, only] =
    'param' in persons
      ? [countingRecords(persons.param), 'TRUE']
      : [countingRecords(), `r.person_id IN (${persons.select})`];
  return `SELECT DISTINCT ON (r.person_id) r.person_id, r.record_kind, r.record_id, r.valid_from
         FROM (${records}) r
        WHERE ${only} AND r.valid_from <= ${dateParam}::date AND r.valid_to > ${dateParam}::date
          AND (${roleParam}::uuid IS NULL OR r.role_id = ${roleParam}::uuid)
        ORDER BY r.person_id, r.valid_from DESC, r.record_id`;
}

export type UnitSet =
  /** every unit of the tree on the day */
  | { kind: 'tree' }
  /** the subtree of the unit in the placeholder, on the tree of the day */
  | { kind: 'subtree'; rootParam: string }
  /** the units listed in the uuid[] placeholder */
  | { kind: 'list'; unitsParam: string };

function unitsCte(units: UnitSet): string {
  switch (units.kind) {
    case 'tree':
      return `SELECT unit_id FROM tree`;
    case 'subtree':
      return `SELECT sub_u.unit_id FROM sub_u`;
    case 'list':
      return `SELECT unnest(${units.unitsParam}::uuid[]) AS unit_id`;
  }
}

/**
 * `WITH RECURSIVE tree, [sub_u,] units, keys, self`: `self` holds, for each unit of `units` and each role key (the
 * targeted roles and "all roles"), the figures of the unit itself on the day in `dateParam`: named, trained,
 * headcount (declared for the year, else named; "all roles": named people once plus every role's declared-but-not-
 * named) and declared_not_named. Append the final SELECT.
 */
export function selfFiguresWith(dateParam: string, units: UnitSet): string {
  const sub = units.kind === 'subtree' ? `sub_u AS (${subtreeOnSql(units.rootParam)}),` : '';
  return `WITH RECURSIVE tree AS (${treeOnSql(dateParam)}),
  ${sub}
  units AS (${unitsCte(units)}),
  keys AS (SELECT DISTINCT role_id AS role_key FROM coverage_target),
  f AS (
    SELECT unit_id, role_key, count(DISTINCT person_id)::int AS named,
           (count(DISTINCT person_id) FILTER (WHERE trained))::int AS trained
      FROM coverage_fact
     WHERE unit_id IN (SELECT unit_id FROM units) AND valid_from <= ${dateParam}::date AND valid_to > ${dateParam}::date
     GROUP BY unit_id, role_key
  ),
  d AS (
    SELECT unit_id, role_id AS role_key, headcount FROM unit_headcount
     WHERE year = extract(year FROM ${dateParam}::date)::int AND unit_id IN (SELECT unit_id FROM units)
  ),
  per_role AS (
    SELECT u.unit_id, k.role_key, coalesce(f.named, 0) AS named, coalesce(f.trained, 0) AS trained,
           coalesce(d.headcount, coalesce(f.named, 0)) AS headcount
      FROM units u CROSS JOIN keys k
      LEFT JOIN f ON f.unit_id = u.unit_id AND f.role_key = k.role_key
      LEFT JOIN d ON d.unit_id = u.unit_id AND d.role_key = k.role_key
  ),
  self AS (
    SELECT unit_id, role_key, named, trained, headcount, greatest(0, headcount - named)::int AS declared_not_named
      FROM per_role
    UNION ALL
    SELECT u.unit_id, ${ALL}, coalesce(f.named, 0), coalesce(f.trained, 0),
           (coalesce(f.named, 0) + coalesce(x.dnn, 0))::int, coalesce(x.dnn, 0)::int
      FROM units u
      LEFT JOIN f ON f.unit_id = u.unit_id AND f.role_key = ${ALL}
      LEFT JOIN (SELECT unit_id, sum(greatest(0, headcount - named)) AS dnn FROM per_role GROUP BY unit_id) x
        ON x.unit_id = u.unit_id
  )`;
}

/**
 * Subtree sums on the day in `dateParam`: (unit_id, role_key, parent_id, named, trained, headcount,
 * declared_not_named) for every unit of the tree that day (`rootParam` undefined), or for the unit in `rootParam`
 * and its children that day (a past date's dashboard: only that subtree is read).
 */
export function subtreeSumsSql(dateParam: string, rootParam?: string): string {
  const units: UnitSet = rootParam ? { kind: 'subtree', rootParam } : { kind: 'tree' };
  const stop = rootParam ? `AND a.ancestor_id <> ${rootParam}::uuid` : '';
  const only = rootParam
    ? `WHERE a.ancestor_id = ${rootParam}::uuid
          OR a.ancestor_id IN (SELECT unit_id FROM tree WHERE parent_id = ${rootParam}::uuid)`
    : '';
  return `${selfFiguresWith(dateParam, units)},
  anc AS (
    SELECT unit_id, unit_id AS ancestor_id FROM units
    UNION ALL
    SELECT a.unit_id, tree.parent_id FROM anc a JOIN tree ON tree.unit_id = a.ancestor_id
     WHERE tree.parent_id IS NOT NULL ${stop}
  )
  SELECT a.ancestor_id AS unit_id, s.role_key, pt.parent_id,
         sum(s.named)::int AS named, sum(s.trained)::int AS trained, sum(s.headcount)::int AS headcount,
         sum(s.declared_not_named)::int AS declared_not_named
    FROM anc a JOIN self s ON s.unit_id = a.unit_id
    LEFT JOIN tree pt ON pt.unit_id = a.ancestor_id
   ${only}
   GROUP BY a.ancestor_id, s.role_key, pt.parent_id`;
}

/**
 * Subtree sums (unit_id, role_key, named, trained, headcount, declared_not_named) of every unit on the day in
 * `dateParam`, as the dashboard reads them: today's rollup when the day is the rollup's day, else summed from the
 * facts of the tree of that day (the rollup's own SQL, subtreeSumsSql). Only one branch runs (one-time filters).
 */
export function figuresOnSql(dateParam: string): string {
  const rollupDay = `(SELECT rollup_day FROM coverage_state WHERE id = 1)`;
  const cols = 'unit_id, role_key, named, trained, headcount, declared_not_named';
  return `SELECT ${cols} FROM coverage_rollup WHERE ${rollupDay} = ${dateParam}::date
          UNION ALL
          SELECT ${cols} FROM (${subtreeSumsSql(dateParam)}) sums
           WHERE ${rollupDay} IS DISTINCT FROM ${dateParam}::date`;
}

/**
 * The declared-but-not-named remainder of each unit itself (not its subtree) and targeted role on the day in
 * `dateParam`, for the units of the subtree of `rootParam` on the tree of that day: (unit_id, role_id,
 * declared_not_named), only where it is above 0. Summed over a subtree it is the dashboard's declaredNotNamed (per
 * role; "all roles" is the sum over the roles), so a named list plus this remainder equals headcount − trained.
 */
export function declaredNotNamedSql(dateParam: string, rootParam: string): string {
  return `${selfFiguresWith(dateParam, { kind: 'subtree', rootParam })}
  SELECT unit_id, role_key AS role_id, declared_not_named FROM self
   WHERE role_key <> ${ALL} AND declared_not_named > 0`;
}
