import { JobRunEntity } from './job-run.entity';
import { JobStatus } from './job-status';

/** A job as the admin view shows it. */
export interface JobResponse {
  id: string;
  name: string;
  businessKey: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  progress: number;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface JobPage {
  items: JobResponse[];
  total: number;
  limit: number;
  offset: number;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Allow-list mapping: the payload (ids for the handler) is not shown. */
export function toJobResponse(j: JobRunEntity): JobResponse {
  return {
    id: j.id,
    name: j.name,
    businessKey: j.businessKey,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    progress: j.progress,
    lastError: j.lastError,
    result: j.result ?? null,
    createdAt: j.createdAt.toISOString(),
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    updatedAt: j.updatedAt.toISOString(),
  };
}
