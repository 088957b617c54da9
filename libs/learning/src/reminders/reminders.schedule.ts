import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse, JobSchedules } from '@app/jobs';
import { AssignmentsService } from '../assignments/assignments.service';
import { REMINDERS_JOB, remindersKey } from './reminders.job';

/** The schedule's name (JobSchedules). */
export const DAILY_REMINDERS_SCHEDULE = 'learning.reminders';

/** How often the schedule checks whether today's reminders job exists. */
export const REMINDER_CHECK_INTERVAL_MS = 60 * 60_000;

/**
 * The schedule `learning.reminders`, registered with libs/jobs when REMINDERS_SCHEDULE is on (default: on, off in
 * tests) and run where schedules run (the API when jobs run in-process, the worker with Redis): at boot and then
 * every hour it dispatches today's `learning.reminders` job, whose business key (`reminders:<YYYY-MM-DD>`, UTC day,
 * i.e. from 07:00 in Vietnam) makes it run once a day. The same run dispatches the day's assignments sync
 * (`assignments.sync:<YYYY-MM-DD>`), the safety net that enrols people whose membership or role started on a later
 * date than the change that recorded it (the roster hooks enrol everyone else at once).
 */
@Injectable()
export class RemindersSchedule implements OnModuleInit {
  private readonly logger = new Logger(RemindersSchedule.name);

  constructor(
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: JobSchedules,
    private readonly assignments: AssignmentsService,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    this.schedules.register({
      name: DAILY_REMINDERS_SCHEDULE,
      everyMs: REMINDER_CHECK_INTERVAL_MS,
      run: () => this.run(),
    });
  }

  /** Dispatches today's jobs (nothing new if they already exist); null if the reminders dispatch failed (logged). */
  async run(): Promise<JobResponse | null> {
    const date = this.clock.today();
    try {
      await this.assignments.dispatchSyncAll(date);
    } catch (e) {
      this.logger.error({ date, err: e instanceof Error ? e.message : String(e) }, 'assignments sync not dispatched');
    }
    try {
      return await this.jobs.dispatch(REMINDERS_JOB, remindersKey(date), { date });
    } catch (e) {
      this.logger.error({ date, err: e instanceof Error ? e.message : String(e) }, 'reminders job not dispatched');
      return null;
    }
  }
}
