import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobSchedules, JobsModuleOptions } from '@app/jobs';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';
import { createJobsContext, JobsTestContext } from './jobs-test-context';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A context's schedule, registered the way contexts do it (OnModuleInit); counts its runs. */
@Injectable()
class CountingSchedule implements OnModuleInit {
  runs = 0;
  failNext = false;

  constructor(private readonly schedules: JobSchedules) {}

  onModuleInit(): void {
    this.schedules.register({ name: 'test.count', everyMs: 1_000, run: () => this.run() });
  }

  private async run(): Promise<number> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('boom');
    }
    return ++this.runs;
  }
}

describe('schedules (JobSchedules): where periodic tasks run, and their lifecycle', () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterAll(() => dropTestDatabase(databaseUrl));

  const open = (redisUrl: string | null, options: JobsModuleOptions): Promise<JobsTestContext> =>
    createJobsContext(databaseUrl, redisUrl, { queuePrefix: `sched${randomBytes(4).toString('hex')}`, ...options }, [
      CountingSchedule,
    ]);

  it('in the API process when jobs run in-process (no Redis): run at boot, then periodically, stopped at close', async () => {
    const ctx = await open(null, { runsSchedules: false });
    const schedules = ctx.app.get(JobSchedules);
    const counting = ctx.app.get(CountingSchedule);
    try {
      expect(schedules.runHere).toBe(true);
      expect(schedules.names()).toContain('test.count');
      expect(schedules.isRunning('test.count')).toBe(true);
      expect(counting.runs).toBe(1); // the boot run is awaited by app.init()
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(counting.runs).toBeGreaterThanOrEqual(2);

      // A failing run is logged and answers null; the schedule goes on.
      counting.failNext = true;
      expect(await schedules.runNow('test.count')).toBeNull();
      expect(schedules.isRunning('test.count')).toBe(true);
      expect(() => schedules.register({ name: 'test.count', everyMs: 1_000, run: async () => 0 })).toThrow(
        'already registered',
      );
    } finally {
      await ctx.close();
    }
    expect(schedules.isRunning('test.count')).toBe(false);
    const after = counting.runs;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(counting.runs).toBe(after);
  });

  it('a run that outlasts its interval is not started again before it ends (no pile-up of waiting runs)', async () => {
    const ctx = await open(null, { runsSchedules: false });
    const schedules = ctx.app.get(JobSchedules);
    let started = 0;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      schedules.register({
        name: 'test.slow',
        everyMs: 1_000,
        run: async () => {
          started += 1;
          await gate;
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 3_300)); // three ticks while the first run waits
      expect(started).toBe(1);
      release();
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(started).toBeGreaterThanOrEqual(2); // the next tick after it ended runs again
    } finally {
      release();
      await ctx.close();
    }
  });

  // Decided from the configuration alone: Redis itself is not contacted here (the worker suite runs the Bull path).
  it('with REDIS_URL set, in the worker (runsSchedules) and not in the API', async () => {
    const worker = await open(REDIS_URL, { runsSchedules: true });
    try {
      expect(worker.app.get(JobSchedules).runHere).toBe(true);
      expect(worker.app.get(JobSchedules).isRunning('test.count')).toBe(true);
      expect(worker.app.get(CountingSchedule).runs).toBe(1);
    } finally {
      await worker.close();
    }
    const api = await open(REDIS_URL, { runsSchedules: false });
    try {
      expect(api.app.get(JobSchedules).runHere).toBe(false);
      expect(api.app.get(JobSchedules).isRunning('test.count')).toBe(false);
      expect(api.app.get(CountingSchedule).runs).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('the stale-job sweep is a schedule of the worker (sweepIntervalMs), not of the API', async () => {
    const worker = await open(REDIS_URL, { runsSchedules: true, sweepIntervalMs: 60_000 });
    try {
      expect(worker.app.get(JobSchedules).isRunning('jobs.stale-sweep')).toBe(true);
    } finally {
      await worker.close();
    }
    const api = await open(REDIS_URL, { runsSchedules: false });
    try {
      expect(api.app.get(JobSchedules).names()).not.toContain('jobs.stale-sweep');
    } finally {
      await api.close();
    }
  });
});
