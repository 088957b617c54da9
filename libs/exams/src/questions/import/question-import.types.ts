import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DomainError } from '@app/common';
import type { QuestionFileFormat } from './question-file';
import { MAX_QUESTION_UPLOAD_BYTES } from './question-file';

/** The job that runs a question import batch; business key `question-import:<batchId>`. */
export const QUESTION_IMPORT_JOB = 'questions.import';
export const questionImportKey = (batchId: string): string => `question-import:${batchId}`;

/** Report entries kept on the batch; every question not imported is also in the errors file. */
export const MAX_REPORT_ENTRIES = 5_000;

export type QuestionImportMode = 'dry_run' | 'commit';
export const QUESTION_IMPORT_MODES: readonly QuestionImportMode[] = ['dry_run', 'commit'];
export type QuestionImportStatus = 'queued' | 'running' | 'done' | 'failed';

export class QuestionImportQueryDto {
  @ApiProperty({ enum: QUESTION_IMPORT_MODES, description: 'dry_run writes nothing but the report' })
  @IsIn(QUESTION_IMPORT_MODES, { message: 'mode must be dry_run or commit' })
  mode!: QuestionImportMode;
}

/**
 * What happens (dry run) or happened (commit) to one question of the file: `new` (created), `new_version` (a
 * question of that name exists in the bank with other content: it gets a new version), `unchanged` (skipped),
 * `not_imported` (with the reason: unsupported type, embedded file, invalid content, duplicate name…).
 */
export type QuestionOutcome = 'new' | 'new_version' | 'unchanged' | 'not_imported';

export interface QuestionReportNote {
  code: string;
  reason: string;
  reasonVi: string;
}

export interface QuestionReportEntry {
  /** Line (XML, GIFT) or spreadsheet row (CSV, XLSX) where the question starts. */
  line: number | null;
  name: string | null;
  outcome: QuestionOutcome;
  /** Why it is not imported (outcome not_imported). */
  problem?: QuestionReportNote;
  /** Imported, with a remark (e.g. a category that names no topic). */
  notes?: QuestionReportNote[];
}

export interface QuestionImportCounts {
  questions: number;
  created: number;
  newVersions: number;
  unchanged: number;
  notImported: number;
  /** Questions whose category names no topic (imported without a topic from it). */
  unmappedCategories: number;
}

export interface QuestionImportResponse {
  id: string;
  courseId: string;
  fileName: string;
  format: QuestionFileFormat;
  mode: QuestionImportMode;
  status: QuestionImportStatus;
  counts: QuestionImportCounts;
  /** Question by question, in file order (the first 5,000; reportCount says how many there were). */
  report: QuestionReportEntry[];
  reportCount: number;
  /** Categories of the file and the topic each maps to (null: none). */
  categories: Array<{ category: string; topic: string | null }>;
  error: { message: string; details: unknown } | null;
  errorsUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The upload exceeds MAX_QUESTION_UPLOAD_BYTES. 413. */
export class QuestionUploadTooLargeError extends DomainError {
  readonly code = 'QUESTION_FILE_TOO_LARGE';
  readonly status = 413;
  constructor() {
    const mb = Math.round(MAX_QUESTION_UPLOAD_BYTES / 2 ** 20);
    super(`Tệp lớn hơn ${mb} MB; hãy chia thành các tệp nhỏ hơn (the file is larger than ${mb} MB; split it)`, {
      maxBytes: MAX_QUESTION_UPLOAD_BYTES,
      messageVi: `Tệp lớn hơn ${mb} MB; hãy chia thành các tệp nhỏ hơn`,
    });
  }
}
