import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, Permission } from '@app/common';
import { OrgUnitsService, UnitHistoryService, UnitType } from '@app/org';
import { openBenchDatabase, startBenchApp } from '../bench-app';
import { ratioOf, Scenario, ScenarioResult } from '../types';

const COMMUNES = 50;
const UNITS_PER_COMMUNE = 100;

interface Tree {
  provinceA: string;
  provinceB: string;
  subtreeRoot: string;
  /** Units in the moved subtree, its root included. */
  size: number;
}

/**
 * Provinces A and B under the country; under A one district → COMMUNES communes → UNITS_PER_COMMUNE units each.
 * The first three go through OrgUnitsService.create; the rest is set-based, with the same org_unit_version and
 * org_unit_closure rows OrgUnitRepository.insert writes (the set-up is not what is measured).
 */
async function createTree(db: DataSource, units: OrgUnitsService, admin: Actor, rootId: string): Promise<Tree> {
  const create = (code: string, name: string, type: UnitType, parentId: string) =>
    units.create(admin, { code, name, type, parentId });
  const a = await create('MVA', 'Tỉnh Chuyển A', UnitType.Province, rootId);
  const b = await create('MVB', 'Tỉnh Chuyển B', UnitType.Province, rootId);
  const district = await create('MVA.H', 'Huyện Chuyển', UnitType.District, a.id);
  await db.transaction(async (m) => {
    const level = async (insertUnits: string, params: unknown[], parents: string): Promise<void> => {
      await m.query(insertUnits, params);
      await m.query(
        `INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
         SELECT id, opened_on, code, name, type, parent_id, 'create' FROM org_unit WHERE parent_id IN (${parents})`,
        [district.id],
      );
      await m.query(
        `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
         SELECT c.ancestor_id, u.id, c.depth + 1
           FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
          WHERE u.parent_id IN (${parents})
         UNION ALL SELECT id, id, 0 FROM org_unit WHERE parent_id IN (${parents})`,
        [district.id],
      );
    };
    await level(
      `INSERT INTO org_unit (code, name, type, parent_id)
       SELECT 'MVA.X' || lpad(i::text, 3, '0'), 'Xã Chuyển ' || i, 'commune', $1 FROM generate_series(1, $2) i`,
      [district.id, COMMUNES],
      '$1',
    );
    await level(
      `INSERT INTO org_unit (code, name, type, parent_id)
       SELECT c.code || '.' || lpad(i::text, 3, '0'), 'Đơn vị ' || i || ' ' || c.name, 'other', c.id
         FROM org_unit c CROSS JOIN generate_series(1, $2) i WHERE c.parent_id = $1`,
      [district.id, UNITS_PER_COMMUNE],
      'SELECT id FROM org_unit WHERE parent_id = $1',
    );
  });
  await db.query(`ANALYZE org_unit, org_unit_closure, org_unit_version`);
  const [{ size }] = await db.query<Array<{ size: number }>>(
    `SELECT count(*)::int AS size FROM org_unit_closure WHERE ancestor_id = $1`,
    [district.id],
  );
  return { provinceA: a.id, provinceB: b.id, subtreeRoot: district.id, size };
}

/**
 * Touching the closure rows a move replaces once: count the subtree, then copy its rows that point at ancestors
 * outside it (what the move deletes and re-inserts) into a temp table with the same indexes.
 */
async function baseline(db: DataSource, subtreeRoot: string): Promise<{ ms: number; rows: number }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`CREATE TEMP TABLE bench_closure_copy (LIKE org_unit_closure INCLUDING ALL)`);
    const started = performance.now();
    await runner.query(`SELECT count(*) FROM org_unit_closure WHERE ancestor_id = $1`, [subtreeRoot]);
    await runner.query(
      `INSERT INTO bench_closure_copy
       SELECT c.* FROM org_unit_closure c
         JOIN org_unit_closure s ON s.descendant_id = c.descendant_id AND s.ancestor_id = $1
        WHERE NOT EXISTS (SELECT 1 FROM org_unit_closure i WHERE i.ancestor_id = $1 AND i.descendant_id = c.ancestor_id)`,
      [subtreeRoot],
    );
    const ms = performance.now() - started;
    const [{ rows }] = (await runner.query(`SELECT count(*)::int AS rows FROM bench_closure_copy`)) as Array<{
      rows: number;
    }>;
    await runner.query(`DROP TABLE bench_closure_copy`);
    return { ms, rows };
  } finally {
    await runner.release();
  }
}

/** Every unit of the subtree has B above it and not A; the closure has no stray rows; the move is versioned. */
async function assertMoved(db: DataSource, tree: Tree): Promise<void> {
  const [r] = await db.query<
    Array<{ units: number; underB: number; underA: number; parent: string; underBTotal: number; versions: number }>
  >(
    `SELECT count(*)::int AS units,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM org_unit_closure b
                                            WHERE b.ancestor_id = $2 AND b.descendant_id = s.descendant_id))::int
              AS "underB",
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM org_unit_closure a
                                            WHERE a.ancestor_id = $3 AND a.descendant_id = s.descendant_id))::int
              AS "underA",
            (SELECT parent_id FROM org_unit WHERE id = $1) AS parent,
            (SELECT count(*)::int FROM org_unit_closure WHERE ancestor_id = $2) AS "underBTotal",
            (SELECT count(*)::int FROM org_unit_version WHERE unit_id = $1 AND change = 'move' AND valid_to IS NULL)
              AS versions
       FROM org_unit_closure s WHERE s.ancestor_id = $1`,
    [tree.subtreeRoot, tree.provinceB, tree.provinceA],
  );
  const ok =
    r.units === tree.size &&
    r.underB === tree.size &&
    r.underA === 0 &&
    r.parent === tree.provinceB &&
    r.underBTotal === tree.size + 1 &&
    r.versions === 1;
  if (!ok) throw new Error(`the move left the tree wrong: ${JSON.stringify({ expected: tree.size, ...r })}`);
}

async function run(): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  try {
    const bench = await startBenchApp(database.url);
    try {
      const units = bench.app.get(OrgUnitsService);
      const root = await units.getRoot();
      const admin: Actor = {
        accountId: randomUUID(),
        grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
        via: 'api',
      };
      console.log(`   building the tree …`);
      const tree = await createTree(bench.db, units, admin, root.id);
      const copy = await baseline(bench.db, tree.subtreeRoot);
      const history = bench.app.get(UnitHistoryService);
      const started = performance.now();
      await history.move(admin, tree.subtreeRoot, { parentId: tree.provinceB });
      const ms = performance.now() - started;
      await assertMoved(bench.db, tree);
      const size = tree.size.toLocaleString('en-US');
      return {
        dataSize:
          `provinces A and B; under A 1 district → ${COMMUNES} communes → ${UNITS_PER_COMMUNE} units each ` +
          `(${size} units in the moved subtree, ${copy.rows.toLocaleString('en-US')} closure rows above it)`,
        setup:
          `${database.server}; UnitHistoryService.move (admin actor) through the real Nest application, timed once ` +
          `from call to return (checks, closure rewrite, version row, audit, transaction); the tree is built ` +
          `set-based and ANALYZEd first; baseline measured just before on the same connection pool`,
        rows: [
          {
            figure: `move a subtree of ${size} units to another province`,
            value: ms,
            unit: 'ms',
            baseline: `count(*) of the subtree + INSERT … SELECT of its ${copy.rows.toLocaleString('en-US')} outside-ancestor closure rows`,
            baselineValue: copy.ms,
            ratio: ratioOf(ms, copy.ms),
            note: 'after the move every subtree unit has B as an ancestor and none has A (checked)',
            budget: 'move-subtree-5000',
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    await database.close();
  }
}

/** Moving a ≥ 5,000-unit subtree between provinces through UnitHistoryService (issue 3: ≤ 5 s). */
export const moveScenario: Scenario = {
  name: 'move',
  title: 'moving a subtree of 5,051 units to another province vs touching its closure rows once',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
