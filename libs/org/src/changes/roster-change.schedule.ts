import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse, JobSchedules } from '@app/jobs';
import { ROSTER_CHANGES_READ_JOB, RosterChangeFeed } from './roster-change-feed';

/** The schedule's name (JobSchedules). */
export const ROSTER_CHANGES_SCHEDULE = 'org.roster-changes';

/** Every minute: what coverage folds lags the roster by about a minute. */
export const ROSTER_CHANGES_EVERY_MS = 60_000;

/** The business key of a consumer's read job in the minute of `now` (one job per consumer and minute). */
export const rosterChangesKey = (consumer: string, now: Date): string =>
  `roster-changes:${consumer}:${now.toISOString().slice(0, 16)}`;

/**
 * The schedule `org.roster-changes`: every minute (and at boot), dispatches the read job of the change log for each
 * consumer registered with RosterChangeFeed, keyed by consumer and minute, so a second ticker dispatches nothing new
 * and runs of one consumer queue behind its cursor's row lock. Switched with the other periodic work by
 * REMINDERS_SCHEDULE (off in tests, which run the job by hand).
 */
@Injectable()
export class RosterChangeSchedule implements OnModuleInit {
  constructor(
    private readonly feed: RosterChangeFeed,
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: ROSTER_CHANGES_SCHEDULE, everyMs: ROSTER_CHANGES_EVERY_MS, run: () => this.run() });
  }

  /** The read jobs of this minute, one per registered consumer (none while nothing is registered). */
  async run(): Promise<JobResponse[]> {
    const now = this.clock.now();
    const dispatched: JobResponse[] = [];
    for (const consumer of this.feed.consumerNames()) {
      dispatched.push(await this.jobs.dispatch(ROSTER_CHANGES_READ_JOB, rosterChangesKey(consumer, now), { consumer }));
    }
    return dispatched;
  }
}
