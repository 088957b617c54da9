import type { EntityManager } from 'typeorm';
import type { HeadcountRows } from './headcount-plan';
import type { PeopleChunk } from './people-plan';
import { pgArray } from './bulk-load';
import { SEED_START } from './seed-size';
import type { SeedPlan } from './unit-plan';

/** The seeder's SQL: multi-row INSERT … SELECT FROM unnest(…) in chunks, one round trip per chunk. */
export type SeedSql = Pick<EntityManager, 'query'>;

// One statement per level chunk: the units, their first version, and their closure rows (their parent's
// ancestors, which the previous level wrote, one step further, plus themselves at depth 0).
const UNITS_SQL = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])
      AS x(id, code, name, type, parent_id, admin_code)
  ), u AS (
    INSERT INTO org_unit (id, code, name, type, parent_id, opened_on, admin_code)
    SELECT id, code, name, type, parent_id, $7::date, admin_code FROM x
    RETURNING id, code, name, type, parent_id, opened_on
  ), v AS (
    INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
    SELECT id, opened_on, code, name, type, parent_id, 'create' FROM u
  )
  INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
  SELECT c.ancestor_id, x.id, c.depth + 1 FROM x JOIN org_unit_closure c ON c.descendant_id = x.parent_id
  UNION ALL SELECT x.id, x.id, 0 FROM x`;

export async function insertUnits(q: SeedSql, plan: SeedPlan, countryId: string, chunk: number): Promise<void> {
  for (const level of [1, 2, 3] as const) {
    const units = plan.units.filter((u) => u.level === level);
    for (let i = 0; i < units.length; i += chunk) {
      const part = units.slice(i, i + chunk);
      await q.query(UNITS_SQL, [
        part.map((u) => u.id),
        part.map((u) => u.code),
        part.map((u) => u.name),
        part.map((u) => u.type),
        part.map((u) => (u.parent < 0 ? countryId : plan.units[u.parent].id)),
        part.map((u) => u.adminCode),
        SEED_START,
      ]);
    }
  }
}

// People and their periods in one statement (the foreign keys are checked at its end). Everything starts on $18;
// the rows after a move or a status change, and second roles, come from the extra columns (see PeopleChunk).
const PEOPLE_SQL = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[],
                         $8::text[], $9::text[], $10::uuid[], $11::text[], $12::date[], $13::int[], $14::int[],
                         $15::uuid[], $16::date[])
      AS x(id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone, position_title, unit_id,
           status, status_from, role1, role2, from_unit, moved_on)
  ), p AS (
    INSERT INTO person (id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone,
                        position_title, unit_id, status, status_from)
    SELECT id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone,
           position_title, unit_id, status, status_from FROM x
  ), m AS (
    INSERT INTO person_membership (person_id, unit_id, valid_from, valid_to)
    SELECT id, from_unit, $18::date, moved_on FROM x WHERE moved_on IS NOT NULL
    UNION ALL SELECT id, unit_id, coalesce(moved_on, $18::date), NULL FROM x
  ), r AS (
    INSERT INTO person_role (person_id, role_id, valid_from)
    SELECT id, ($17::uuid[])[role1], $18::date FROM x
    UNION ALL SELECT id, ($17::uuid[])[role2], $18::date FROM x WHERE role2 IS NOT NULL
  )
  INSERT INTO person_status_period (person_id, status, valid_from, valid_to)
  SELECT id, 'active', $18::date, CASE WHEN status = 'active' THEN NULL ELSE status_from END FROM x
  UNION ALL SELECT id, status, status_from, NULL FROM x WHERE status <> 'active'`;

/** The statement's parameters: each column as one array literal, then the role ids ($17) and the start day ($18). */
export const peopleParams = (c: PeopleChunk, roleIds: readonly string[], start: string): string[] => [
  ...[
    c.id,
    c.provinceUnitId,
    c.employeeCode,
    c.fullName,
    c.gender,
    c.birthDate,
    c.email,
    c.phone,
    c.positionTitle,
    c.unitId,
    c.status,
    c.statusFrom,
    c.role1,
    c.role2,
    c.fromUnit,
    c.movedOn,
  ].map(pgArray),
  pgArray(roleIds),
  start,
];

/** Writes the chunks as they are generated: the next chunk is built while PostgreSQL writes the previous one. */
export async function insertPeople(
  q: SeedSql,
  chunks: Iterable<PeopleChunk>,
  roleIds: readonly string[],
  onChunk: (rows: number) => void,
): Promise<void> {
  let inFlight: Promise<unknown> | null = null;
  let rows = 0;
  for (const chunk of chunks) {
    if (inFlight) {
      await inFlight;
      onChunk(rows);
    }
    rows = chunk.id.length;
    inFlight = q.query(PEOPLE_SQL, peopleParams(chunk, roleIds, SEED_START));
    // Let the driver put the statement on the wire before the next chunk is generated synchronously.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (inFlight) {
    await inFlight;
    onChunk(rows);
  }
}

export async function insertHeadcounts(q: SeedSql, rows: HeadcountRows, chunk: number): Promise<void> {
  const { current, changes } = rows;
  for (let i = 0; i < current.unit.length; i += chunk) {
    const end = i + chunk;
    await q.query(
      `INSERT INTO unit_headcount (unit_id, role_id, year, headcount, declared_at)
       SELECT unit_id, role_id, $3, headcount, declared_at
         FROM unnest($1::uuid[], $2::uuid[], $4::int[], $5::timestamptz[]) AS x(unit_id, role_id, headcount, declared_at)`,
      [
        current.unit.slice(i, end),
        current.role.slice(i, end),
        rows.year,
        current.headcount.slice(i, end),
        current.declaredAt.slice(i, end),
      ],
    );
  }
  for (let i = 0; i < changes.unit.length; i += chunk) {
    const end = i + chunk;
    await q.query(
      `INSERT INTO unit_headcount_change (unit_id, role_id, year, previous, headcount, declared_at)
       SELECT unit_id, role_id, $3, previous, headcount, declared_at
         FROM unnest($1::uuid[], $2::uuid[], $4::int[], $5::int[], $6::timestamptz[])
           AS x(unit_id, role_id, previous, headcount, declared_at)`,
      [
        changes.unit.slice(i, end),
        changes.role.slice(i, end),
        rows.year,
        changes.previous.slice(i, end),
        changes.headcount.slice(i, end),
        changes.declaredAt.slice(i, end),
      ],
    );
  }
}
