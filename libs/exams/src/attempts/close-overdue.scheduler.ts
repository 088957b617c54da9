import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse } from '@app/jobs';
import { schedulesRunHere } from '@app/mail';
import { CLOSE_OVERDUE_ATTEMPTS_JOB, CLOSE_OVERDUE_SLOT_MINUTES, closeOverdueKey } from './close-overdue.job';

/**
 * Dispatches `exams.close-overdue` every 5 minutes, in the process that runs schedules (see schedulesRunHere).
 * Switched with the other periodic work by REMINDERS_SCHEDULE (off in tests, which run the job by hand).
 */
@Injectable()
export class CloseOverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CloseOverdueScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.remindersSchedule || !schedulesRunHere(this.config, this.moduleRef)) return;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), CLOSE_OVERDUE_SLOT_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<JobResponse | null> {
    const key = closeOverdueKey(this.clock.now());
    try {
      return await this.jobs.dispatch(CLOSE_OVERDUE_ATTEMPTS_JOB, key, { slot: key.slice(key.indexOf(':') + 1) });
    } catch (e) {
      this.logger.error(
        { key, err: e instanceof Error ? e.message : String(e) },
        'overdue attempts job not dispatched',
      );
      return null;
    }
  }
}
