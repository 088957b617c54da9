import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { JOB_TRANSPORT, JobTransport } from './job-transport';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from './jobs.options';

/** A queued job untouched this long may have missed Bull (e.g. Redis was down when it was dispatched). */
const STALE_AFTER_SECONDS = 60;

/**
 * Bull mode, worker only (`sweepIntervalMs` > 0): hands stale queued jobs to Bull again, at boot and then
 * periodically. Safe to repeat and to run in several workers: Bull ignores a jobId it already holds.
 */
@Injectable()
export class StaleJobSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StaleJobSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobRunRepository,
    private readonly registry: JobRegistry,
    @Inject(JOB_TRANSPORT) private readonly transport: JobTransport,
    @Inject(JOBS_MODULE_OPTIONS) private readonly options: ResolvedJobsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.sweepIntervalMs <= 0) return;
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many jobs were handed over again. */
  async sweep(): Promise<number> {
    try {
      const stale = await this.jobs.findStaleQueued(STALE_AFTER_SECONDS);
      for (const job of stale) {
        await this.transport.enqueue(job, this.registry.get(job.name)?.backoffMs ?? this.options.backoffMs);
      }
      if (stale.length) this.logger.log({ count: stale.length }, 'stale queued jobs handed to the queue again');
      return stale.length;
    } catch (e) {
      this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'stale job sweep failed');
      return 0;
    }
  }
}
