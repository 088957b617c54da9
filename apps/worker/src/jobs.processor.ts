import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { InjectQueue, OnQueueError, Process, Processor } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { BullJobData, JobRunner, JOBS_QUEUE } from '@app/jobs';

/** Jobs run at the same time by one worker process (2 cores; most jobs wait on PostgreSQL). */
export const WORKER_CONCURRENCY = 2;

/** Thin Bull wrapper: JobRunner (from @app/jobs) does the work and keeps job_run up to date. */
@Processor(JOBS_QUEUE)
export class JobsProcessor implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsProcessor.name);

  constructor(
    private readonly runner: JobRunner,
    @InjectQueue(JOBS_QUEUE) private readonly queue: Queue<BullJobData>,
  ) {}

  @Process({ name: '*', concurrency: WORKER_CONCURRENCY })
  async process(job: Job<BullJobData>): Promise<unknown> {
    const outcome = await this.runner.run(job.data.jobRunId);
    switch (outcome.status) {
      case 'succeeded':
        return outcome.result;
      case 'skipped':
        return null;
      case 'retry':
        throw new Error(outcome.error); // Bull retries with the exponential backoff set at enqueue
      case 'failed':
        await job.discard(); // final (permanent error or attempts used up): no Bull retry
        throw new Error(outcome.error);
    }
  }

  @OnQueueError()
  onError(error: Error): void {
    this.logger.error({ err: error.message }, 'queue error');
  }

  /** SIGTERM: stop taking jobs and let the running ones finish while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
