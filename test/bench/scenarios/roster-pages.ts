import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, Permission } from '@app/common';
import { dataSourceOptions, runMigrations } from '@app/db';
import { seedRoster, UnitPeopleCountUpkeep } from '@app/org';
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

/** How a request proves who asks: an API token, or a web session's cookie (pages). */
type Credentials = { token: string } | { cookie: string };
const headersOf = (c: Credentials): Record<string, string> =>
  'token' in c ? { authorization: `Bearer ${c.token}` } : { cookie: c.cookie, accept: 'text/html' };

/** Latencies (ms, sorted) and the largest body (bytes) of `n` sequential GETs. */
async function timed(n: number, url: () => string, who: Credentials): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url(), { headers: headersOf(who) });
    const body = await res.arrayBuffer();
    ms.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url()}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
    bytes = Math.max(bytes, body.byteLength);
  }
  return { ms: ms.sort((a, b) => a - b), bytes };
}

/** Logs in through the /login form (its CSRF token) and returns the session's cookie header. */
async function webSession(baseUrl: string, login: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response): void => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${baseUrl}/login`);
  keep(form);
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error(`GET /login: no _csrf field (status ${form.status})`);
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, login, password, next: '/' }).toString(),
  });
  if (res.status !== 303) throw new Error(`POST /login as ${login} answered ${res.status}`);
  keep(res);
  return cookie();
}

/**
 * The path of page `n` of the /people page, reached by its "next" links (page numbers stop at 20), or of the last page
 * when the list is shorter (a commune's), and which page that is.
 */
async function peoplePagePath(baseUrl: string, cookie: string, n: number): Promise<{ path: string; page: number }> {
  let path = '/people';
  for (let page = 1; page < n; page++) {
    const res = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/html' } });
    if (res.status !== 200) throw new Error(`/people page ${page}: ${res.status}`);
    const html = (await res.text()).replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const next = /href="(\/people\?[^"]*cursor=[^"]+)" rel="next"/.exec(html)?.[1];
    if (!next) return { path, page };
    path = next;
  }
  return { path, page: n };
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

    // The units' people counts: the first fill (a full recount of 3,000,000 people, the log skipped to its end), as
    // the upkeep does on a new database and at the start of each day.
    const { ms: recountMs } = await bench.app.get(UnitPeopleCountUpkeep).recount();
    console.log(`   people counts: full recount ${(recountMs / 1000).toFixed(1)} s`);
    const rows: BenchRow[] = [
      {
        figure: 'units people counts: full recount (first fill, each new day)',
        value: recountMs / 1000,
        unit: 's',
        baseline: null,
        baselineValue: null,
        ratio: null,
        note: 'UnitPeopleCountUpkeep.recount(): every unit own and subtree count from the roster, in one transaction',
      },
    ];
    for (const [who, permission, scope, sub] of actors) {
      const account = await createAccount(bench.app, `bench${stamp}${rows.length}`, {
        permission,
        scopeUnit: { id: scope },
        login: `bench.roster.${stamp}.${rows.length}`,
      });
      const token = await apiToken(bench.app, account);
      const cookie = await webSession(bench.baseUrl, account.login, account.password);
      const deepPage = await peoplePagePath(bench.baseUrl, cookie, 50);
      const deepLabel = deepPage.page === 50 ? 'page 50' : `page ${deepPage.page}, the last`;
      const api = `${bench.baseUrl}/api/v1`;
      const requests: Array<[string, () => string, Credentials?]> = [
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
        ['units/<scope>/tree?depth=1', () => `${api}/units/${scope}/tree?depth=1`],
        ['units/<sub-unit>/tree?depth=1', () => `${api}/units/${sub}/tree?depth=1`],
        ['page /units', () => `${bench.baseUrl}/units`, { cookie }],
        ['page /people (page 1)', () => `${bench.baseUrl}/people`, { cookie }],
        [`page /people (${deepLabel}, by its next links)`, () => `${bench.baseUrl}${deepPage.path}`, { cookie }],
      ];
      for (const [label, to, creds = { token }] of requests) {
        await timed(2, to, creds); // warm
        const { ms, bytes } = await timed(n, to, creds);
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
    'People lists, search, units (list, tree by level, with people counts) and the /units and /people pages on the ' +
    'national dataset as a national admin, a province and a commune organiser',
  defaults: { seconds: 5, concurrency: 1 },
  run,
};
