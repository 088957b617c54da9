import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, Clock, Permission } from '@app/common';
import {
  COVERAGE_CONSUMER,
  countProgrammeCourse,
  CoverageRecount,
  CoverageService,
  rebuildCoverage,
} from '@app/coverage';
import { dataSourceOptions } from '@app/db';
import { isSeedSize, OrgUnitsService, RosterChangeLog, SEED_PROFILES, SeedSize } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { keptSeededDatabase, startBenchApp } from '../bench-app';
import { percentile } from '../load';
import { BenchRow, ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

/** The dataset (COVERAGE_BENCH_SIZE): national by default, as issue 11 asks; `province` for a quicker look. */
const SIZE: SeedSize = isSeedSize(process.env.COVERAGE_BENCH_SIZE ?? '')
  ? (process.env.COVERAGE_BENCH_SIZE as SeedSize)
  : 'national';
const STREAM_PER_SECOND = 1_000;
/** Live recounts per unit for the baseline: one on national (the root's takes minutes). */
const LIVE_RUNS = SIZE === 'national' ? 1 : 3;

/** Latencies (ms, sorted) of `n` sequential calls. */
async function timed(n: number, op: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await op();
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Certificates of the counting course for every other person of the roster (1,500,000 on national), issued over
 * 2025 (set-based), once: a kept dataset keeps them, and the course is found again by their source key.
 */
async function certify(db: DataSource, provinceId: string): Promise<{ courseId: string; certificates: number }> {
  const [kept] = await db.query<Array<{ courseId: string }>>(
    `SELECT course_id AS "courseId" FROM certificate WHERE source_key LIKE 'bench:%' LIMIT 1`,
  );
  let courseId = kept?.courseId;
  if (!courseId) {
    courseId = (await createPublishedCourse(db, { ownerUnit: { id: provinceId } })).id;
    await db.query(
      `INSERT INTO certificate_authority (unit_id, serial_prefix, name, place_name, signatory_title, signatory_name, updated_at)
       VALUES ($1, 'BENCH', 'SỞ ĐO', 'Đo', 'GIÁM ĐỐC', 'Trần Văn Bình', now()) ON CONFLICT DO NOTHING`,
      [provinceId],
    );
    await countProgrammeCourse(db, courseId);
    await db.query(
      `INSERT INTO certificate (source_key, kind, serial, code, person_id, course_id, authority_unit_id, completed_on,
                                issued_on, issued_at, snapshot)
       SELECT 'bench:' || p.id, 'course', 'B-' || p.id, upper(substr(md5(p.id::text), 1, 28)),
              p.id, $1, $2, d, d, now(), '{}'
         FROM person p CROSS JOIN LATERAL (SELECT DATE '2025-01-01' + (hashtext(p.id::text) & 255) AS d) x
        WHERE hashtext(p.id::text) % 2 = 0`,
      [courseId, provinceId],
    );
    await db.query(`VACUUM (ANALYZE) certificate`);
  }
  const [{ n }] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM certificate`);
  return { courseId, certificates: n };
}

/** Streams certificates at STREAM_PER_SECOND for `seconds` (batches of 100, each with its change rows). */
async function stream(
  db: DataSource,
  courseId: string,
  provinceId: string,
  seconds: number,
): Promise<{ issued: number; lastChangeId: string; endedAt: number }> {
  const people = await db.query<Array<{ id: string }>>(
    `SELECT DISTINCT r.person_id AS id FROM person_role r JOIN coverage_target t ON t.role_id = r.role_id LIMIT 50000`,
  );
  const today = new Clock().today();
  let issued = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const batch = people.slice(issued % people.length, (issued % people.length) + 100);
    await db.transaction(async (m) => {
      const ids = await m.query<Array<{ id: string; personId: string }>>(
        `INSERT INTO certificate (source_key, kind, serial, code, person_id, course_id, authority_unit_id,
                                  completed_on, issued_on, issued_at, snapshot)
         SELECT 'stream:' || gen_random_uuid(), 'course', 'S-' || gen_random_uuid(),
                upper(substr(md5(gen_random_uuid()::text), 1, 28)), p, $2, $3, $4::date, $4::date, now(), '{}'
           FROM unnest($1::uuid[]) p
         RETURNING id, person_id AS "personId"`,
        [batch.map((b) => b.id), courseId, provinceId, today],
      );
      await RosterChangeLog.append(
        m,
        ids.map((c) => ({ kind: 'certificate_issued' as const, effectiveFrom: today, personId: c.personId })),
      );
    });
    issued += batch.length;
    const due = (issued / STREAM_PER_SECOND) * 1000 - (performance.now() - started);
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
  }
  const [{ id }] = await db.query<Array<{ id: string }>>(`SELECT max(id)::text AS id FROM roster_change`);
  return { issued, lastChangeId: id, endedAt: performance.now() };
}

async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const profile = SEED_PROFILES[SIZE];
  const database = await keptSeededDatabase(`moc_coverage_${SIZE.replace('-', '_')}`, SIZE, profile.people);
  const seedDb = new DataSource(dataSourceOptions(database.url));
  await seedDb.initialize();
  const [{ id: provinceId }] = await seedDb.query<Array<{ id: string }>>(
    `SELECT id FROM org_unit WHERE type = 'province' ORDER BY code LIMIT 1`,
  );
  console.log(`   certificates …`);
  const { courseId, certificates } = await certify(seedDb, provinceId);
  const [{ units }] = await seedDb.query<Array<{ units: number }>>(`SELECT count(*)::int AS units FROM org_unit`);
  console.log(`   rebuild …`);
  const { ms: rebuildMs } = await rebuildCoverage(seedDb, new Clock().today());
  await seedDb.destroy();
  const bench = await startBenchApp(database.url); // the upkeep schedule runs in it every 5 s
  try {
    const root = await bench.app.get(OrgUnitsService).getRoot();
    const admin: Actor = {
      accountId: randomUUID(),
      grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
      via: 'api',
    };
    const [commune] = await bench.db.query<Array<{ id: string }>>(
      `SELECT id FROM org_unit WHERE type = 'commune' ORDER BY code LIMIT 1`,
    );
    const coverage = bench.app.get(CoverageService);
    const recount = bench.app.get(CoverageRecount);
    const today = new Clock().today();
    const n = Math.max(50, options.seconds * 20);
    const rows: BenchRow[] = [];
    const liveOf = new Map<string, number>();
    for (const [label, unitId] of [
      ['the root', root.id],
      ['the province', provinceId],
      ['a commune', commune.id],
    ] as const) {
      const served = await timed(n, () => coverage.unitCoverage(admin, { unitId }));
      const live = await timed(LIVE_RUNS, () => recount.count(unitId, null, today));
      liveOf.set(unitId, percentile(live, 0.5));
      rows.push({
        figure: `coverage of ${label}: p50 ${percentile(served, 0.5).toFixed(1)} ms, p95`,
        value: percentile(served, 0.95),
        unit: 'ms',
        baseline: `live recount (all roles) of the same unit, p50 of ${LIVE_RUNS}`,
        baselineValue: percentile(live, 0.5),
        ratio: ratioOf(percentile(served, 0.95), percentile(live, 0.5)),
        note: `${n} sequential CoverageService.unitCoverage calls in process (rollup, with children)`,
        budget: 'coverage-api-p95',
      });
    }
    const ranking = await timed(n, () =>
      coverage.ranking(admin, { unitId: provinceId, by: 'coverage', limit: 50, offset: 0 }),
    );
    rows.push({
      figure: `ranking of the province's children: p50 ${percentile(ranking, 0.5).toFixed(1)} ms, p95`,
      value: percentile(ranking, 0.95),
      unit: 'ms',
      baseline: `live recount (all roles) of the province, p50 of ${LIVE_RUNS}`,
      baselineValue: liveOf.get(provinceId) ?? null,
      ratio: ratioOf(percentile(ranking, 0.95), liveOf.get(provinceId) ?? 0),
      note: 'first page of 50, lowest coverage first',
      budget: 'coverage-ranking',
    });
    console.log(`   streaming certificates …`);
    const s = await stream(bench.db, courseId, provinceId, Math.max(10, options.seconds));
    for (;;) {
      const [c] = await bench.db.query<Array<{ done: boolean }>>(
        `SELECT last_id >= $2::bigint AS done FROM roster_change_cursor WHERE consumer = $1`,
        [COVERAGE_CONSUMER, s.lastChangeId],
      );
      if (c?.done) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const delay = (performance.now() - s.endedAt) / 1000;
    rows.push({
      figure: `delay from the last of ${s.issued.toLocaleString('en-US')} streamed certificates to the dashboard`,
      value: delay,
      unit: 's',
      baseline: null,
      baselineValue: null,
      ratio: null,
      note: `~${STREAM_PER_SECOND}/s in batches of 100; the upkeep folds every 5 s (cursor past the last change)`,
      budget: 'coverage-freshness',
    });
    rows.push({
      figure: `full rebuild (npm run coverage:rebuild's code) on ${SIZE}`,
      value: rebuildMs / 1000,
      unit: 's',
      baseline: null,
      baselineValue: null,
      ratio: null,
      note: `${database.people.toLocaleString('en-US')} people, ${certificates.toLocaleString('en-US')} certificates`,
      budget: 'coverage-freshness',
    });
    return {
      dataSize: `seed ${SIZE} (kept in ${new URL(database.url).pathname.slice(1)}): ${units.toLocaleString('en-US')} units, ${database.people.toLocaleString('en-US')} people, ${certificates.toLocaleString('en-US')} certificates`,
      setup:
        `${new URL(database.url).host}; the real Nest application in process (upkeep every 5 s); ` +
        `COVERAGE_BENCH_SIZE=province for a quicker run`,
      rows,
    };
  } finally {
    await bench.close();
  }
}

/** Coverage (issue 11): served figures vs the live recount, ranking, freshness under a stream, rebuild. */
export const coverageScenario: Scenario = {
  name: 'coverage',
  title: 'coverage API from rollups vs the live recount; ranking; freshness under 1,000 certificates/s; rebuild',
  defaults: { seconds: 10, concurrency: 1 },
  run,
};
