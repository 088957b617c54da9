import { Agent, request } from 'node:http';
import { verify } from '@node-rs/argon2';
import { hashPassword } from '@app/identity';
import { openBenchDatabase, startBenchApp } from '../bench-app';
import { runLoad } from '../load';
import { ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

const PASSWORD = 'bench-password-0123';
const loginOf = (i: number): string => `bench-login-${i}`;

interface LoginReply {
  status: number;
  body: string;
}

/** POST /api/v1/auth/login over a keep-alive agent. */
function postLogin(agent: Agent, baseUrl: string, payload: string): Promise<LoginReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1/auth/login`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

type Db = { query(sql: string, params?: unknown[]): Promise<unknown> };

/** `count` learner accounts on the country unit, each with its own hash made by the app's hashPassword. */
async function createAccounts(db: Db, count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const passwordHash = await hashPassword(PASSWORD);
    const [account] = (await db.query(
      `INSERT INTO account (login, display_name, password_hash) VALUES ($1, 'Bench Learner', $2) RETURNING id`,
      [loginOf(i), passwordHash],
    )) as Array<{ id: string }>;
    await db.query(
      `INSERT INTO account_grant (account_id, permission, scope_unit_id)
       SELECT $1, 'learner', id FROM org_unit WHERE parent_id IS NULL`,
      [account.id],
    );
    hashes.push(passwordHash);
  }
  return hashes;
}

async function run({ seconds, concurrency }: ScenarioOptions): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const bench = await startBenchApp(database.url);
    try {
      // One account per client: attempts on one account are serialised (the failed-login count must hold).
      const hashes = await createAccounts(bench.db, concurrency);
      const payloads = hashes.map((_, i) => JSON.stringify({ login: loginOf(i), password: PASSWORD }));
      const first = await postLogin(agent, bench.baseUrl, payloads[0]);
      const token = first.status === 200 ? (JSON.parse(first.body) as { accessToken?: unknown }).accessToken : null;
      if (typeof token !== 'string') {
        throw new Error(`POST /api/v1/auth/login answered ${first.status} ${first.body.slice(0, 200)}`);
      }
      const login = async (client: number): Promise<boolean> =>
        (await postLogin(agent, bench.baseUrl, payloads[client])).status === 200;
      const oneAccount = async (): Promise<boolean> =>
        (await postLogin(agent, bench.baseUrl, payloads[0])).status === 200;
      const bare = (client: number): Promise<boolean> => verify(hashes[client], PASSWORD);

      // Warm both paths up (JIT, pool connections, argon2 threads), then measure each alone.
      await runLoad(login, { concurrency, seconds: 1 });
      await runLoad(bare, { concurrency, seconds: 1 });
      const baseline = await runLoad(bare, { concurrency, seconds });
      const measured = await runLoad(login, { concurrency, seconds });
      const single = await runLoad(oneAccount, { concurrency, seconds });

      return {
        dataSize: `${concurrency} accounts (argon2id hashes made by @app/identity hashPassword)`,
        setup:
          `${database.server}; app in-process on a loopback port, HTTP keep-alive; ` +
          `concurrency ${concurrency}, ${seconds} s per figure, client i logs in as account i`,
        rows: [
          {
            figure: 'successful logins per second',
            value: measured.rate,
            unit: '/s',
            baseline: 'bare argon2 verify per second',
            baselineValue: baseline.rate,
            ratio: ratioOf(measured.rate, baseline.rate),
            note: `${measured.ok} logins, ${baseline.ok} verifies`,
          },
          {
            figure: 'login latency p95',
            value: measured.p95Ms,
            unit: 'ms',
            baseline: 'argon2 verify p95',
            baselineValue: baseline.p95Ms,
            ratio: ratioOf(measured.p95Ms, baseline.p95Ms),
            note: `login p50 ${measured.p50Ms.toFixed(1)} ms, p99 ${measured.p99Ms.toFixed(1)} ms`,
          },
          {
            figure: 'logins per second, all clients on one account',
            value: single.rate,
            unit: '/s',
            baseline: 'bare argon2 verify per second',
            baselineValue: baseline.rate,
            ratio: ratioOf(single.rate, baseline.rate),
            note: `attempts on one account run one at a time; p95 ${single.p95Ms.toFixed(0)} ms`,
          },
          {
            figure: 'login errors (non-200 or failed)',
            value: measured.errors + single.errors,
            unit: 'requests',
            baseline: null,
            baselineValue: null,
            ratio: null,
            note: 'both login runs together',
            budget: 'no-errors',
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    agent.destroy();
    await database.close();
  }
}

/** POST /api/v1/auth/login throughput next to the bare password check it is built around. */
export const loginScenario: Scenario = {
  name: 'login',
  title: 'POST /api/v1/auth/login vs a bare argon2 verify of the same password hashes',
  defaults: { seconds: 10, concurrency: 8 },
  run,
};
