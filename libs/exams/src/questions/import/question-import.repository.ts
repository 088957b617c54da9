import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QuestionContent } from '../question-model';
import type { QuestionFileFormat } from './question-file';
import {
  QuestionImportCounts,
  QuestionImportMode,
  QuestionImportStatus,
  QuestionReportEntry,
} from './question-import.types';

export interface QuestionImportBatchRow {
  id: string;
  courseId: string;
  uploadedBy: string;
  fileName: string;
  fileKey: string;
  fileSize: number;
  format: QuestionFileFormat;
  mode: QuestionImportMode;
  status: QuestionImportStatus;
  counts: QuestionImportCounts;
  report: QuestionReportEntry[];
  reportCount: number;
  notices: Array<{ category: string; topic: string | null }>;
  errorMessage: string | null;
  errorDetails: unknown;
  errorsKey: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A question of the bank as an import compares it: matched by name ignoring case (uq_question_course_id_name). */
export interface BankQuestion {
  id: string;
  name: string;
  content: QuestionContent;
}

const COLUMNS = `id, course_id AS "courseId", uploaded_by AS "uploadedBy", file_name AS "fileName", file_key AS "fileKey",
  file_size AS "fileSize", format, mode, status, counts, report, report_count AS "reportCount", notices,
  error_message AS "errorMessage", error_details AS "errorDetails", errors_key AS "errorsKey",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

/** question_import_batch rows, and the bank lookups an import needs. */
@Injectable()
export class QuestionImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    m: EntityManager,
    b: Pick<
      QuestionImportBatchRow,
      'id' | 'courseId' | 'uploadedBy' | 'fileName' | 'fileKey' | 'fileSize' | 'format' | 'mode'
    >,
    now: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO question_import_batch (id, course_id, uploaded_by, file_name, file_key, file_size, format, mode, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [b.id, b.courseId, b.uploadedBy, b.fileName, b.fileKey, b.fileSize, b.format, b.mode, now],
    );
  }

  async setJob(m: EntityManager, id: string, jobId: string): Promise<void> {
    await m.query(`UPDATE question_import_batch SET job_id = $2 WHERE id = $1`, [id, jobId]);
  }

  async find(id: string): Promise<QuestionImportBatchRow | null> {
    const rows = await this.db.query<QuestionImportBatchRow[]>(
      `SELECT ${COLUMNS} FROM question_import_batch WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markRunning(id: string): Promise<void> {
    await this.db.query(`UPDATE question_import_batch SET status = 'running' WHERE id = $1 AND status = 'queued'`, [
      id,
    ]);
  }

  async finish(
    m: EntityManager,
    id: string,
    r: {
      counts: QuestionImportCounts;
      report: QuestionReportEntry[];
      reportCount: number;
      notices: QuestionImportBatchRow['notices'];
      errorsKey: string | null;
    },
    now: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE question_import_batch SET status = 'done', counts = $2, report = $3, report_count = $4, notices = $5,
              errors_key = $6, finished_at = $7
        WHERE id = $1`,
      [
        id,
        JSON.stringify(r.counts),
        JSON.stringify(r.report),
        r.reportCount,
        JSON.stringify(r.notices),
        r.errorsKey,
        now,
      ],
    );
  }

  async fail(id: string, message: string, details: unknown, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE question_import_batch SET status = 'failed', error_message = $2, error_details = $3, finished_at = $4
        WHERE id = $1`,
      [id, message, details === undefined ? null : JSON.stringify(details), now],
    );
  }

  /** The course's own questions of these names (ignoring case), with their current content, locked for the import. */
  async bankByName(m: EntityManager, courseId: string, names: string[]): Promise<Map<string, BankQuestion>> {
    const rows = await m.query<Array<{ id: string; name: string } & Omit<QuestionContent, 'name'> & { lname: string }>>(
      `SELECT q.id, q.name, lower(q.name) AS lname, v.type, v.stem, v.options, v.short_answer AS "shortAnswer", v.topics,
              v.difficulty, v.explanation
         FROM question q JOIN question_version v ON v.id = q.current_version_id
        WHERE q.course_id = $1 AND lower(q.name) = ANY($2::text[])
        ORDER BY q.id
          FOR UPDATE OF q`,
      [courseId, names.map((n) => n.toLowerCase())],
    );
    return new Map(rows.map(({ id, name, lname, ...c }) => [lname, { id, name, content: { ...c, name } }]));
  }

  /** The course's own bank (not the questions shared from its owner unit's other courses), archived ones left out. */
  async *bank(courseId: string): AsyncGenerator<QuestionContent> {
    const rows = await this.db.query<QuestionContent[]>(
      `SELECT q.name, v.type, v.stem, v.options, v.short_answer AS "shortAnswer", v.topics, v.difficulty, v.explanation
         FROM question q JOIN question_version v ON v.id = q.current_version_id
        WHERE q.course_id = $1 AND q.archived_at IS NULL
        ORDER BY lower(q.name), q.id`,
      [courseId],
    );
    yield* rows;
  }
}
