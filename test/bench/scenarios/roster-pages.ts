import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, Permission } from '@app/common';
import { dataSourceOptions, runMigrations } from '@app/db';
import { seedRoster } from '@app/org';
import { PageCursors, queryFingerprint } from '../../../libs/org/src/people/paging/page-cursor';
import { apiToken, createAccount } from '../../factories/identity';
import { withDatabase } from '../../setup/test-env';
import { startBenchApp } from '../bench-app';
import { percentile } from '../load';
import { BenchRow, ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

// The national dataset is seeded once into its own database and kept (seeding 3,000,000 people takes minutes):
// ROSTER_BENCH_DATABASE_URL, else the database moc_roster_national on DATABASE_URL's server.
const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef'; // bench-app.ts signs with it
const KB = 1024;

function databaseUrl(): string {
  if (process.env.ROSTER_BENCH_DATABASE_URL) return process.env.ROSTER_BENCH_DATABASE_URL;
  if (!process.env.DATABASE_URL) throw new Error('roster-pages needs DATABASE_URL or ROSTER_BENCH_DATABASE_URL');
  return withDatabase(process.env.DATABASE_URL, 'moc_roster_national');
}

async function ensureDataset(url: string): Promise<string> {
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  if (rows.length === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await runMigrations(url);
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  try {
    const [{ n }] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM person`);
    if (n < 1_000_000) {
      console.log('   seeding national (once; the database is kept) …');
      await seedRoster(db, { size: 'national', today: new Clock().today() });
    }
    // The steady state of a live database (autovacuum has been by): the name index is read index-only (the visibility
    // map set), and the planner knows how large the country's subtree is.
    await db.query(`VACUUM (ANALYZE)`);
    const [{ people }] = await db.query<Array<{ people: number }>>(`SELECT count(*)::int AS people FROM person`);
    return `${people.toLocaleString('en-US')} people (national dataset, kept in ${name})`;
  } finally {
    await db.destroy();
  }
}

/** Latencies (ms, sorted) and the largest body (bytes) of `n` sequential GETs. */
async function timed(n: number, url: () => string, token: string): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url(), { headers: { authorization: `Bearer ${token}` } });
    const body = await res.arrayBuffer();
    ms.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url()}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
    bytes = Math.max(bytes, body.byteLength);
  }
  return { ms: ms.sort((a, b) => a - b), bytes };
}

async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const url = databaseUrl();
  const dataSize = await ensureDataset(url);
  // The periodic upkeep off: on a freshly seeded national database it would fold 3,000,000 change rows meanwhile.
  const bench = await startBenchApp(url, { REMINDERS_SCHEDULE: 'false' });
  try {
    const [root] = await bench.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`);
    const [province] = await bench.db.query<Array<{ id: string }>>(
      `SELECT id FROM org_unit WHERE type = 'province' ORDER BY code LIMIT 1`,
    );
    const [commune] = await bench.db.query<Array<{ id: string }>>(
      `SELECT u.id FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = $1
        WHERE u.type = 'commune' ORDER BY u.code LIMIT 1`,
      [province.id],
    );
    const [someone] = await bench.db.query<Array<{ code: string }>>(
      `SELECT employee_code AS code FROM person WHERE employee_code IS NOT NULL AND unit_id = $1 LIMIT 1`,
      [commune.id],
    );
    const stamp = Date.now().toString(36);
    const actors = [
      ['national admin', Permission.Admin, root.id, province.id],
      ['province organiser', Permission.Organiser, province.id, commune.id],
      ['commune organiser', Permission.Organiser, commune.id, commune.id],
    ] as const;
    const cursors = new PageCursors(BENCH_SECRET, 'people-page');
    // A cursor deep into the list (names from "Nguyễn Văn" on): any page depth costs the same.
    const deep = cursors.encode(
      { direction: 'next', order: 'name', key: { name: 'Nguyễn Văn', id: '00000000-0000-0000-0000-000000000000' } },
      queryFingerprint({ unitId: undefined, roleId: undefined, status: undefined, q: undefined }),
    );

    // The baseline: a plain indexed lookup of 20 rows, straight through pg.
    const pg = new Client({ connectionString: url });
    await pg.connect();
    const n = Math.max(30, options.seconds * 10);
    const base: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await pg.query(`SELECT id, full_name FROM person WHERE unit_id = $1 LIMIT 20`, [commune.id]);
      base.push(performance.now() - started);
    }
    await pg.end();
    base.sort((a, b) => a - b);
    const baseline = percentile(base, 0.5);

    const rows: BenchRow[] = [];
    for (const [who, permission, scope, sub] of actors) {
      const account = await createAccount(bench.app, `bench${stamp}${rows.length}`, {
        permission,
        scopeUnit: { id: scope },
        login: `bench.roster.${stamp}.${rows.length}`,
      });
      const token = await apiToken(bench.app, account);
      const api = `${bench.baseUrl}/api/v1`;
      const requests: Array<[string, () => string]> = [
        ['people?limit=20', () => `${api}/people?limit=20`],
        ['people?limit=20&unitId=<sub-unit>', () => `${api}/people?limit=20&unitId=${sub}`],
        ['people?limit=20&offset=1000', () => `${api}/people?limit=20&offset=1000`],
        ['people?limit=20&cursor=<deep: "Nguyễn Văn">', () => `${api}/people?limit=20&cursor=${deep}`],
        ['people?q=Nguyễn&limit=20', () => `${api}/people?limit=20&q=${encodeURIComponent('Nguyễn')}`],
        ['people?q=nguyen van an&limit=20', () => `${api}/people?limit=20&q=${encodeURIComponent('nguyen van an')}`],
        ['people?q=<employee code>', () => `${api}/people?limit=20&q=${encodeURIComponent(someone.code)}`],
        ['people?status=left&limit=20', () => `${api}/people?limit=20&status=left`],
        ['units?limit=50', () => `${api}/units?limit=50`],
        ['units?parentId=<scope>&limit=50', () => `${api}/units?limit=50&parentId=${scope}`],
      ];
      for (const [label, to] of requests) {
        await timed(2, to, token); // warm
        const { ms, bytes } = await timed(n, to, token);
        const p95 = percentile(ms, 0.95);
        rows.push({
          figure: `${who}: GET ${label}: p50 ${percentile(ms, 0.5).toFixed(1)} ms, p95`,
          value: p95,
          unit: 'ms',
          baseline: 'plain indexed lookup of 20 rows (pg), p50',
          baselineValue: baseline,
          ratio: ratioOf(p95, baseline),
          note: `${n} sequential requests over HTTP; largest body ${(bytes / KB).toFixed(1)} KB uncompressed`,
          budget: 'roster-pages-p95',
        });
        console.log(`   ${rows[rows.length - 1].figure} ${p95.toFixed(1)} ms (${(bytes / KB).toFixed(1)} KB)`);
      }
    }
    return {
      dataSize,
      setup: `the API in this process on ${new URL(url).host}; ${n} sequential requests per figure after 2 to warm`,
      rows,
    };
  } finally {
    await bench.close();
  }
}

export const rosterPagesScenario: Scenario = {
  name: 'roster-pages',
  title:
    'People lists, search and units on the national dataset as a national admin, a province and a commune organiser',
  defaults: { seconds: 5, concurrency: 1 },
  run,
};
