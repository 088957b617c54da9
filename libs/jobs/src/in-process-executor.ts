import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobRunEntity } from './job-run.entity';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner';
import { JobTransport } from './job-transport';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from './jobs.options';

const SHUTDOWN_WAIT_MS = 20_000;

/**
 * Runs jobs in this process when there is no Redis (embedded mode): at most `concurrency` at a time,
 * retries on timers with the same exponential backoff as Bull. Jobs left queued or running by an earlier
 * process are resumed at boot; at shutdown running jobs finish and waiting ones stay queued in job_run.
 */
@Injectable()
export class InProcessJobExecutor implements JobTransport, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InProcessJobExecutor.name);
  private readonly ready: string[] = [];
  /** Every job this executor holds (ready, waiting for a retry, or running) with its backoff base. */
  private readonly held = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private closing = false;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: JobRunRepository,
    @Inject(JOBS_MODULE_OPTIONS) private readonly options: ResolvedJobsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.resumeOnBoot) return;
    const ids = await this.jobs.findUnfinishedIds();
    if (ids.length) this.logger.log({ count: ids.length }, 'resuming unfinished jobs');
    for (const id of ids) this.schedule(id, this.options.backoffMs);
  }

  enqueue(job: JobRunEntity, backoffMs: number): Promise<void> {
    this.schedule(job.id, backoffMs);
    return Promise.resolve();
  }

  /** Resolves when nothing is ready, waiting or running (tests and smoke checks). */
  onIdle(): Promise<void> {
    if (this.held.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.length = 0;
    this.held.clear();
    this.notifyIfIdle();
    if (this.running.size === 0) return;
    this.logger.log({ running: this.running.size }, 'waiting for running jobs before shutdown');
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => (timeout = setTimeout(resolve, SHUTDOWN_WAIT_MS))),
    ]);
    clearTimeout(timeout);
  }

  private schedule(id: string, backoffMs: number): void {
    if (this.closing || this.held.has(id)) return; // already ready, waiting for a retry, or running
    this.held.set(id, backoffMs);
    this.ready.push(id);
    // After the current tick: the dispatching request finishes first.
    setImmediate(() => this.pump());
  }

  private later(id: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.ready.push(id);
      this.pump();
    }, delayMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  private pump(): void {
    while (!this.closing && this.running.size < this.options.concurrency && this.ready.length > 0) {
      const id = this.ready.shift() as string;
      const task = this.execute(id).finally(() => {
        this.running.delete(task);
        this.pump();
      });
      this.running.add(task);
    }
  }

  private async execute(id: string): Promise<void> {
    const backoffMs = this.held.get(id) ?? this.options.backoffMs;
    let retryInMs: number | null = null;
    try {
      const outcome = await this.runner.run(id, backoffMs);
      if (outcome.status === 'retry') retryInMs = Math.max(1, outcome.delayMs);
    } catch (e) {
      // The database itself failed (the runner records a job's own errors): try again later.
      this.logger.error({ jobRunId: id, err: e instanceof Error ? e.message : String(e) }, 'job runner failed');
      retryInMs = Math.max(1, backoffMs);
    }
    if (retryInMs !== null && !this.closing) {
      this.later(id, retryInMs);
      return;
    }
    this.held.delete(id);
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.held.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
