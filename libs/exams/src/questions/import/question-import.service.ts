import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Actor, Clock, NotFoundError, ValidationError } from '@app/common';
import { JobDispatcher } from '@app/jobs';
import { CourseAccess } from '@app/learning';
import { StorageService } from '@app/storage';
import { MAX_QUESTION_UPLOAD_BYTES, questionFileFormat, readQuestionFile } from './question-file';
import { QuestionImportBatchRow, QuestionImportRepository } from './question-import.repository';
import { questionImportDir } from './question-import.runner';
import {
  QUESTION_IMPORT_JOB,
  questionImportKey,
  QuestionImportQueryDto,
  QuestionImportResponse,
  QuestionUploadTooLargeError,
} from './question-import.types';

/** What the HTTP layer hands over: the name the browser gave, and the bytes (read once the course is checked). */
export interface QuestionUpload {
  originalname?: string;
  read(): Promise<Buffer>;
}

const CONTENT_TYPES = {
  xml: 'application/xml',
  gift: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Question file uploads of a course's bank, for whoever authors the course (404 otherwise, as the bank): the file is
 * read at once, so a file that is not well formed is refused with its line (400) before anything is stored; then it
 * is stored and the `questions.import` job compares (dry run) or writes (commit) its questions.
 */
@Injectable()
export class QuestionImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly batches: QuestionImportRepository,
    private readonly courses: CourseAccess,
    private readonly storage: StorageService,
    private readonly jobs: JobDispatcher,
    private readonly clock: Clock,
  ) {}

  async upload(
    actor: Actor,
    courseId: string,
    file: QuestionUpload | undefined,
    query: QuestionImportQueryDto,
  ): Promise<QuestionImportResponse> {
    const course = await this.courses.authorCourse(actor, courseId);
    if (!file) {
      throw new ValidationError('file: attach the questions as the multipart field "file"', [
        { field: 'file', reason: 'is required' },
      ]);
    }
    const buffer = await file.read();
    if (buffer.length > MAX_QUESTION_UPLOAD_BYTES) throw new QuestionUploadTooLargeError();
    const format = questionFileFormat(file.originalname, buffer.subarray(0, 8));
    await readQuestionFile(buffer, format); // a file that is not well formed: 400 with the line, nothing stored
    const id = randomUUID();
    const fileKey = `${questionImportDir(id)}/upload.${format === 'gift' ? 'txt' : format}`;
    await this.storage.put(fileKey, buffer, {
      contentType: CONTENT_TYPES[format],
      maxBytes: MAX_QUESTION_UPLOAD_BYTES,
    });
    try {
      await this.db.transaction(async (m) => {
        const fileName = cleanName(file.originalname, `cau-hoi.${format}`);
        await this.batches.insert(
          m,
          {
            id,
            courseId,
            uploadedBy: actor.accountId,
            fileName,
            fileKey,
            fileSize: buffer.length,
            format,
            mode: query.mode,
          },
          this.clock.now(),
        );
        const job = await this.jobs.dispatch(
          QUESTION_IMPORT_JOB,
          questionImportKey(id),
          { batchId: id },
          { manager: m, unitId: course.ownerUnitId },
        );
        await this.batches.setJob(m, id, job.id);
      });
    } catch (e) {
      await this.storage.delete(fileKey).catch(() => undefined);
      throw e;
    }
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<QuestionImportResponse> {
    return toResponse(await this.visible(actor, id));
  }

  /** The questions not imported (and those imported with a remark), with the reasons. */
  async errorsFile(actor: Actor, id: string): Promise<{ stream: Readable; fileName: string }> {
    const batch = await this.visible(actor, id);
    if (!batch.errorsKey) throw new NotFoundError(`import ${id} has no errors file`);
    const { stream } = await this.storage.getStream(batch.errorsKey);
    return { stream, fileName: `${batch.fileName.replace(/\.[a-z0-9]+$/i, '')}-loi.csv` };
  }

  /** A batch of a course the actor authors; 404 under its own id otherwise. */
  private async visible(actor: Actor, id: string): Promise<QuestionImportBatchRow> {
    const batch = await this.batches.find(id);
    if (!batch || !(await this.courses.canAuthor(actor, batch.courseId))) {
      throw new NotFoundError(`question import ${id} not found`);
    }
    return batch;
  }
}

/** A stored file name: no path, no control or shell-special characters, NFC, at most 100 characters. */
function cleanName(name: string | undefined, fallback: string): string {
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

function toResponse(b: QuestionImportBatchRow): QuestionImportResponse {
  return {
    id: b.id,
    courseId: b.courseId,
    fileName: b.fileName,
    format: b.format,
    mode: b.mode,
    status: b.status,
    counts: b.counts,
    report: b.report,
    reportCount: b.reportCount,
    categories: b.notices,
    error: b.errorMessage ? { message: b.errorMessage, details: b.errorDetails } : null,
    errorsUrl: b.errorsKey ? `/api/v1/question-imports/${b.id}/errors.csv` : null,
    createdAt: new Date(b.createdAt).toISOString(),
    finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
  };
}
