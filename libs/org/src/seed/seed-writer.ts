import type { EntityManager } from 'typeorm';
import type { HeadcountRows } from './headcount-plan';
import type { PeopleChunk } from './people-plan';
import { PeopleColumns, PersonWriter } from '../people/person-writer';
import type { SeedPlan } from './unit-plan';

/** The seeder's SQL: multi-row INSERT … SELECT FROM unnest(…) in chunks, one round trip per chunk. */
export type SeedSql = Pick<EntityManager, 'query'>;

// One statement per level chunk: the units, their first version, and their closure rows (their parent's
// ancestors, which the previous level wrote, one step further, plus themselves at depth 0).
const UNITS_SQL = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::date[])
      AS x(id, code, name, type, parent_id, admin_code, opened_on)
  ), u AS (
    INSERT INTO org_unit (id, code, name, type, parent_id, opened_on, admin_code)
    SELECT id, code, name, type, parent_id, opened_on, admin_code FROM x
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
        part.map((u) => u.opensOn ?? plan.start),
      ]);
    }
  }
}

/**
 * A generated chunk as PersonWriter's columns: everyone joins on `start`, roles are indexes into `roleIds`
 * (1-based), and people who moved or whose status changed carry that history.
 */
export function chunkColumns(c: PeopleChunk, roleIds: readonly string[], start: string): PeopleColumns {
  const n = c.id.length;
  const roleRow: number[] = [];
  const roleId: string[] = [];
  for (let i = 0; i < n; i++) {
    roleRow.push(i + 1);
    roleId.push(roleIds[c.role1[i] - 1]);
    const second = c.role2[i];
    if (second !== null) {
      roleRow.push(i + 1);
      roleId.push(roleIds[second - 1]);
    }
  }
  const none = new Array<null>(n).fill(null);
  return {
    ...c,
    joinedOn: new Array<string>(n).fill(start),
    accountId: none,
    roleRow,
    roleId,
  };
}

/** Writes the chunks as they are generated: the next chunk is built while PostgreSQL writes the previous one. */
export async function insertPeople(
  q: SeedSql,
  chunks: Iterable<PeopleChunk>,
  roleIds: readonly string[],
  start: string,
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
    inFlight = PersonWriter.insert(q, chunkColumns(chunk, roleIds, start));
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
