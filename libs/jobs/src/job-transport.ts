import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { JobRunEntity } from './job-run.entity';
import { JOBS_QUEUE } from './job-status';

/** Hands a queued job to whatever runs it. Chosen once by JobsModule.forRoot: Bull with REDIS_URL, else in-process. */
export interface JobTransport {
  enqueue(job: JobRunEntity, backoffMs: number): Promise<void>;
}

export const JOB_TRANSPORT = Symbol('JOB_TRANSPORT');

/** What travels through Redis: the job_run id only; the payload stays in PostgreSQL. */
export interface BullJobData {
  jobRunId: string;
}

/** Producer side only: the API never calls queue.process(); the @Processor lives in apps/worker. */
@Injectable()
export class BullJobTransport implements JobTransport {
  constructor(@InjectQueue(JOBS_QUEUE) private readonly queue: Queue<BullJobData>) {}

  async enqueue(job: JobRunEntity, backoffMs: number): Promise<void> {
    // jobId = business key: Bull ignores a second add while the first is still waiting, delayed or active.
    // Finished Bull jobs are removed; job_run keeps the history, and a failed key can be dispatched again.
    await this.queue.add(
      job.name,
      { jobRunId: job.id },
      {
        jobId: job.businessKey,
        attempts: job.maxAttempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }
}
