import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RosterNotice } from '../import/roster-problems';
import { ImportCounts, ImportMode, ImportProblem, ImportStatus } from './roster-import.types';

export interface ImportBatchRow {
  id: string;
  uploadedBy: string;
  /** The permission the upload was made under (for the audit log). */
  uploadedAs: string;
  scopeUnitId: string;
  fileName: string;
  filePath: string;
  kind: 'csv' | 'xlsx';
  mode: ImportMode;
  status: ImportStatus;
  counts: ImportCounts;
  problems: ImportProblem[];
  problemCount: number;
  notices: RosterNotice[];
  errorFilePath: string | null;
  errorMessage: string | null;
  errorDetails: unknown;
  jobId: string | null;
  /** From job_run (0 before the job starts). */
  progress: number;
  createdAt: Date;
  finishedAt: Date | null;
}

const SELECT = `SELECT b.id, b.uploaded_by AS "uploadedBy", b.uploaded_as AS "uploadedAs",
       b.scope_unit_id AS "scopeUnitId", b.file_name AS "fileName",
       b.file_path AS "filePath", b.kind, b.mode, b.status,
       json_build_object('rows', b.row_count, 'valid', b.valid_count, 'invalid', b.invalid_count,
         'created', b.created_count, 'updated', b.updated_count, 'unchanged', b.unchanged_count,
         'empty', b.empty_count) AS counts,
       b.problems, b.problem_count AS "problemCount", b.notices, b.error_file_path AS "errorFilePath",
       b.error_message AS "errorMessage", b.error_details AS "errorDetails", b.job_id AS "jobId",
       CASE WHEN b.status = 'done' THEN 100 ELSE coalesce(j.progress, 0) END AS progress,
       b.created_at AS "createdAt", b.finished_at AS "finishedAt"
  FROM import_batch b LEFT JOIN job_run j ON j.id = b.job_id`;

/** The import_batch table: one row per upload, with its report. */
@Injectable()
export class ImportBatchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string, m: EntityManager = this.db.manager): Promise<ImportBatchRow | null> {
    const rows = await m.query<ImportBatchRow[]>(`${SELECT} WHERE b.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async insert(
    m: EntityManager,
    b: Pick<
      ImportBatchRow,
      'id' | 'uploadedBy' | 'uploadedAs' | 'scopeUnitId' | 'fileName' | 'filePath' | 'kind' | 'mode'
    > & {
      fileSize: number;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO import_batch (id, uploaded_by, uploaded_as, scope_unit_id, file_name, file_path, file_size, kind, mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [b.id, b.uploadedBy, b.uploadedAs, b.scopeUnitId, b.fileName, b.filePath, b.fileSize, b.kind, b.mode],
    );
  }

  async setJob(m: EntityManager, id: string, jobId: string): Promise<void> {
    await m.query(`UPDATE import_batch SET job_id = $2 WHERE id = $1`, [id, jobId]);
  }

  /** A (re)started attempt: the previous attempt's report, if any, is cleared. */
  async markRunning(id: string): Promise<void> {
    await this.db.query(
      `UPDATE import_batch SET status = 'running', started_at = now(), error_message = NULL, error_details = NULL
        WHERE id = $1 AND status IN ('queued', 'running', 'failed')`,
      [id],
    );
  }

  /** The report of a finished run; in a commit, written in the import's own transaction. */
  async finish(
    m: EntityManager,
    id: string,
    r: { counts: ImportCounts; problems: ImportProblem[]; problemCount: number; notices: RosterNotice[] },
    errorFilePath: string,
  ): Promise<void> {
    const c = r.counts;
    await m.query(
      `UPDATE import_batch SET status = 'done', row_count = $2, valid_count = $3, invalid_count = $4,
              created_count = $5, updated_count = $6, unchanged_count = $7, empty_count = $8,
              problems = $9::jsonb, problem_count = $10, notices = $11::jsonb, error_file_path = $12,
              finished_at = now()
        WHERE id = $1`,
      [
        id,
        c.rows,
        c.valid,
        c.invalid,
        c.created,
        c.updated,
        c.unchanged,
        c.empty,
        JSON.stringify(r.problems),
        r.problemCount,
        JSON.stringify(r.notices),
        errorFilePath,
      ],
    );
  }

  async fail(id: string, message: string, details: unknown): Promise<void> {
    await this.db.query(
      `UPDATE import_batch SET status = 'failed', error_message = $2, error_details = $3::jsonb, finished_at = now()
        WHERE id = $1 AND status <> 'done'`,
      [id, message, JSON.stringify(details ?? null)],
    );
  }
}
