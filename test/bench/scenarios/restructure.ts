import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Actor, Clock, Permission } from '@app/common';
import { dataSourceOptions, runMigrations } from '@app/db';
import { InProcessJobExecutor } from '@app/jobs';
import {
  oldCommuneUnitCode,
  oldProvinceUnitCode,
  OrgUnitsService,
  PLAN_COLUMNS,
  PlanRow,
  reformMapping,
  RestructurePlansService,
  seedRoster,
} from '@app/org';
import { planRowsOf } from '../../../libs/org/src/units/restructure/pre-reform-history';
import { withDatabase } from '../../setup/test-env';
import { openBenchDatabase, startBenchApp } from '../bench-app';
import { ratioOf, Scenario, ScenarioResult } from '../types';

/**
 * The dataset: by default the `national-2024` seed (63 old provinces, 10,052 old communes with their departments,
 * organisations, offices and hamlets, ~308,000 units, 3,000,000 people), seeded once into a template database
 * that is kept (RESTRUCTURE_BENCH_TEMPLATE, default moc_restructure_national_2024 on DATABASE_URL's server; the
 * seed takes minutes) and cloned for each run. BENCH_RESTRUCTURE_PEOPLE=<n> instead builds a bare old map (old
 * provinces and communes only) with n people per old commune, for a quick run on a small or busy machine.
 */
const PEOPLE_PER_COMMUNE = process.env.BENCH_RESTRUCTURE_PEOPLE ? Number(process.env.BENCH_RESTRUCTURE_PEOPLE) : null;
const TEMPLATE = process.env.RESTRUCTURE_BENCH_TEMPLATE ?? 'moc_restructure_national_2024';

interface Dataset {
  url: string;
  server: string;
  what: string;
  close(): Promise<void>;
}

async function admin<T>(serverUrl: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A clone of the national-2024 template (seeded first when missing), dropped at close. */
async function openNational2024(): Promise<Dataset> {
  if (!process.env.DATABASE_URL) throw new Error('restructure needs DATABASE_URL (or BENCH_RESTRUCTURE_PEOPLE)');
  const serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  const templateUrl = withDatabase(serverUrl, TEMPLATE);
  const exists = await admin(serverUrl, async (c) => {
    const { rows } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [TEMPLATE]);
    if (rows.length === 0) await c.query(`CREATE DATABASE "${TEMPLATE}"`);
    return rows.length > 0;
  });
  await runMigrations(templateUrl);
  const db = new DataSource(dataSourceOptions(templateUrl));
  await db.initialize();
  try {
    const [{ n }] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM person`);
    if (!exists || n < 1_000_000) {
      console.log(`   seeding national-2024 into ${TEMPLATE} (once; the database is kept) …`);
      await seedRoster(db, { size: 'national-2024', today: new Clock().today() });
    }
  } finally {
    await db.destroy();
  }
  const name = `moc_bench_${Date.now().toString(36)}`;
  console.log(`   cloning ${TEMPLATE} …`);
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`));
  const u = new URL(serverUrl);
  return {
    url: withDatabase(serverUrl, name),
    server: `PostgreSQL at ${u.hostname}:${u.port || 5432} (DATABASE_URL)`,
    what: `national-2024 seed (cloned from ${TEMPLATE})`,
    close: () =>
      admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * The bare old map set-based (the 63 old provinces and 10,052 old communes of the shipped mapping with the seed's
 * codes, and the same org_unit_version and org_unit_closure rows OrgUnitRepository.insert writes) and
 * `perCommune` people with a membership from 2024-01-01 in each commune (the set-up is not what is measured).
 */
async function buildOldMap(db: DataSource, rootId: string, perCommune: number): Promise<void> {
  const mapping = reformMapping();
  const provinces = mapping.filter((r) => r.level === 'province');
  const communes = [...new Map(mapping.filter((r) => r.level === 'commune').map((r) => [r.oldCode, r])).values()];
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO org_unit (code, name, type, parent_id, admin_code)
       SELECT c, n, 'province', $4, a FROM unnest($1::text[], $2::text[], $3::text[]) AS x(c, n, a)`,
      [
        provinces.map((p) => oldProvinceUnitCode(p.oldCode)),
        provinces.map((p) => p.oldName),
        provinces.map((p) => p.oldCode),
        rootId,
      ],
    );
    await m.query(
      `INSERT INTO org_unit (code, name, type, parent_id, admin_code)
       SELECT x.c, x.n, 'commune', p.id, x.a
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(c, n, a, pc)
         JOIN org_unit p ON p.code = x.pc`,
      [
        communes.map((c) => oldCommuneUnitCode(c.oldCode)),
        communes.map((c) => c.oldName),
        communes.map((c) => c.oldCode),
        communes.map((c) => oldProvinceUnitCode(c.oldProvinceCode!)),
      ],
    );
    const old = `u.id <> $1 AND u.admin_code IS NOT NULL`;
    await m.query(
      `INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
       SELECT id, opened_on, code, name, type, parent_id, 'create' FROM org_unit u WHERE ${old}`,
      [rootId],
    );
    for (const type of ['province', 'commune']) {
      await m.query(
        `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
         SELECT c.ancestor_id, u.id, c.depth + 1
           FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.parent_id WHERE ${old} AND u.type = $2
         UNION ALL SELECT id, id, 0 FROM org_unit u WHERE ${old} AND u.type = $2`,
        [rootId, type],
      );
    }
    await m.query(
      `INSERT INTO person (id, province_unit_id, employee_code, full_name, unit_id, status_from)
       SELECT gen_random_uuid(), u.parent_id, u.admin_code || '-' || i, 'Cán bộ ' || u.admin_code || ' ' || i, u.id,
              DATE '2024-01-01'
         FROM org_unit u CROSS JOIN generate_series(1, $2) i
        WHERE ${old} AND u.type = 'commune'`,
      [rootId, perCommune],
    );
    await m.query(
      `INSERT INTO person_membership (person_id, unit_id, valid_from)
       SELECT id, unit_id, DATE '2024-01-01' FROM person WHERE unit_id IS NOT NULL`,
    );
    await m.query(
      `INSERT INTO person_status_period (person_id, status, valid_from)
       SELECT id, 'active', DATE '2024-01-01' FROM person`,
    );
  });
}

/** The unit codes of every old province and commune of the mapping (the units the reform closes). */
function oldCodes(): string[] {
  const mapping = reformMapping();
  return [
    ...new Set(
      mapping.map((r) => (r.level === 'province' ? oldProvinceUnitCode(r.oldCode) : oldCommuneUnitCode(r.oldCode))),
    ),
  ];
}

/** Copying the memberships the reform moves once (open memberships of the old units) into a like table. */
async function baseline(db: DataSource, codes: string[]): Promise<{ ms: number; rows: number }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`CREATE TEMP TABLE bench_membership_copy (LIKE person_membership INCLUDING ALL)`);
    const started = performance.now();
    await runner.query(
      `INSERT INTO bench_membership_copy (person_id, unit_id, valid_from, valid_to)
       SELECT m.person_id, m.unit_id, DATE '2025-07-01', NULL FROM person_membership m
         JOIN org_unit u ON u.id = m.unit_id
        WHERE u.code = ANY($1::text[]) AND m.valid_to IS NULL`,
      [codes],
    );
    const ms = performance.now() - started;
    const [{ rows }] = (await runner.query(`SELECT count(*)::int AS rows FROM bench_membership_copy`)) as Array<{
      rows: number;
    }>;
    await runner.query(`DROP TABLE bench_membership_copy`);
    return { ms, rows };
  } finally {
    await runner.release();
  }
}

/**
 * The plan: the whole mapping, plus, for each old commune divided between new ones, its sub-units (offices,
 * organisations, hamlets) moved under the first new commune named for it (the mapping does not divide them).
 */
async function planRows(db: DataSource): Promise<{ rows: PlanRow[]; subUnits: number }> {
  const mapping = reformMapping();
  const rows = planRowsOf(
    mapping.filter((r) => r.level === 'province'),
    mapping.filter((r) => r.level === 'commune'),
  );
  const firstTarget = new Map<string, string>();
  for (const r of rows) if (r.kind === 'partial' && !firstTarget.has(r.oldCode)) firstTarget.set(r.oldCode, r.newCode);
  const children = await db.query<Array<{ code: string; parentCode: string }>>(
    `SELECT k.code, p.code AS "parentCode" FROM org_unit k JOIN org_unit p ON p.id = k.parent_id
      WHERE p.code = ANY($1::text[]) AND k.status = 'active'`,
    [[...firstTarget.keys()]],
  );
  let row = rows.length + 1;
  for (const k of children) {
    const to = firstTarget.get(k.parentCode)!;
    rows.push({
      ...rows[0],
      row: ++row,
      oldCode: k.code,
      newCode: k.code,
      newName: null,
      kind: 'full',
      newParentCode: to,
    });
  }
  return { rows, subUnits: children.length };
}

/** The plan's CSV, as an organiser would upload it. */
function planCsv(rows: PlanRow[]): Buffer {
  const lines = [
    PLAN_COLUMNS.map((c) => c.headerEn).join(','),
    ...rows.map((r) =>
      [r.effectiveFrom, r.oldCode, r.newCode, r.newName ?? '', r.kind, r.newParentCode ?? '', ''].join(','),
    ),
  ];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/**
 * After the reform: no old unit active, nobody left in one; as many people on the roster on 30 June as on 1 July,
 * each in exactly one unit on both days.
 */
async function assertApplied(db: DataSource, codes: string[]): Promise<string> {
  const onDay = (day: string) =>
    `(SELECT count(*)::int FROM person_membership WHERE valid_from <= DATE '${day}'
        AND (valid_to IS NULL OR valid_to > DATE '${day}'))`;
  const peopleOn = (day: string) =>
    `(SELECT count(DISTINCT person_id)::int FROM person_membership WHERE valid_from <= DATE '${day}'
        AND (valid_to IS NULL OR valid_to > DATE '${day}'))`;
  const [r] = await db.query<
    Array<{
      before: number;
      peopleBefore: number;
      after: number;
      peopleAfter: number;
      inOld: number;
      activeOld: number;
    }>
  >(
    `SELECT ${onDay('2025-06-30')} AS before, ${peopleOn('2025-06-30')} AS "peopleBefore",
            ${onDay('2025-07-01')} AS after, ${peopleOn('2025-07-01')} AS "peopleAfter",
            (SELECT count(*)::int FROM person_membership m JOIN org_unit u ON u.id = m.unit_id
              WHERE m.valid_to IS NULL AND u.code = ANY($1::text[])) AS "inOld",
            (SELECT count(*)::int FROM org_unit WHERE code = ANY($1::text[]) AND status = 'active') AS "activeOld"`,
    [codes],
  );
  const ok =
    r.before === r.peopleBefore &&
    r.after === r.peopleAfter &&
    r.before === r.after &&
    r.inOld === 0 &&
    r.activeOld === 0;
  if (!ok) throw new Error(`the reform left the roster wrong: ${JSON.stringify(r)}`);
  return `${r.after.toLocaleString('en-US')} people in exactly one unit on 30 June and on 1 July 2025`;
}

async function openDataset(): Promise<Dataset> {
  if (PEOPLE_PER_COMMUNE === null) return openNational2024();
  const database = await openBenchDatabase();
  return {
    ...database,
    what: `bare old map (old provinces and communes only), ${PEOPLE_PER_COMMUNE} people per commune`,
  };
}

async function run(): Promise<ScenarioResult> {
  const dataset = await openDataset();
  try {
    // The periodic upkeep off: on a freshly seeded database it would fold millions of change rows meanwhile.
    const bench = await startBenchApp(dataset.url, { REMINDERS_SCHEDULE: 'false' });
    try {
      const root = await bench.app.get(OrgUnitsService).getRoot();
      const [{ id: adminId }] = await bench.db.query<Array<{ id: string }>>(
        `INSERT INTO account (login, display_name, password_hash) VALUES ($1, 'Bench admin', 'x') RETURNING id`,
        [`bench-${randomUUID().slice(0, 8)}`],
      );
      await bench.db.query(
        `INSERT INTO account_grant (account_id, permission, scope_unit_id) VALUES ($1, 'admin', $2)`,
        [adminId, root.id],
      );
      const actor: Actor = {
        accountId: adminId,
        grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
        via: 'api',
      };
      if (PEOPLE_PER_COMMUNE !== null) {
        console.log(`   building the old map and ${PEOPLE_PER_COMMUNE} people per old commune …`);
        await buildOldMap(bench.db, root.id, PEOPLE_PER_COMMUNE);
      }
      await bench.db.query(`ANALYZE org_unit, org_unit_closure, org_unit_version, person, person_membership`);
      const [sizes] = await bench.db.query<Array<{ units: number; people: number }>>(
        `SELECT (SELECT count(*)::int FROM org_unit) AS units, (SELECT count(*)::int FROM person) AS people`,
      );
      const codes = oldCodes();
      const copy = await baseline(bench.db, codes);
      const { rows, subUnits } = await planRows(bench.db);
      const plans = bench.app.get(RestructurePlansService);
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
      console.log(`   dry run of ${rows.length} rows …`);
      const dryStarted = performance.now();
      const plan = await plans.upload(actor, {
        stream: Readable.from([planCsv(rows)]),
        originalName: 'cai-cach-2025.csv',
      });
      const dryMs = performance.now() - dryStarted;
      if (plan.status !== 'ready') {
        throw new Error(`the national plan has problems: ${JSON.stringify(plan.dryRun.problems.slice(0, 5))}`);
      }
      console.log(`   applying …`);
      const started = performance.now();
      await plans.commit(actor, plan.id, 'first_for_review');
      await bench.app.get(InProcessJobExecutor).onIdle();
      const ms = performance.now() - started;
      clearInterval(sampler);
      const done = await plans.get(actor, plan.id);
      if (done.status !== 'done') throw new Error(`the plan did not apply: ${done.error}`);
      const checked = await assertApplied(bench.db, codes);
      const report = done.report!;
      return {
        dataSize:
          `${dataset.what}: ${sizes.units.toLocaleString('en-US')} units, ${sizes.people.toLocaleString('en-US')} people; ` +
          `plan of ${plan.dryRun.counts.rows.toLocaleString('en-US')} rows (the mapping, and ${subUnits.toLocaleString('en-US')} ` +
          `sub-units of divided communes moved to their first new commune) → ${report.created.toLocaleString('en-US')} new units`,
        setup:
          `${dataset.server}; RestructurePlansService through the real Nest application: upload (read + dry run) ` +
          `timed, then commit → job (one transaction, set-based: RestructureEngine + RestructureWritesRepository) ` +
          `until done; peak RSS of the Node process sampled every 200 ms during both; baseline measured just before`,
        rows: [
          {
            figure: 'apply the whole 2025 reform (commit → job done)',
            value: ms / 1000,
            unit: 's',
            baseline: `INSERT … SELECT of the ${copy.rows.toLocaleString('en-US')} open memberships of the old units, once`,
            baselineValue: copy.ms / 1000,
            ratio: ratioOf(ms, copy.ms),
            note:
              `${report.merged.toLocaleString('en-US')} merged (their sub-units moved along), ${report.split} divided, ` +
              `${report.moved.toLocaleString('en-US')} sub-units moved, ` +
              `${report.people.toLocaleString('en-US')} people moved (${report.forReviewCount.toLocaleString('en-US')} for review); ` +
              `checked: ${checked}, none left in an old unit`,
            budget: 'unit-reform',
          },
          {
            figure: 'dry run of the plan (upload → report)',
            value: dryMs / 1000,
            unit: 's',
            baseline: null,
            baselineValue: null,
            ratio: null,
            note: '',
          },
          {
            figure: 'peak RSS of the API process during dry run and apply',
            value: peakRss / 1024 / 1024,
            unit: 'MB',
            baseline: null,
            baselineValue: null,
            ratio: null,
            note: 'PostgreSQL memory not included',
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    await dataset.close();
  }
}

/** The whole national reform mapping applied as one restructuring plan (issue 13: ≤ 10 minutes). */
export const restructureScenario: Scenario = {
  name: 'restructure',
  title: 'applying the 2025 reform (10,052 old communes → 3,321) as one plan vs copying the moved memberships once',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
