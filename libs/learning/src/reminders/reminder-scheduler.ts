import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse } from '@app/jobs';
import { schedulesRunHere } from '@app/mail';
import { AssignmentsService } from '../assignments/assignments.service';
import { REMINDERS_JOB, remindersKey } from './reminders.job';

/** How often the scheduler checks whether today's reminders job exists. */
export const REMINDER_CHECK_INTERVAL_MS = 60 * 60_000;

/**
 * Dispatches today's `learning.reminders` job at boot and then every hour; its business key
 * (`reminders:<YYYY-MM-DD>`, UTC day, i.e. from 07:00 in Vietnam) makes it run once a day. On when
 * REMINDERS_SCHEDULE is (default: on, off in tests), and only in the process that runs schedules: the API
 * when jobs run in-process, the worker with Redis (see schedulesRunHere). The same tick dispatches the day's
 * assignments sync (`assignments.sync:<YYYY-MM-DD>`), the safety net that enrols people whose membership or role
 * started on a later date than the change that recorded it (the roster hooks enrol everyone else at once).
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    private readonly assignments: AssignmentsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.remindersSchedule || !schedulesRunHere(this.config, this.moduleRef)) return;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), REMINDER_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Dispatches today's job (nothing new if it already exists); null if the dispatch failed (logged). */
  async tick(): Promise<JobResponse | null> {
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
