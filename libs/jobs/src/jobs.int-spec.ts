import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, NotFoundError, Permission, ValidationError } from '@app/common';
import { createTestDatabase, dropTestDatabase } from '../../../test/setup/test-database';
import { createJobsContext, JobsTestContext } from '../../../test/e2e/jobs/jobs-test-context';
import { JobContext, JobHandler, RegisterJobHandler } from './job-handler';
import { JobDispatcher } from './job-dispatcher';
import { InProcessJobExecutor } from './in-process-executor';
import { JobsQueryService } from './jobs-query.service';
import { JobStatus } from './job-status';

/** Counts how many of its jobs run at once (bounded concurrency check); lives in "another lib". */
@RegisterJobHandler()
@Injectable()
class SlowJobHandler implements JobHandler<{ ms: number }> {
  readonly name = 'test.slow';
  active = 0;
  maxActive = 0;

  async handle(payload: { ms: number }, ctx: JobContext): Promise<{ done: true }> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    await ctx.reportProgress(50);
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    this.active--;
    return { done: true };
  }
}

interface Row {
  id: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  progress: number;
  last_error: string | null;
  result: Record<string, unknown> | null;
  started_at: Date | null;
  finished_at: Date | null;
}

describe('jobs without Redis (in-process)', () => {
  let databaseUrl: string;
  let t: JobsTestContext;
  let jobs: JobDispatcher;
  let executor: InProcessJobExecutor;
  let seq = 0;
  const key = (kind = 'test'): string => `${kind}:${++seq}-${Date.now().toString(36)}`;
  const row = async (db: DataSource, id: string): Promise<Row> =>
    (await db.query<Row[]>(`SELECT * FROM job_run WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    t = await createJobsContext(databaseUrl, null, { concurrency: 2, backoffMs: 50 }, [SlowJobHandler]);
    jobs = t.app.get(JobDispatcher);
    executor = t.app.get(InProcessJobExecutor);
  });
  afterAll(async () => {
    await t?.close();
    await dropTestDatabase(databaseUrl);
  });

  it('runs a dispatched job in this process, after dispatch returns', async () => {
    const job = await jobs.dispatch('system.echo', key('echo'), { ref: 'a1' });
    expect(job.status).toBe(JobStatus.Queued);
    await executor.onIdle();
    const done = await row(t.db, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, progress: 100, last_error: null });
    expect(done.result).toEqual({ ref: 'a1', pid: process.pid, attempt: 1 });
    expect(done.finished_at).toBeInstanceOf(Date);
  });

  it('is idempotent by business key: same job, run once', async () => {
    const k = key('export');
    const [a, b] = await Promise.all([
      jobs.dispatch('system.echo', k, { ref: 'x' }),
      jobs.dispatch('system.echo', k, { ref: 'x' }),
    ]);
    expect(b.id).toBe(a.id);
    await executor.onIdle();
    const again = await jobs.dispatch('system.echo', k, { ref: 'x' });
    expect(again).toMatchObject({ id: a.id, status: 'succeeded' });
    await executor.onIdle();
    expect(await row(t.db, a.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [{ count }] = await t.db.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM job_run WHERE business_key = $1`,
      [k],
    );
    expect(count).toBe(1);
  });

  it('retries with exponential backoff until it succeeds', async () => {
    const started = Date.now();
    const job = await jobs.dispatch('system.fail-times', key(), { n: 2 }, { maxAttempts: 3, backoffMs: 50 });
    await executor.onIdle();
    // waits 50 ms after attempt 1, then 150 ms after attempt 2
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    const done = await row(t.db, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3, last_error: null });
    expect(done.result).toMatchObject({ attempt: 3 });
  });

  it('ends failed after max attempts with the last error message; a new dispatch runs it again', async () => {
    const k = key();
    const job = await jobs.dispatch('system.fail-times', k, { n: 2 }, { maxAttempts: 2, backoffMs: 10 });
    await executor.onIdle();
    const failed = await row(t.db, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_error: 'planned failure 2 of 2' });
    expect(failed.last_error).not.toContain('at ');
    expect(failed.finished_at).toBeInstanceOf(Date);

    const retried = await jobs.dispatch('system.fail-times', k, { n: 2 }, { maxAttempts: 3, backoffMs: 10 });
    expect(retried).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
    await executor.onIdle();
    expect(await row(t.db, job.id)).toMatchObject({ status: 'succeeded', attempts: 3 });
  });

  it('fails a job with an invalid payload at once, with a clear message', async () => {
    const job = await jobs.dispatch('system.fail-times', key(), { n: 'many' }, { maxAttempts: 5 });
    await executor.onIdle();
    const failed = await row(t.db, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/^invalid payload: .*n must be an integer number/);
  });

  it('refuses unknown jobs, malformed business keys and large payloads', async () => {
    await expect(jobs.dispatch('nope.nothing', key(), {})).rejects.toBeInstanceOf(ValidationError);
    await expect(jobs.dispatch('system.echo', 'no-colon', {})).rejects.toBeInstanceOf(ValidationError);
    await expect(jobs.dispatch('system.echo', key(), { blob: 'x'.repeat(5000) })).rejects.toThrow(/pass ids/);
    await expect(jobs.dispatch('system.echo', key(), {}, { maxAttempts: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('hands the job over only after the caller’s transaction commits, and never after a rollback', async () => {
    const committedKey = key();
    let id = '';
    await t.db.transaction(async (manager) => {
      id = (await jobs.dispatch('system.echo', committedKey, {}, { manager })).id;
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Still inside the transaction: nothing has run, and other connections do not see the job.
      expect(await t.db.query(`SELECT 1 FROM job_run WHERE id = $1`, [id])).toEqual([]);
    });
    await executor.onIdle();
    expect(await row(t.db, id)).toMatchObject({ status: 'succeeded' });

    const rolledBackKey = key();
    await expect(
      t.db.transaction(async (manager) => {
        await jobs.dispatch('system.echo', rolledBackKey, {}, { manager });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    await executor.onIdle();
    expect(await t.db.query(`SELECT 1 FROM job_run WHERE business_key = $1`, [rolledBackKey])).toEqual([]);
  });

  it('runs at most `concurrency` jobs at once and records progress', async () => {
    const slow = t.app.get(SlowJobHandler);
    const dispatched = await Promise.all(
      [1, 2, 3, 4, 5].map(() => jobs.dispatch('test.slow', key('slow'), { ms: 60 })),
    );
    await executor.onIdle();
    expect(slow.maxActive).toBe(2);
    for (const j of dispatched) expect(await row(t.db, j.id)).toMatchObject({ status: 'succeeded', progress: 100 });
  });

  it('lists jobs newest first with filters and pagination, and gets one by id', async () => {
    const [root] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE parent_id IS NULL`);
    const national: Actor = {
      accountId: root.id,
      grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
      via: 'api',
    };
    const jobsQuery = t.app.get(JobsQueryService);
    const query = {
      list: (q: Parameters<JobsQueryService['list']>[1]) => jobsQuery.list(national, q),
      get: (id: string) => jobsQuery.get(national, id),
    };
    const failedPage = await query.list({ status: JobStatus.Failed, limit: 100 });
    expect(failedPage.items.length).toBeGreaterThan(0);
    expect(failedPage.items.every((j) => j.status === JobStatus.Failed)).toBe(true);

    const all = await query.list({ limit: 100 });
    const times = all.items.map((j) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const page2 = await query.list({ limit: 2, offset: 2 });
    expect(page2).toMatchObject({ limit: 2, offset: 2, total: all.total });
    expect(page2.items.map((j) => j.id)).toEqual(all.items.slice(2, 4).map((j) => j.id));

    const slowOnly = await query.list({ name: 'test.slow' });
    expect(slowOnly.total).toBe(5);

    const one = await query.get(all.items[0].id);
    expect(one).toEqual(all.items[0]);
    expect(Object.keys(one)).not.toContain('payload');
    await expect(query.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('resumes jobs left queued by an earlier process when it boots', async () => {
    const [{ id }] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO job_run (queue, name, business_key, payload) VALUES ('moc-jobs', 'system.echo', $1, '{}') RETURNING id`,
      [key('left')],
    );
    const second = await createJobsContext(databaseUrl, null, { backoffMs: 10 });
    try {
      await second.app.get(InProcessJobExecutor).onIdle();
      expect(await row(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      await second.close();
    }
  });
});
