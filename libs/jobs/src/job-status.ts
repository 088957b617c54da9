/** Where a job stands. A job waiting for its next retry is `queued` with `attempts > 0` and `lastError` set. */
export enum JobStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);

/** The one Bull queue every job goes through (jobs are told apart by name). */
export const JOBS_QUEUE = 'moc-jobs';

/** Default Bull key prefix; tests use a unique one per run. */
export const DEFAULT_QUEUE_PREFIX = 'moc';
