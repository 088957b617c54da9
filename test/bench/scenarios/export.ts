import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Actor, Clock, Permission } from '@app/common';
import { CoverageService } from '@app/coverage';
import { EXPORT_CONNECTIONS, EXPORT_KINDS, ExportKind, ExportsService, FETCH_ROWS } from '@app/exports';
import { OrgUnitsService, SEED_PROFILES } from '@app/org';
import { BenchApp, keptSeededDatabase, startBenchApp } from '../bench-app';
import { join } from 'node:path';
import { percentile } from '../load';
import { ratioOf, Scenario, ScenarioResult } from '../types';
import type { ExportChildJob, ExportChildResult } from './export-child';

/** The kept national dataset of the coverage bench (3,000,000 people on the official map, 1,500,000 certificates). */
const DATABASE = 'moc_coverage_national';
/**
 * The CSV's filter: the people who hold this role today, the whole country (GET /api/v1/exports/people.csv?roleId=…).
 * No real filter gives 1,000,000 rows on national: PROPAGANDIST is held by about half the people (~1.48M), the next
 * role (LEGAL_RAPPORTEUR) by a quarter (~0.73M), a province holds at most ~150,000; the larger one, not the smaller.
 */
const CSV_ROLE = 'PROPAGANDIST';
/**
 * The XLSX's filter: the people of the province with the most people (GET /api/v1/exports/people.xlsx?unitId=…), the
 * largest people list under the 200,000-row XLSX cap (the smallest role nationwide over 200,000 rows, ICT_MANAGER
 * at ~233,000, is refused with the 4xx); the dashboard during the three exports is that province's.
 */
const XLSX_PROVINCE = 'HCM';
/**
 * The application's schedules off (REMINDERS_SCHEDULE=false), here and in each export's process: on the kept dataset
 * the coverage upkeep would fold whatever change log the other benches left (millions of changes after the coverage
 * bench's certificates) in minute-long transactions, holding the pool's connections and stalling every test's
 * change-log reads on the server. The dashboard reads the kept rollups as they are. Not covered: change-log read jobs
 * that a killed process left queued or running in job_run are still resumed at boot (in-process jobs, no env switch).
 */
export const NO_SCHEDULES = { REMINDERS_SCHEDULE: 'false' };
const MB = 2 ** 20;
const ROOT = join(__dirname, '..', '..', '..');

/** Runs `work` and samples the process RSS every 20 ms. */
async function measured(work: () => Promise<number>): Promise<{ bytes: number; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const bytes = await work();
    return { bytes, seconds: (performance.now() - started) / 1000, peakRssMb: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

/** Reads a stream to the end, counting bytes (what a client downloading the file does). */
async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  return bytes;
}

/**
 * Calls the dashboard one call after another until `until` settles; each call's time in ms, sorted, and the event
 * loop's delay meanwhile (p99, ms: how long a ready callback waited for the JS work of the exports).
 */
async function dashboardWhile(
  until: Promise<unknown>,
  call: () => Promise<unknown>,
): Promise<{ times: number[]; loopP99: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const times: number[] = [];
  while (!done) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  loop.disable();
  await until;
  return { times: times.sort((a, b) => a - b), loopP99: loop.percentile(99) / 1e6 };
}

/**
 * One export in a fresh process of its own (scenarios/export-child.ts: the API application booted on the same
 * database, the export read to the end): its time and the growth of that process's RSS, so that the garbage an earlier
 * export left in the heap (V8 keeps a heap once grown) is not counted again.
 */
function inChild(job: ExportChildJob): ExportChildResult & { growthMb: number } {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', '@swc-node/register', 'test/bench/scenarios/export-child.ts', JSON.stringify(job)],
    { cwd: ROOT, env: { ...process.env, BENCH_LOG_LEVEL: 'error' }, encoding: 'utf8', maxBuffer: 16 * MB },
  );
  const lines = r.stdout.trim().split('\n');
  if (r.status !== 0) {
    throw new Error(`export child (${job.mode}) failed (${r.status}): ${r.stderr}${lines.join('\n')}`);
  }
  const result = JSON.parse(lines[lines.length - 1]) as ExportChildResult;
  return { ...result, growthMb: result.peakRssMb - result.rssBeforeMb };
}

/** A value as an SQL literal (test-only: the bench's own uuids), for COPY, which takes no parameters. */
const literal = (v: unknown): string =>
  Array.isArray(v) ? `ARRAY[${v.map(literal).join(',')}]` : `'${String(v).replace(/'/g, "''")}'`;

/** The number of rows a kind's SELECT gives (the rows the export and COPY read). */
async function countOf(bench: BenchApp, sql: ReturnType<ExportKind['sql']>): Promise<number> {
  const [{ n }] = await bench.db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM (${sql.text}) x`,
    sql.values,
  );
  return n;
}

async function run(): Promise<ScenarioResult> {
  // Kept between runs (never dropped here); created and seeded only when missing (minutes).
  const database = await keptSeededDatabase(DATABASE, 'national', SEED_PROFILES.national.people);
  const bench = await startBenchApp(database.url, NO_SCHEDULES);
  try {
    const root = await bench.app.get(OrgUnitsService).getRoot();
    const [role] = await bench.db.query<Array<{ id: string; name: string }>>(
      `SELECT id, name_vi AS name FROM role WHERE code = $1`,
      [CSV_ROLE],
    );
    const [province] = await bench.db.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_unit WHERE type = 'province' AND code = $1`,
      [XLSX_PROVINCE],
    );
    const [{ units }] = await bench.db.query<Array<{ units: number }>>(`SELECT count(*)::int AS units FROM org_unit`);
    // An organiser of the whole country: the exports are scoped in SQL to the root's subtree.
    const organiser: Actor = {
      accountId: randomUUID(),
      grants: [{ permission: Permission.Organiser, scopeUnitId: root.id }],
      via: 'api',
    };
    const csvQuery = { unitId: root.id, roleId: role.id };
    const xlsxQuery = { unitId: province.id };
    // The kind's SQL as ExportsService.sql binds it for these filters (today's record, no contact columns).
    const people = EXPORT_KINDS.get('people')!;
    const today = new Clock().today();
    const bound = (q: { unitId: string; roleId?: string }) =>
      people.sql({ scopes: [root.id], ...q, date: today, dated: false, includeContact: false });
    const csvSql = bound(csvQuery);
    const xlsxRows = await countOf(bench, bound(xlsxQuery));
    const exportsService = bench.app.get(ExportsService);
    const rssBefore = process.memoryUsage.rss() / MB;
    // Each single export in a fresh process (the API application booted there on this database).
    const child = (mode: ExportChildJob['mode'], query: ExportChildJob['query']) =>
      inChild({ databaseUrl: database.url, scopeUnitId: root.id, mode, kind: 'people', query });
    // The cursor alone reads every row of the CSV's SELECT: their number is the CSV's row count.
    const cursor = child('cursor', csvQuery);
    const csvRows = cursor.rows;
    console.log(
      `   CSV: ${csvRows.toLocaleString('en-US')} rows (${CSV_ROLE}); XLSX: ${xlsxRows.toLocaleString('en-US')} rows (${province.name})`,
    );
    const csv = child('csv', csvQuery);
    // PostgreSQL's own COPY … TO STDOUT of the same SELECT (the kind's SQL), through psql, in the same run.
    const copySql = csvSql.text.replace(/\$(\d+)/g, (_m, n: string) => literal(csvSql.values[Number(n) - 1]));
    const copyStarted = performance.now();
    execFileSync('psql', [
      database.url,
      '-qc',
      `\\copy (${copySql.replace(/\s+/g, ' ')}) TO '/dev/null' WITH (FORMAT csv, HEADER true)`,
    ]);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const xlsx = child('xlsx', xlsxQuery);
    // Three exports at once (the CSV, the XLSX and the province's untrained list as CSV) while the coverage dashboard
    // of the province is asked for again and again; its p95 against the same calls with nothing else. The rollups
    // are the kept ones (no upkeep, no rebuild here: a rebuild of national is one long transaction).
    const coverage = bench.app.get(CoverageService);
    const dashboard = () => coverage.unitCoverage(organiser, { unitId: province.id });
    const { times: idle, loopP99: loopIdle } = await dashboardWhile(
      new Promise((r) => setTimeout(r, 10_000)),
      dashboard,
    );
    const three = measured(async () => {
      const sizes = await Promise.all([
        exportsService.download(organiser, 'people', 'csv', csvQuery).then((f) => drain(f.stream)),
        exportsService.download(organiser, 'people', 'xlsx', xlsxQuery).then((f) => drain(f.stream)),
        exportsService.download(organiser, 'untrained', 'csv', xlsxQuery).then((f) => drain(f.stream)),
      ]);
      return sizes.reduce((a, b) => a + b, 0);
    });
    const { times: busy, loopP99: loopBusy } = await dashboardWhile(three, dashboard);
    const together = await three;
    const p95Idle = percentile(idle, 0.95);
    const p95Busy = percentile(busy, 0.95);
    const n = (v: number) => v.toLocaleString('en-US');
    return {
      dataSize:
        `seed national (kept in ${DATABASE}): ${n(units)} units, ${n(database.people)} people; CSV: the people ` +
        `holding ${role.name} (${CSV_ROLE}) in the whole country, ${n(csvRows)} rows (no real filter gives ` +
        `1,000,000: this role is held by half the people, the next by a quarter); XLSX: the people of ` +
        `${province.name}, the largest province, ${n(xlsxRows)} rows (the largest people list under the ` +
        `200,000-row cap)`,
      setup:
        `${new URL(database.url).host}; ExportsService.download (the same path as GET /api/v1/exports/people.{csv,xlsx}` +
        `?roleId=… / ?unitId=…, an organiser of the country: audit, ` +
        `cursor FETCH ${FETCH_ROWS.toLocaleString('en-US')} on the exports' own pool of ${EXPORT_CONNECTIONS} connections, ` +
        `hand-written CSV / SpreadsheetML-over-yazl writers pulled by the reader) read to the end; each single export ` +
        `(cursor alone, CSV, XLSX) in a fresh process of its own with the API application booted in it ` +
        `(${csv.rssBeforeMb.toFixed(0)} MB after boot and a GC): the budgets hold that process's growth (peak − before), ` +
        `so one export's garbage is not counted in the next one's; the three at once in the bench's own process ` +
        `(${rssBefore.toFixed(0)} MB before them), the schedules off (REMINDERS_SCHEDULE=false: no upkeep folding the change log the other benches left, no rebuild), the dashboard from the kept rollups; ` +
        `baseline: psql \\copy (the same SELECT) TO /dev/null`,
      rows: [
        {
          figure: `CSV export of ${n(csvRows)} rows: time`,
          value: csv.seconds,
          unit: 's',
          baseline: 'psql \\copy (same SELECT) TO STDOUT',
          baselineValue: copySeconds,
          ratio: ratioOf(csv.seconds, copySeconds),
          note: `${(csv.bytes / MB).toFixed(0)} MB written; COPY ${copySeconds.toFixed(1)} s`,
        },
        {
          figure: `the same rows read through the cursor alone (no writing): time`,
          value: cursor.seconds,
          unit: 's',
          baseline: 'psql \\copy (same SELECT) TO STDOUT',
          baselineValue: copySeconds,
          ratio: ratioOf(cursor.seconds, copySeconds),
          note: `the database's and the driver's share of the export; the writing is the rest (RSS +${cursor.growthMb.toFixed(0)} MB)`,
        },
        {
          figure: 'CSV export of 1,000,000 rows against COPY',
          value: csv.seconds / copySeconds,
          unit: '× COPY',
          baseline: 'psql \\copy (same SELECT) TO STDOUT',
          baselineValue: 1,
          ratio: csv.seconds / copySeconds,
          note: `same rows (${n(csvRows)}), same run`,
          budget: 'export-csv-1m-vs-copy',
        },
        {
          figure: 'CSV export of 1,000,000 rows: peak RSS growth',
          value: csv.growthMb,
          unit: 'MB',
          baseline: 'RSS before the export',
          baselineValue: csv.rssBeforeMb,
          ratio: null,
          note: `${n(csvRows)} rows; a fresh API process, sampled every 20 ms, peaked at ${csv.peakRssMb.toFixed(0)} MB`,
          budget: 'export-csv-rss',
        },
        {
          figure: `XLSX export of ${n(xlsxRows)} rows: time`,
          value: xlsx.seconds,
          unit: 's',
          baseline: null,
          baselineValue: null,
          ratio: null,
          note: `${(xlsx.bytes / MB).toFixed(0)} MB written`,
        },
        {
          figure: 'XLSX export of 200,000 rows: peak RSS growth',
          value: xlsx.growthMb,
          unit: 'MB',
          baseline: 'RSS before the export',
          baselineValue: xlsx.rssBeforeMb,
          ratio: null,
          note: `${n(xlsxRows)} rows; a fresh API process, sampled every 20 ms, peaked at ${xlsx.peakRssMb.toFixed(0)} MB`,
          budget: 'export-xlsx-rss',
        },
        {
          figure: `three exports at once (CSV ${n(csvRows)} + XLSX ${n(xlsxRows)} + the province's untrained CSV): time`,
          value: together.seconds,
          unit: 's',
          baseline: 'the CSV and XLSX exports one after the other',
          baselineValue: csv.seconds + xlsx.seconds,
          ratio: ratioOf(together.seconds, csv.seconds + xlsx.seconds),
          note: `peak RSS ${together.peakRssMb.toFixed(0)} MB (+${(together.peakRssMb - rssBefore).toFixed(0)} MB)`,
        },
        {
          figure: `coverage dashboard of the province during the three exports: p50 ${percentile(busy, 0.5).toFixed(1)} ms, p95`,
          value: p95Busy,
          unit: 'ms',
          baseline: 'the same calls for 10 s with no export',
          baselineValue: p95Idle,
          ratio: ratioOf(p95Busy, p95Idle),
          note: `${busy.length} sequential CoverageService.unitCoverage calls of ${province.name} in process (idle: ${idle.length}, p50 ${percentile(idle, 0.5).toFixed(1)} ms)`,
          budget: 'coverage-api-p95',
        },
        {
          figure: 'event loop delay during the three exports: p99',
          value: loopBusy,
          unit: 'ms',
          baseline: 'the same during the 10 s with no export',
          baselineValue: loopIdle,
          ratio: ratioOf(loopBusy, loopIdle),
          note: 'how long ready work (the dashboard’s replies) waited behind the exports’ JS; the rest of the p95 is PostgreSQL',
        },
      ],
    };
  } finally {
    await bench.close();
  }
}

export const exportScenario: Scenario = {
  name: 'export',
  title:
    'List exports on the national dataset: ~1,000,000-row CSV (a role nationwide) against PostgreSQL COPY of the ' +
    'same rows; ~200,000-row XLSX (a province); three at once while the coverage dashboard answers',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
