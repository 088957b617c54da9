import { DomainError } from '@app/common';
import { RosterColumnKey } from '../import/roster-columns';
import { RosterNotice, RosterProblemCode } from '../import/roster-problems';

/** The job that runs an import batch; business key `roster-import:<batchId>`. */
export const ROSTER_IMPORT_JOB = 'roster.import';
export const rosterImportKey = (batchId: string): string => `roster-import:${batchId}`;

/** Largest upload accepted (the HTTP layer enforces it too, before the body is buffered). */
export const MAX_ROSTER_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Problems kept on the batch for the report; every invalid row is in the errors file. */
export const MAX_STORED_PROBLEMS = 1_000;

export type ImportMode = 'dry_run' | 'commit';
export const IMPORT_MODES: readonly ImportMode[] = ['dry_run', 'commit'];
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** Row problems found against the database, beside the file-only ones of RosterFileValidator. */
export type ImportProblemCode = RosterProblemCode | 'unknown_unit' | 'unit_closed' | 'code_out_of_scope';

export interface ImportProblem {
  row: number;
  /** The column's stable key (for machines); null for the row or the file as a whole. */
  field: RosterColumnKey | null;
  /** The column as the file's header names it ("Mã đơn vị", "unit_code"…), for people; null with `field` null. */
  column?: string | null;
  code: ImportProblemCode;
  reason: string;
  reasonVi: string;
}

export interface ImportCounts {
  /** Data rows read (empty rows excluded). */
  rows: number;
  valid: number;
  invalid: number;
  /** People created, updated, or found identical (in a dry run: what a commit would do). */
  created: number;
  updated: number;
  unchanged: number;
  /** Fully empty rows skipped. */
  empty: number;
}

export interface ImportBatchResponse {
  id: string;
  fileName: string;
  kind: 'csv' | 'xlsx';
  mode: ImportMode;
  status: ImportStatus;
  scopeUnitId: string;
  counts: ImportCounts;
  /** The first 1,000 problems, by row; `problemCount` says how many there were in all. */
  problems: ImportProblem[];
  problemCount: number;
  notices: RosterNotice[];
  /** 0–100, from the job. */
  progress: number;
  /** Why the whole file failed (unreadable, bad header, too many rows), in English and Vietnamese. */
  error: { message: string; details: unknown } | null;
  /** Download link of the invalid rows with their reasons; null until the job has run. */
  errorsUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The upload exceeds MAX_ROSTER_UPLOAD_BYTES. */
export class RosterUploadTooLargeError extends DomainError {
  readonly code = 'ROSTER_FILE_TOO_LARGE';
  readonly status = 413;
  constructor(maxBytes = MAX_ROSTER_UPLOAD_BYTES) {
    const mb = Math.round(maxBytes / 2 ** 20);
    super(`The file is larger than ${mb} MB; split it into smaller files`, {
      maxBytes,
      messageVi: `Tệp lớn hơn ${mb} MB; hãy chia thành các tệp nhỏ hơn`,
    });
  }
}

/** A stored file name: no path, no control or shell-special characters, NFC, at most 100 characters. */
export function sanitiseFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F-\u009F"*:<>?|`$]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(-100);
  return clean === '' ? fallback : clean;
}
