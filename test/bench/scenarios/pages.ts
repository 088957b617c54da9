import { Agent, request } from 'node:http';
import { hashPassword } from '@app/identity';
import { DemoCourseSeeder, demoCourseIds } from '@app/learning';
import { seedDemo } from '@app/demo';
import { BenchApp, openBenchDatabase, startBenchApp } from '../bench-app';
import { runLoad } from '../load';
import { BenchRow, ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

const PASSWORD = 'bench-demo-password-0123';
const KB = 1024;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as transferred (still gzip-compressed when the server compressed it). */
  raw: Buffer;
}

/** A GET or form POST over a keep-alive agent; the body is not decompressed, so its length is what went over the wire. */
function send(
  agent: Agent,
  url: string,
  opts: { cookie?: string; form?: Record<string, string>; gzip?: boolean } = {},
): Promise<Reply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : null;
  const headers: Record<string, string | number> = { accept: 'text/html' };
  if (opts.gzip !== false) headers['accept-encoding'] = 'gzip';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (body !== null) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === null ? 'GET' : 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** Cookies set by a reply, merged into a jar (name → value). */
function keepCookies(jar: Map<string, string>, reply: Reply): void {
  const set = reply.headers['set-cookie'];
  for (const line of Array.isArray(set) ? set : set ? [set] : []) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** A demo learner linked to a person the demo course's assignment enrolled; one is made when none is. */
async function demoLearner(bench: BenchApp, courseId: string): Promise<string> {
  const [found] = await bench.db.query<Array<{ login: string }>>(
    `SELECT a.login FROM account a JOIN person p ON p.account_id = a.id
       JOIN enrolment e ON e.person_id = p.id AND e.course_id = $1
      ORDER BY (e.started_at IS NOT NULL AND e.completed_at IS NULL) DESC, a.login LIMIT 1`,
    [courseId],
  );
  if (found) return found.login;
  const [person] = await bench.db.query<Array<{ id: string; unitId: string; name: string }>>(
    `SELECT p.id, p.unit_id AS "unitId", p.full_name AS name FROM enrolment e JOIN person p ON p.id = e.person_id
      WHERE e.course_id = $1 AND p.account_id IS NULL ORDER BY e.started_at NULLS LAST, p.id LIMIT 1`,
    [courseId],
  );
  const login = 'bench.hocvien';
  const [account] = await bench.db.query<Array<{ id: string }>>(
    `INSERT INTO account (login, display_name, password_hash, home_unit_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [login, person.name, await hashPassword(PASSWORD), person.unitId],
  );
  await bench.db.query(`INSERT INTO account_grant (account_id, permission, scope_unit_id) VALUES ($1, 'learner', $2)`, [
    account.id,
    person.unitId,
  ]);
  await bench.db.query(`UPDATE person SET account_id = $2 WHERE id = $1`, [person.id, account.id]);
  return login;
}

/** Logs in through the /login form (CSRF token from the form) and returns the session's cookie header. */
async function webLogin(agent: Agent, baseUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await send(agent, `${baseUrl}/login`, { gzip: false });
  keepCookies(jar, form);
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(form.raw.toString('utf8'))?.[1];
  if (!csrf) throw new Error(`GET /login: no _csrf field (status ${form.status})`);
  const res = await send(agent, `${baseUrl}/login`, {
    cookie: cookieHeader(jar),
    form: { _csrf: csrf, login, password: PASSWORD, next: '/' },
  });
  if (res.status !== 303) throw new Error(`POST /login as ${login} answered ${res.status}`);
  keepCookies(jar, res);
  return cookieHeader(jar);
}

async function run({ seconds, concurrency }: ScenarioOptions): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const bench = await startBenchApp(database.url);
    try {
      const today = new Date().toISOString().slice(0, 10);
      console.log('   seeding the demo province and the demo course …');
      const roster = await seedDemo(bench.db, { size: 'demo', today, demoPassword: PASSWORD });
      const course = await bench.app.get(DemoCourseSeeder).seed(roster.provinceIds[0]);
      const ids = demoCourseIds();
      const login = await demoLearner(bench, ids.courseId);
      const cookie = await webLogin(agent, bench.baseUrl, login);

      // The lesson with the most content (the table of the seven conventions).
      const lessonPath = `/courses/${ids.courseId}/lessons/${ids.lessonIds[0][1]}`;
      const pages: Array<{ path: string; anonymous?: boolean }> = [
        { path: '/courses' },
        { path: '/courses?q=quyen' },
        { path: `/courses/${ids.courseId}` },
        { path: lessonPath },
        { path: '/my' },
        { path: '/profile' },
        { path: '/login', anonymous: true },
      ];
      const rows: BenchRow[] = [];
      for (const p of pages) {
        const url = `${bench.baseUrl}${p.path}`;
        const zipped = await send(agent, url, { cookie: p.anonymous ? undefined : cookie });
        const plain = await send(agent, url, { cookie: p.anonymous ? undefined : cookie, gzip: false });
        if (zipped.status !== 200 || plain.status !== 200) {
          throw new Error(`GET ${p.path} answered ${zipped.status}/${plain.status}`);
        }
        const encoding = zipped.headers['content-encoding'] ?? 'identity';
        const kb = zipped.raw.length / KB;
        rows.push({
          figure: `GET ${p.path.replace(ids.courseId, ':courseId').replace(ids.lessonIds[0][1], ':lessonId')}`,
          value: kb,
          unit: 'KB',
          baseline: 'the same page uncompressed',
          baselineValue: plain.raw.length / KB,
          ratio: ratioOf(kb, plain.raw.length / KB),
          note: `${String(encoding)}; ${p.anonymous ? 'anonymous' : `as ${login}`}`,
          budget: 'learner-page-size',
        });
      }

      const lesson = async (): Promise<boolean> =>
        (await send(agent, `${bench.baseUrl}${lessonPath}`, { cookie })).status === 200;
      const css = async (): Promise<boolean> =>
        (await send(agent, `${bench.baseUrl}/static/app.css`, { cookie })).status === 200;
      await runLoad(lesson, { concurrency, seconds: 1 }); // warm-up: JIT, templates, pool connections
      await runLoad(css, { concurrency, seconds: 1 });
      const baseline = await runLoad(css, { concurrency, seconds });
      const measured = await runLoad(lesson, { concurrency, seconds });
      rows.push(
        {
          figure: 'lesson page requests per second',
          value: measured.rate,
          unit: '/s',
          baseline: 'GET /static/app.css from the same process',
          baselineValue: baseline.rate,
          ratio: ratioOf(measured.rate, baseline.rate),
          note: `p50 ${measured.p50Ms.toFixed(1)} ms, p95 ${measured.p95Ms.toFixed(1)} ms (css p95 ${baseline.p95Ms.toFixed(1)} ms)`,
        },
        {
          figure: 'errors (non-200 or failed)',
          value: measured.errors + baseline.errors,
          unit: 'requests',
          baseline: null,
          baselineValue: null,
          ratio: null,
          note: 'lesson page and css runs together',
          budget: 'no-errors',
        },
      );
      return {
        dataSize:
          `demo province (${roster.people.toLocaleString('en-US')} people); demo course ${course.modules} modules, ` +
          `${course.lessons} lessons, ${course.enrolled.toLocaleString('en-US')} enrolments`,
        setup:
          `${database.server}; app in-process (NODE_ENV=production) on a loopback port, HTTP keep-alive, ` +
          `session of ${login}, Accept-Encoding: gzip; sizes are the bytes on the wire; ` +
          `concurrency ${concurrency}, ${seconds} s per throughput figure`,
        rows,
      };
    } finally {
      await bench.close();
    }
  } finally {
    agent.destroy();
    await database.close();
  }
}

/** The learner pages' compressed sizes against the 50 KB budget, and the lesson page's throughput. */
export const pagesScenario: Scenario = {
  name: 'pages',
  title: 'learner pages: compressed size of each (budget 50 KB) and lesson-page throughput vs a static file',
  defaults: { seconds: 5, concurrency: 8 },
  run,
};
