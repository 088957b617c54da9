import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { AfterCommit } from './after-commit';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { JOBS_QUEUE } from './job-status';
import { JOB_TRANSPORT, JobTransport } from './job-transport';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from './jobs.options';
import { JobResponse, toJobResponse } from './job.response';
import { MAX_ATTEMPTS_LIMIT } from './retry-policy';

export interface DispatchOptions {
  /** Attempts in all, first one included (1..20); default: the handler's, else 3. */
  maxAttempts?: number;
  /** Base of the exponential backoff (base, 3×base, 7×base…); default: the handler's, else 1 s. */
  backoffMs?: number;
  /**
   * The caller's transaction: the job_run row is written in it and the job is handed over only after it
   * commits (and never if it rolls back).
   */
  manager?: EntityManager;
  /**
   * The unit the job acts on (a roster import's scope unit, an assignment's unit): only administrators of its
   * subtree see the job. Leave it out for platform jobs (reminders, mail, sweeps): national administrators only.
   */
  unitId?: string;
}

const BUSINESS_KEY = /^[a-z][a-z0-9.-]*:[A-Za-z0-9._:-]+$/;
const MAX_PAYLOAD_BYTES = 4_096;

/**
 * The way to start a job. Idempotent by business key (`export:<requestId>`): dispatching a key again returns
 * the same job and does not run it again, unless it failed, in which case it runs again with fresh attempts.
 */
@Injectable()
export class JobDispatcher {
  constructor(
    private readonly jobs: JobRunRepository,
    private readonly registry: JobRegistry,
    private readonly afterCommit: AfterCommit,
    @Inject(JOB_TRANSPORT) private readonly transport: JobTransport,
    @Inject(JOBS_MODULE_OPTIONS) private readonly options: ResolvedJobsOptions,
  ) {}

  async dispatch<P extends object>(
    name: string,
    businessKey: string,
    payload: P,
    opts: DispatchOptions = {},
  ): Promise<JobResponse> {
    const handler = this.registry.get(name);
    if (!handler) {
      throw new ValidationError(`unknown job '${name}'`, [{ field: 'name', reason: 'no handler is registered' }]);
    }
    checkBusinessKey(businessKey);
    const data = checkPayload(payload);
    const maxAttempts = opts.maxAttempts ?? handler.maxAttempts ?? this.options.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new ValidationError(`maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}`);
    }
    const backoffMs = opts.backoffMs ?? handler.backoffMs ?? this.options.backoffMs;

    const { job, requeued } = await this.jobs.upsert(
      { queue: JOBS_QUEUE, name, businessKey, payload: data, maxAttempts, unitId: opts.unitId ?? null },
      opts.manager,
    );
    if (job.name !== name) {
      throw new ValidationError(`business key '${businessKey}' already belongs to a '${job.name}' job`);
    }
    // If the hand-over fails the row stays queued: dispatching the key again hands it over again
    // (Bull ignores a duplicate jobId), and the in-process executor resumes queued rows at boot.
    if (requeued) await this.afterCommit.run(opts.manager, () => this.transport.enqueue(job, backoffMs));
    return toJobResponse(job);
  }
}

function checkBusinessKey(businessKey: string): void {
  if (typeof businessKey !== 'string' || businessKey.length > 200 || !BUSINESS_KEY.test(businessKey)) {
    throw new ValidationError(`business key must look like 'kind:<id>' (at most 200 characters)`, [
      { field: 'businessKey', reason: 'invalid format' },
    ]);
  }
}

function checkPayload(payload: object): Record<string, unknown> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ValidationError('job payload must be an object of ids');
  }
  const json = JSON.stringify(payload);
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
    throw new ValidationError(`job payload is larger than ${MAX_PAYLOAD_BYTES} bytes: pass ids, not data`);
  }
  return JSON.parse(json) as Record<string, unknown>;
}
