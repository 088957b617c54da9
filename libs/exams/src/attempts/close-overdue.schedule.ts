import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse, JobSchedules } from '@app/jobs';
import { CLOSE_OVERDUE_ATTEMPTS_JOB, CLOSE_OVERDUE_SLOT_MINUTES, closeOverdueKey } from './close-overdue.job';

/** The schedule's name (JobSchedules). */
export const CLOSE_OVERDUE_SCHEDULE = 'exams.close-overdue';

/**
 * The schedule `exams.close-overdue`: dispatches the job of the current 5-minute slot, at boot and then every 5
 * minutes, where schedules run (libs/jobs decides). Switched with the other periodic work by REMINDERS_SCHEDULE
 * (off in tests, which run the job by hand).
 */
@Injectable()
export class CloseOverdueSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    const everyMs = CLOSE_OVERDUE_SLOT_MINUTES * 60_000;
    this.schedules.register({ name: CLOSE_OVERDUE_SCHEDULE, everyMs, run: () => this.run() });
  }

  run(): Promise<JobResponse> {
    const key = closeOverdueKey(this.clock.now());
    return this.jobs.dispatch(CLOSE_OVERDUE_ATTEMPTS_JOB, key, { slot: key.slice(key.indexOf(':') + 1) });
  }
}
