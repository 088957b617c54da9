import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Actor, Clock, Permission } from '@app/common';
import { CoverageService, rebuildCoverage } from '@app/coverage';
import { EXPORT_CONNECTIONS, EXPORT_KINDS, ExportsService, FETCH_ROWS } from '@app/exports';
import { OrgUnitsService, UnitType } from '@app/org';
import { BenchApp, openBenchDatabase, startBenchApp } from '../bench-app';
import { join } from 'node:path';
import { percentile } from '../load';
import { ratioOf, Scenario, ScenarioResult } from '../types';
import type { ExportChildJob, ExportChildResult } from './export-child';

const PEOPLE = 1_000_000;
const COMMUNES = 100;
/** One person in five holds the role the XLSX export filters on: 200,000 rows, the XLSX cap. */
const XLSX_ROWS = PEOPLE / 5;
const MB = 2 ** 20;
const ROOT = join(__dirname, '..', '..', '..');

/** A province with COMMUNES communes and PEOPLE people (set-based SQL: the seeding is not what is measured). */
async function seed(bench: BenchApp): Promise<{ provinceId: string; roleId: string }> {
  const units = bench.app.get(OrgUnitsService);
  const root = await units.getRoot();
  const system: Actor = {
    accountId: randomUUID(),
    grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
    via: 'api',
  };
  const province = await units.create(system, {
    code: 'BENCH',
    name: 'Tỉnh Bench',
    type: UnitType.Province,
    parentId: root.id,
  });
  const [role] = await bench.db.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = 'HR_OFFICIAL'`);
  await bench.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO org_unit (code, name, type, parent_id)
       SELECT 'BENCH.X' || lpad(i::text, 4, '0'), 'Xã Điện Biên ' || i, 'commune', $1 FROM generate_series(1, $2) i`,
      [province.id, COMMUNES],
    );
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT c.ancestor_id, u.id, c.depth + 1 FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
        WHERE u.parent_id = $1
       UNION ALL SELECT id, id, 0 FROM org_unit WHERE parent_id = $1`,
      [province.id],
    );
    await m.query(
      `INSERT INTO person (province_unit_id, employee_code, full_name, gender, phone, position_title, unit_id, status)
       SELECT $1, lpad(i::text, 8, '0'),
              (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng'])[1 + i % 5] || ' Thị ' ||
              (ARRAY['Ánh','Bình','Cúc','Đào','Hương','Tuyết'])[1 + i % 6] || ' ' || i,
              CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, '09' || lpad(i::text, 8, '0'), 'Chuyên viên',
              units.ids[1 + i % $3], 'active'
         FROM generate_series(1, $2) i,
              (SELECT array_agg(id ORDER BY code) AS ids FROM org_unit WHERE parent_id = $1) units`,
      [province.id, PEOPLE, COMMUNES],
    );
    await m.query(
      `INSERT INTO person_role (person_id, role_id, valid_from)
       SELECT id, $2, DATE '2025-01-01' FROM person WHERE province_unit_id = $1 AND employee_code::int % 5 = 0`,
      [province.id, role.id],
    );
  });
  await bench.db.query('ANALYZE');
  return { provinceId: province.id, roleId: role.id };
}

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

async function run(): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  try {
    const bench = await startBenchApp(database.url);
    try {
      const { provinceId, roleId } = await seed(bench);
      const organiser: Actor = {
        accountId: randomUUID(),
        grants: [{ permission: Permission.Organiser, scopeUnitId: provinceId }],
        via: 'api',
      };
      const exportsService = bench.app.get(ExportsService);
      const rssBefore = process.memoryUsage.rss() / MB;
      // Each single export in a fresh process (the API application booted there on this database).
      const child = (mode: ExportChildJob['mode'], query: ExportChildJob['query']) =>
        inChild({ databaseUrl: database.url, provinceId, mode, kind: 'people', query });
      const cursor = child('cursor', { unitId: provinceId });
      const csv = child('csv', { unitId: provinceId });
      // PostgreSQL's own COPY … TO STDOUT of the same SELECT (the kind's SQL), through psql, in the same run.
      const sql = EXPORT_KINDS.get('people')!.sql({
        scopes: [provinceId],
        unitId: provinceId,
        date: '2025-01-01',
        dated: false,
        includeContact: false,
      });
      const copySql = sql.text.replace(/\$(\d+)/g, (_m, n: string) => literal(sql.values[Number(n) - 1]));
      const copyStarted = performance.now();
      execFileSync('psql', [
        database.url,
        '-qc',
        `\\copy (${copySql.replace(/\s+/g, ' ')}) TO '/dev/null' WITH (FORMAT csv, HEADER true)`,
      ]);
      const copySeconds = (performance.now() - copyStarted) / 1000;
      const xlsx = child('xlsx', { unitId: provinceId, roleId });
      // Three exports at once (1,000,000-row CSV, 200,000-row XLSX, the untrained list's CSV) while the coverage
      // dashboard of the province is asked for again and again; its p95 against the same calls with nothing else.
      const rebuild = await rebuildCoverage(bench.db, new Clock().today());
      const coverage = bench.app.get(CoverageService);
      const dashboard = () => coverage.unitCoverage(organiser, { unitId: provinceId });
      const { times: idle, loopP99: loopIdle } = await dashboardWhile(
        new Promise((r) => setTimeout(r, 10_000)),
        dashboard,
      );
      const three = measured(async () => {
        const sizes = await Promise.all([
          exportsService.download(organiser, 'people', 'csv', { unitId: provinceId }).then((f) => drain(f.stream)),
          exportsService
            .download(organiser, 'people', 'xlsx', { unitId: provinceId, roleId })
            .then((f) => drain(f.stream)),
          exportsService.download(organiser, 'untrained', 'csv', { unitId: provinceId }).then((f) => drain(f.stream)),
        ]);
        return sizes.reduce((a, b) => a + b, 0);
      });
      const { times: busy, loopP99: loopBusy } = await dashboardWhile(three, dashboard);
      const together = await three;
      const p95Idle = percentile(idle, 0.95);
      const p95Busy = percentile(busy, 0.95);
      return {
        dataSize: `${PEOPLE.toLocaleString('en-US')} people in ${COMMUNES} communes of one province (${XLSX_ROWS.toLocaleString('en-US')} with the role of the XLSX export)`,
        setup:
          `${database.server}; ExportsService.download (the same path as GET /api/v1/exports/people.{csv,xlsx}: audit, ` +
          `cursor FETCH ${FETCH_ROWS.toLocaleString('en-US')} on the exports' own pool of ${EXPORT_CONNECTIONS} connections, ` +
          `hand-written CSV / SpreadsheetML-over-yazl writers pulled by the reader) read to the end; each single export ` +
          `(cursor alone, CSV, XLSX) in a fresh process of its own with the API application booted in it ` +
          `(${csv.rssBeforeMb.toFixed(0)} MB after boot and a GC): the budgets hold that process's growth (peak − before), ` +
          `so one export's garbage is not counted in the next one's; the three at once in the bench's own process ` +
          `(${rssBefore.toFixed(0)} MB before them); ` +
          `baseline: psql \\copy (the same SELECT) TO /dev/null`,
        rows: [
          {
            figure: `CSV export of ${PEOPLE.toLocaleString('en-US')} rows: time`,
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
            note: 'same rows, same run',
            budget: 'export-csv-1m-vs-copy',
          },
          {
            figure: 'CSV export of 1,000,000 rows: peak RSS growth',
            value: csv.growthMb,
            unit: 'MB',
            baseline: 'RSS before the export',
            baselineValue: csv.rssBeforeMb,
            ratio: null,
            note: `a fresh API process, sampled every 20 ms, peaked at ${csv.peakRssMb.toFixed(0)} MB`,
            budget: 'export-csv-rss',
          },
          {
            figure: `XLSX export of ${XLSX_ROWS.toLocaleString('en-US')} rows: time`,
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
            note: `a fresh API process, sampled every 20 ms, peaked at ${xlsx.peakRssMb.toFixed(0)} MB`,
            budget: 'export-xlsx-rss',
          },
          {
            figure: 'three exports at once (CSV 1,000,000 + XLSX 200,000 + untrained CSV): time',
            value: together.seconds,
            unit: 's',
            baseline: 'the CSV and XLSX exports one after the other',
            baselineValue: csv.seconds + xlsx.seconds,
            ratio: ratioOf(together.seconds, csv.seconds + xlsx.seconds),
            note: `peak RSS ${together.peakRssMb.toFixed(0)} MB (+${(together.peakRssMb - rssBefore).toFixed(0)} MB); coverage rebuild ${(rebuild.ms / 1000).toFixed(1)} s before`,
          },
          {
            figure: `coverage dashboard of the province during the three exports: p50 ${percentile(busy, 0.5).toFixed(1)} ms, p95`,
            value: p95Busy,
            unit: 'ms',
            baseline: 'the same calls for 10 s with no export',
            baselineValue: p95Idle,
            ratio: ratioOf(p95Busy, p95Idle),
            note: `${busy.length} sequential CoverageService.unitCoverage calls in process (idle: ${idle.length}, p50 ${percentile(idle, 0.5).toFixed(1)} ms)`,
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
  } finally {
    await database.close();
  }
}

export const exportScenario: Scenario = {
  name: 'export',
  title:
    'List exports: 1,000,000-row CSV against PostgreSQL COPY of the same rows; 200,000-row XLSX; three at once ' +
    'while the coverage dashboard answers',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
