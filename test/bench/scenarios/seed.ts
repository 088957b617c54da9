import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DemoSeedReport } from '@app/demo';
import { openBenchDatabase } from '../bench-app';
import type { BudgetId } from '../budgets';
import { BenchRow, ratioOf, Scenario, ScenarioResult } from '../types';

const ROOT = join(__dirname, '..', '..', '..');
const MB = 2 ** 20;

type Report = Omit<DemoSeedReport, 'generatedPassword'> & { maxRss: number };

/** `npm run seed -- --size <size> --json` as users run it, into `url`; its last line is the report. */
function runSeed(url: string, size: string): Report {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/seed.ts', '--size', size, '--json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  const lines = r.stdout.trim().split('\n');
  if (r.status !== 0) {
    throw new Error(`seed --size ${size} failed (${r.status}): ${r.stderr}${lines.slice(-5).join('\n')}`);
  }
  return JSON.parse(lines[lines.length - 1]) as Report;
}

/** PostgreSQL copying the same person rows itself, server-side, into a table with the same indexes. */
async function serverCopySeconds(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET jit = off`);
    await client.query(`CREATE TEMP TABLE person_copy (LIKE person INCLUDING ALL)`);
    const started = process.hrtime.bigint();
    await client.query(`INSERT INTO person_copy (id, province_unit_id, employee_code, full_name, gender, birth_date,
      email, phone, position_title, unit_id, status, status_from)
      SELECT id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone, position_title, unit_id,
             status, status_from FROM person`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}

async function measure(size: 'province' | 'national'): Promise<{ report: Report; copy: number }> {
  const database = await openBenchDatabase();
  try {
    console.log(`   seeding ${size} …`);
    const report = runSeed(database.url, size);
    return { report, copy: await serverCopySeconds(database.url) };
  } finally {
    await database.close();
  }
}

function rows(size: string, { report, copy }: { report: Report; copy: number }, budget?: BudgetId): BenchRow[] {
  const seconds = report.ms / 1000;
  const phases = Object.entries(report.phases)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');
  const out: BenchRow[] = [
    {
      figure: `seed ${size}: ${report.people.toLocaleString('en-US')} people, ${report.units.toLocaleString('en-US')} units`,
      value: seconds,
      unit: 's',
      baseline: 'server-side INSERT … SELECT of the same person rows (same indexes)',
      baselineValue: copy,
      ratio: ratioOf(seconds, copy),
      note: phases,
      ...(budget ? { budget } : {}),
    },
    {
      figure: `seed ${size}: people per second`,
      value: report.people / seconds,
      unit: '/s',
      baseline: null,
      baselineValue: null,
      ratio: null,
      note: `one transaction; peak RSS of the seeding process ${Math.round(report.maxRss / MB)} MB`,
    },
  ];
  return out;
}

async function run(): Promise<ScenarioResult> {
  const province = await measure('province');
  const national = await measure('national');
  return {
    dataSize: `province: ${province.report.people.toLocaleString('en-US')} people; national: ${national.report.people.toLocaleString('en-US')} people, ${national.report.units.toLocaleString('en-US')} units, ${national.report.headcounts.toLocaleString('en-US')} declared headcounts`,
    setup:
      'each size into a fresh migrated database, through `npm run seed -- --size <size>` in a child process; ' +
      'PostgreSQL on the same machine',
    rows: [...rows('province', province), ...rows('national', national, 'seed-national')],
  };
}

export const seedScenario: Scenario = {
  name: 'seed',
  title: '`npm run seed` of the province and national datasets vs PostgreSQL copying the same rows itself',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
