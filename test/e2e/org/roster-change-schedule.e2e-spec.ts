import { COVERAGE_CONSUMER } from '@app/coverage';
import { InProcessJobExecutor, JobSchedules } from '@app/jobs';
import {
  PEOPLE_COUNTS_CONSUMER,
  PEOPLE_COUNTS_EVERY_MS,
  PEOPLE_COUNTS_SCHEDULE,
  ROSTER_CHANGES_EVERY_MS,
  ROSTER_CHANGES_READ_JOB,
  ROSTER_CHANGES_SCHEDULE,
  RosterChangeFeed,
  rosterChangesKey,
} from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

/** The read jobs of one consumer (their keys are `roster-changes:<consumer>:<minute>`). */
const readJobs = (t: TestApp, consumer: string): Promise<Array<{ business_key: string; status: string }>> =>
  t.db.query(
    `SELECT business_key, status FROM job_run WHERE name = $1 AND business_key LIKE $2 ORDER BY business_key`,
    [ROSTER_CHANGES_READ_JOB, `roster-changes:${consumer}:%`],
  );

describe('the roster change-log schedule', () => {
  it('is off in tests by default', async () => {
    const t = await createTestApp();
    try {
      expect(t.app.get(JobSchedules).names()).not.toContain(ROSTER_CHANGES_SCHEDULE);
      expect(t.app.get(JobSchedules).names()).not.toContain(PEOPLE_COUNTS_SCHEDULE);
    } finally {
      await t.close();
    }
  });

  it('when turned on, runs every minute and dispatches one read job per consumer and minute', async () => {
    const t = await createTestApp({ REMINDERS_SCHEDULE: 'true' });
    try {
      const schedules = t.app.get(JobSchedules);
      expect(schedules.names()).toContain(ROSTER_CHANGES_SCHEDULE);
      expect(schedules.isRunning(ROSTER_CHANGES_SCHEDULE)).toBe(true);
      expect(ROSTER_CHANGES_EVERY_MS).toBe(60_000);
      // The consumers: coverage's rollups and the units' people counts (which also fold every 5 s themselves).
      const feed = t.app.get(RosterChangeFeed);
      expect(feed.consumerNames().sort()).toEqual([COVERAGE_CONSUMER, PEOPLE_COUNTS_CONSUMER].sort());
      expect(schedules.isRunning(PEOPLE_COUNTS_SCHEDULE)).toBe(true);
      expect(PEOPLE_COUNTS_EVERY_MS).toBe(5_000);
      // The boot run dispatched a read job for each consumer registered then, none for others.
      expect(await readJobs(t, COVERAGE_CONSUMER)).toHaveLength(1);
      expect(await readJobs(t, PEOPLE_COUNTS_CONSUMER)).toHaveLength(1);
      expect(await readJobs(t, 'test.schedule')).toEqual([]);

      feed.register('test.schedule', () => Promise.resolve());
      const first = rosterChangesKey('test.schedule', t.clock.now());
      const dispatched = (await schedules.runNow(ROSTER_CHANGES_SCHEDULE)) as Array<{ businessKey: string }>;
      expect(dispatched.map((j) => j.businessKey).filter((k) => k.includes(':test.schedule:'))).toEqual([first]);
      await t.app.get(InProcessJobExecutor).onIdle();
      expect(await readJobs(t, 'test.schedule')).toEqual([{ business_key: first, status: 'succeeded' }]);

      // Another tick in the same minute finds the job there; the next minute dispatches a new one.
      await schedules.runNow(ROSTER_CHANGES_SCHEDULE);
      t.clock.advance(ROSTER_CHANGES_EVERY_MS);
      const second = rosterChangesKey('test.schedule', t.clock.now());
      await schedules.runNow(ROSTER_CHANGES_SCHEDULE);
      await t.app.get(InProcessJobExecutor).onIdle();
      expect(await readJobs(t, 'test.schedule')).toEqual([
        { business_key: first, status: 'succeeded' },
        { business_key: second, status: 'succeeded' },
      ]);
      expect(second).not.toBe(first);
    } finally {
      await t.close();
    }
  });
});
