import { Injectable, Logger } from '@nestjs/common';
import { ValidationError } from '@app/common';
import { JobContext, PermanentJobError } from './job-handler';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { clampProgress, DEFAULT_BACKOFF_MS, errorMessage, retryDelayMs, shouldRetry } from './retry-policy';

/** What became of one attempt; the transport acts on it (Bull: throw to retry; in-process: set a timer). */
export type JobOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'retry'; error: string; attempt: number; delayMs: number }
  | { status: 'failed'; error: string; attempt: number }
  /** Nothing to do: the row is gone (rolled back) or already finished. */
  | { status: 'skipped' };

/** Failures that retrying cannot fix: the job fails at once. */
const isPermanent = (e: unknown): boolean => e instanceof PermanentJobError || e instanceof ValidationError;

/**
 * Runs one attempt of a job, whichever transport delivered it: claims the row, validates the payload,
 * calls the handler, and records the outcome, attempts and last error. Never throws for a job's own failure.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  constructor(
    private readonly jobs: JobRunRepository,
    private readonly registry: JobRegistry,
  ) {}

  async run(jobRunId: string, backoffMs?: number): Promise<JobOutcome> {
    const job = await this.jobs.claim(jobRunId);
    if (!job) {
      this.logger.warn({ jobRunId }, 'job not runnable (gone or finished): skipped');
      return { status: 'skipped' };
    }
    const started = performance.now();
    const ids = { jobRunId: job.id, job: job.name, businessKey: job.businessKey, attempt: job.attempts };
    const handler = this.registry.get(job.name);
    let outcome: JobOutcome;
    try {
      if (!handler) throw new PermanentJobError(`no handler is registered for job '${job.name}' in this process`);
      const problem = handler.validate?.(job.payload);
      if (problem) throw new PermanentJobError(`invalid payload: ${problem}`);
      const result = await handler.handle(
        job.payload,
        this.context(job.id, job.businessKey, job.attempts, job.maxAttempts),
      );
      await this.jobs.markSucceeded(job.id, result);
      outcome = { status: 'succeeded', result: result ?? null };
    } catch (e) {
      const error = errorMessage(e);
      const final = isPermanent(e) || !shouldRetry(job.attempts, job.maxAttempts);
      await this.jobs.markAttemptFailed(job.id, error, final);
      const delayMs = retryDelayMs(job.attempts, backoffMs ?? handler?.backoffMs ?? DEFAULT_BACKOFF_MS);
      outcome = final
        ? { status: 'failed', error, attempt: job.attempts }
        : { status: 'retry', error, attempt: job.attempts, delayMs };
    }
    const durationMs = Math.round(performance.now() - started);
    if (outcome.status === 'succeeded') this.logger.log({ ...ids, durationMs }, 'job succeeded');
    // Ids only: the error message may quote data, so it stays on job_run.last_error.
    else this.logger.warn({ ...ids, durationMs, outcome: outcome.status }, 'job attempt failed');
    return outcome;
  }

  private context(jobRunId: string, businessKey: string, attempt: number, maxAttempts: number): JobContext {
    let last = -1;
    return {
      jobRunId,
      businessKey,
      attempt,
      maxAttempts,
      reportProgress: async (percent: number) => {
        const progress = clampProgress(percent);
        if (progress === last) return;
        last = progress;
        await this.jobs.setProgress(jobRunId, progress);
      },
    };
  }
}
