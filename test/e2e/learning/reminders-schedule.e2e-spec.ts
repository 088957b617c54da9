import { InProcessJobExecutor, JobSchedules } from '@app/jobs';
import { DAILY_REMINDERS_SCHEDULE, REMINDERS_JOB } from '@app/learning';
import { createTestApp, TestApp } from '../../setup/test-app';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

const remindersJobs = (t: TestApp): Promise<Array<{ business_key: string; status: string }>> =>
  t.db.query(`SELECT business_key, status FROM job_run WHERE name = $1`, [REMINDERS_JOB]);

describe('the reminders schedule', () => {
  it('is off in tests by default', async () => {
    const t = await createTestApp();
    try {
      expect(t.config.remindersSchedule).toBe(false);
      expect(t.app.get(JobSchedules).runHere).toBe(true);
      expect(t.app.get(JobSchedules).names()).not.toContain(DAILY_REMINDERS_SCHEDULE);
      expect(await remindersJobs(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('when turned on, dispatches the day’s job at boot and once a day whatever the number of checks', async () => {
    const t = await createTestApp({ REMINDERS_SCHEDULE: 'true' });
    try {
      expect(t.app.get(JobSchedules).isRunning(DAILY_REMINDERS_SCHEDULE)).toBe(true);
      await t.app.get(InProcessJobExecutor).onIdle();
      const today = t.clock.today();
      expect(await remindersJobs(t)).toEqual([{ business_key: `reminders:${today}`, status: 'succeeded' }]);

      // The hourly check later the same day finds the job there and runs nothing again.
      const again = await t.app.get(JobSchedules).runNow(DAILY_REMINDERS_SCHEDULE);
      expect(again).toMatchObject({ businessKey: `reminders:${today}`, status: 'succeeded' });
      await t.app.get(InProcessJobExecutor).onIdle();
      expect(await remindersJobs(t)).toHaveLength(1);

      // The next day: a new job.
      t.clock.advance(86_400_000);
      await t.app.get(JobSchedules).runNow(DAILY_REMINDERS_SCHEDULE);
      await t.app.get(InProcessJobExecutor).onIdle();
      const keys = (await remindersJobs(t)).map((j) => j.business_key).sort();
      expect(keys).toEqual([`reminders:${today}`, `reminders:${t.clock.today()}`]);
    } finally {
      await t.close();
    }
  });
});
