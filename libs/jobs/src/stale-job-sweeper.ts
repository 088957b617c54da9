import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { JobSchedules } from './job-schedules';
import { JOB_TRANSPORT, JobTransport } from './job-transport';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from './jobs.options';

/** A queued job untouched this long may have missed Bull (e.g. Redis was down when it was dispatched). */
const STALE_AFTER_SECONDS = 60;

/** The schedule's name (JobSchedules). */
export const STALE_JOBS_SCHEDULE = 'jobs.stale-sweep';

/**
 * Bull mode: hands stale queued jobs to Bull again, as the schedule `jobs.stale-sweep` (at boot and then every
 * `sweepIntervalMs`; registered only when that option is > 0, which the worker sets; runs where schedules run).
 * Safe to repeat and to run in several workers: Bull ignores a jobId it already holds.
 */
@Injectable()
export class StaleJobSweeper implements OnModuleInit {
  private readonly logger = new Logger(StaleJobSweeper.name);

  constructor(
    private readonly jobs: JobRunRepository,
    private readonly registry: JobRegistry,
    private readonly schedules: JobSchedules,
    @Inject(JOB_TRANSPORT) private readonly transport: JobTransport,
    @Inject(JOBS_MODULE_OPTIONS) private readonly options: ResolvedJobsOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.sweepIntervalMs <= 0) return;
    this.schedules.register({
      name: STALE_JOBS_SCHEDULE,
      everyMs: this.options.sweepIntervalMs,
      run: () => this.sweep(),
    });
  }

  /** Returns how many jobs were handed over again. */
  async sweep(): Promise<number> {
    const stale = await this.jobs.findStaleQueued(STALE_AFTER_SECONDS);
    for (const job of stale) {
      await this.transport.enqueue(job, this.registry.get(job.name)?.backoffMs ?? this.options.backoffMs);
    }
    if (stale.length) this.logger.log({ count: stale.length }, 'stale queued jobs handed to the queue again');
    return stale.length;
  }
}
