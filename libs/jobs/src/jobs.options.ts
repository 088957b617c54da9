import { DEFAULT_QUEUE_PREFIX } from './job-status';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_ATTEMPTS } from './retry-policy';

/** Tuning for JobsModule.forRoot; everything has a default. */
export interface JobsModuleOptions {
  /** Bull key prefix in Redis (default 'moc'): tests use a unique one so runs never share jobs. */
  queuePrefix?: string;
  /** In-process mode: jobs run at the same time (default 2, the machine has 2 cores). */
  concurrency?: number;
  /** In-process mode: resume jobs left queued or running by an earlier process (default true). */
  resumeOnBoot?: boolean;
  /**
   * Bull mode: how often the schedule `jobs.stale-sweep` re-enqueues stale queued jobs, where schedules run (0 =
   * never, the default; the worker turns it on).
   */
  sweepIntervalMs?: number;
  /**
   * Bull mode: this process runs the schedules registered with JobSchedules (outbox sweep, daily reminders and
   * assignments sync, overdue exam attempts, stale-job sweep); the worker sets it, the API does not. In-process
   * mode (no REDIS_URL) the API always runs them.
   */
  runsSchedules?: boolean;
  /** Defaults when neither dispatch() nor the handler says. */
  maxAttempts?: number;
  backoffMs?: number;
}

export type ResolvedJobsOptions = Required<JobsModuleOptions>;

export const JOBS_MODULE_OPTIONS = Symbol('JOBS_MODULE_OPTIONS');

const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

export function resolveJobsOptions(options: JobsModuleOptions = {}): ResolvedJobsOptions {
  const resolved = {
    queuePrefix: options.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    concurrency: options.concurrency ?? 2,
    resumeOnBoot: options.resumeOnBoot ?? true,
    sweepIntervalMs: options.sweepIntervalMs ?? 0,
    runsSchedules: options.runsSchedules ?? false,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
  };
  if (!PREFIX.test(resolved.queuePrefix)) throw new Error(`queuePrefix must match ${PREFIX.source}`);
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) throw new Error('concurrency must be ≥ 1');
  return resolved;
}
