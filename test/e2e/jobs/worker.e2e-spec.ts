import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { JobDispatcher, JOBS_QUEUE, JobStatus } from '@app/jobs';
import { describeWhen } from '../../setup/ci';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';
import { createJobsContext, JobsTestContext, TEST_SECRET } from './jobs-test-context';

// Spawning the worker (swc register + Nest boot) takes 1–5 s on a busy 2-core machine.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Synchronous so the suite can be skipped at collection time: does Redis answer PING? */
function redisAnswers(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s=require('net').connect(${Number(port) || 6379},${JSON.stringify(hostname)},()=>s.write('PING\\r\\n'));
    s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),2000);`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

// Redis runs on every developer and CI machine (STACK.md). Without it this path cannot be tested at all
// (no npm package ships a working Redis, ioredis-mock cannot run Bull): skip locally, but fail in CI (setup/ci.ts).
const describeWithRedis = describeWhen(redisAnswers(REDIS_URL), `Redis at ${REDIS_URL} does not answer`);

interface Worker {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorker(env: Record<string, string>): Worker {
  let out = '';
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Row {
  status: JobStatus;
  attempts: number;
  progress: number;
  last_error: string | null;
  result: { pid?: number; attempt?: number; ref?: string } | null;
}

const rowWhen = (db: DataSource, id: string, statuses: JobStatus[]) => async (): Promise<Row | undefined> => {
  const [row] = await db.query<Row[]>(`SELECT * FROM job_run WHERE id = $1`, [id]);
  return row && statuses.includes(row.status) ? row : undefined;
};

describe('the worker process', () => {
  it('refuses to start without REDIS_URL, saying why', async () => {
    const w = startWorker({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      SESSION_SECRET: TEST_SECRET,
      JWT_SECRET: TEST_SECRET,
    });
    expect(await w.exited).toBe(1);
    expect(w.output()).toContain('The worker needs REDIS_URL');
  });

  it('exits 1 with the configuration error on bad config', async () => {
    const w = startWorker({
      DATABASE_URL: 'mysql://nope',
      REDIS_URL,
      SESSION_SECRET: 'short',
      JWT_SECRET: TEST_SECRET,
    });
    expect(await w.exited).toBe(1);
    expect(w.output()).toContain('DATABASE_URL="mysql://nope": must be a postgres:// URL');
    expect(w.output()).not.toContain('short');
  });
});

describeWithRedis('jobs with Redis (Bull + the worker process)', () => {
  // A Bull key prefix of our own: parallel runs and other suites never see these jobs.
  const queuePrefix = `moc-test-${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  let api: JobsTestContext;
  let jobs: JobDispatcher;
  let worker: Worker;
  let seq = 0;
  const key = (): string => `test:${queuePrefix}-${++seq}`;

  let staleId: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    // The API side: JobsModule with redisUrl only produces; it has no @Processor.
    api = await createJobsContext(databaseUrl, REDIS_URL, { queuePrefix });
    jobs = api.app.get(JobDispatcher);
    // A job that never reached Bull (say Redis was down at dispatch): the worker's sweep hands it over.
    [{ id: staleId }] = await api.db.query<Array<{ id: string }>>(
      `INSERT INTO job_run (queue, name, business_key, payload, created_at, updated_at)
       VALUES ('moc-jobs', 'system.echo', $1, '{"ref":"stale"}', now() - interval '5 minutes', now() - interval '5 minutes')
       RETURNING id`,
      [key()],
    );
    worker = startWorker({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      SESSION_SECRET: TEST_SECRET,
      JWT_SECRET: TEST_SECRET,
      JOBS_QUEUE_PREFIX: queuePrefix,
    });
    await waitFor('the worker to be ready', async () => (worker.output().includes('worker ready') ? true : undefined));
  });

  afterAll(async () => {
    if (worker && worker.proc.exitCode === null) {
      worker.proc.kill('SIGKILL');
      await worker.exited;
    }
    if (api) {
      await api.app.get<Queue>(getQueueToken(JOBS_QUEUE)).obliterate({ force: true });
      await api.close();
    }
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('runs a dispatched job in the worker process, not in the API process', async () => {
    const job = await jobs.dispatch('system.echo', key(), { ref: 'r1' });
    const done = await waitFor('the job to finish', rowWhen(api.db, job.id, [JobStatus.Succeeded, JobStatus.Failed]));
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, progress: 100 });
    expect(done.result?.pid).toBe(worker.proc.pid);
    expect(done.result?.pid).not.toBe(process.pid);
  });

  it('hands over at boot a queued job that never reached Bull', async () => {
    const done = await waitFor('the stale job', rowWhen(api.db, staleId, [JobStatus.Succeeded, JobStatus.Failed]));
    expect(done).toMatchObject({ status: 'succeeded', result: { ref: 'stale', pid: worker.proc.pid, attempt: 1 } });
  });

  it('is idempotent by business key through Bull', async () => {
    const k = key();
    const [a, b] = await Promise.all([
      jobs.dispatch('system.echo', k, { ref: 'same' }),
      jobs.dispatch('system.echo', k, { ref: 'same' }),
    ]);
    expect(b.id).toBe(a.id);
    await waitFor('the job to finish', rowWhen(api.db, a.id, [JobStatus.Succeeded]));
    // Dispatched again once done: the same row comes back, and nothing reaches Bull. A job dispatched after it runs
    // to the end (the queue is first in, first out), so a second run of the first job would have started by then.
    const again = await jobs.dispatch('system.echo', k, { ref: 'same' });
    expect(again.id).toBe(a.id);
    const after = await jobs.dispatch('system.echo', key(), { ref: 'after' });
    await waitFor('the job dispatched after it', rowWhen(api.db, after.id, [JobStatus.Succeeded]));
    expect(await rowWhen(api.db, a.id, [JobStatus.Succeeded])()).toMatchObject({ attempts: 1 });
  });

  it('retries with Bull’s backoff in the worker, then fails for good after max attempts', async () => {
    const retried = await jobs.dispatch('system.fail-times', key(), { n: 1 }, { maxAttempts: 3, backoffMs: 100 });
    const ok = await waitFor('the retry', rowWhen(api.db, retried.id, [JobStatus.Succeeded, JobStatus.Failed]));
    expect(ok).toMatchObject({ status: 'succeeded', attempts: 2, last_error: null });
    expect(ok.result).toEqual({ pid: worker.proc.pid, attempt: 2 });

    const doomed = await jobs.dispatch('system.fail-times', key(), { n: 9 }, { maxAttempts: 2, backoffMs: 50 });
    const failed = await waitFor('the failure', rowWhen(api.db, doomed.id, [JobStatus.Failed, JobStatus.Succeeded]));
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_error: 'planned failure 2 of 9' });
  });

  it('on SIGTERM finishes the running job, then exits 0', async () => {
    const job = await jobs.dispatch('system.echo', key(), { ref: 'slow', sleepMs: 1500 });
    await waitFor('the job to start', rowWhen(api.db, job.id, [JobStatus.Running]));
    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const done = await rowWhen(api.db, job.id, [JobStatus.Succeeded])();
    expect(done).toMatchObject({ status: 'succeeded', progress: 100 });
    expect(done?.result?.pid).toBe(worker.proc.pid);
    expect(worker.output()).toContain('worker stopped');
  });
});
