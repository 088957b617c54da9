import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor, DomainError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import {
  ByteRange,
  cleanFileName,
  mediaDurationSeconds,
  parseRangeHeader,
  peekStream,
  SNIFF_BYTES,
  sniffContentType,
  StorageService,
  storageSource,
} from '@app/storage';
import { CourseRepository, toFileResponse } from './course.repository';
import { CourseAccess } from './course-access.service';
import { CourseFileResponse } from './dto/course.dto';

const MB = 1024 * 1024;

/** 200 MB for video and audio, 20 MB for everything else (documents, images, text). */
export const DEFAULT_UPLOAD_LIMITS = { media: 200 * MB, other: 20 * MB };

/**
 * What authors may upload, judged by content (sniffContentType), never by name: PDF, raster images, MP4/WebM
 * video, MP3/M4A audio, Word/Excel/PowerPoint (OOXML) and plain text. HTML, SVG, archives and unknown binaries
 * (executables…) are refused: HTML and SVG could run script if a browser ever showed them, and nothing a lesson
 * needs is lost. (Files are still served only through downloadHeaders: HTML/SVG would only ever be attachments.)
 */
export const ALLOWED_UPLOAD_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/mp4',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain',
]);

/** 415: the file's content is of a type we do not accept. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

export interface CourseFileUpload {
  /** The name the browser sent (only shown and used in Content-Disposition; the type comes from the content). */
  originalName: string;
  data: Buffer | Readable;
}

/** A file opened for download: the whole file, a byte range of it, or a range that lies outside it. */
export interface OpenedCourseFile {
  file: CourseFileResponse;
  /** The size of the whole file. */
  size: number;
  /** Absent when the range was unsatisfiable (answer 416 with `Content-Range: bytes * /size`). */
  stream?: Readable;
  range?: ByteRange;
  unsatisfiable?: boolean;
}

/** Files of a course (shared by its versions): uploads through the StorageService, and downloads with ranges. */
@Injectable()
export class CourseFilesService {
  /** Upload limits in bytes; tests may lower them on the instance. */
  readonly limits = { ...DEFAULT_UPLOAD_LIMITS };

  constructor(
    private readonly work: UnitOfWork,
    private readonly repo: CourseRepository,
    private readonly courses: CourseAccess,
    private readonly storage: StorageService,
  ) {}

  /**
   * Stores a file for the course under `courses/<courseId>/<fileId>`: authors only (404 otherwise); the type is
   * sniffed from the first bytes (415 when not allowed); over the limit for its type → 413 and nothing stored.
   * A stream is consumed to its end even when refused, so a multipart request can finish. The duration of a video
   * or audio file is read from the stored file (a few ranged reads of its headers; null when it does not say).
   */
  async upload(actor: Actor, courseId: string, upload: CourseFileUpload): Promise<CourseFileResponse> {
    const peeked = Buffer.isBuffer(upload.data)
      ? { head: upload.data.subarray(0, SNIFF_BYTES), body: upload.data, discard: () => undefined }
      : await peekStream(upload.data, SNIFF_BYTES);
    try {
      await this.courses.authorCourse(actor, courseId);
      const name = cleanFileName(upload.originalName || 'tep');
      if (peeked.head.length === 0) {
        throw new ValidationError('file: the file is empty', [{ field: 'file', reason: 'is empty' }]);
      }
      const contentType = sniffContentType(peeked.head, name);
      if (!contentType || !ALLOWED_UPLOAD_TYPES.has(contentType)) {
        const reason =
          'allowed: PDF, PNG/JPEG/WebP/GIF images, MP4/WebM video, MP3/M4A audio, Word/Excel/PowerPoint, plain text';
        throw new UnsupportedMediaTypeError(`file: this kind of file (${contentType ?? 'unknown'}) is not accepted`, [
          { field: 'file', reason, detected: contentType },
        ]);
      }
      const maxBytes = /^(video|audio)\//.test(contentType) ? this.limits.media : this.limits.other;
      const id = randomUUID();
      const storageKey = `courses/${courseId}/${id}`;
      const stored = await this.storage.put(storageKey, peeked.body, { contentType, maxBytes });
      try {
        const durationSeconds = await mediaDurationSeconds(
          contentType,
          storageSource(this.storage, storageKey, stored.size),
        );
        const details = { fileId: id, contentType, sizeBytes: stored.size, sha256: stored.sha256, durationSeconds };
        const audit = { action: 'course.file_upload', entity: 'course', entityId: courseId, details };
        const row = await this.work.run(actor, { audit }, (tx) =>
          this.repo.insertFile(tx.manager, {
            id,
            courseId,
            storageKey,
            originalName: name,
            contentType,
            sizeBytes: stored.size,
            sha256: stored.sha256,
            durationSeconds,
            uploadedBy: actor.accountId,
            now: tx.now,
          }),
        );
        return toFileResponse(row);
      } catch (e) {
        await this.storage.delete(storageKey);
        throw e;
      }
    } catch (e) {
      peeked.discard();
      throw e;
    }
  }

  /**
   * Opens a file for download: for the course's authors, and for learners enrolled on a version with a lesson that
   * uses it; 404 for anyone else. `rangeHeader` is the HTTP Range header, if any.
   */
  async open(actor: Actor, fileId: string, rangeHeader?: string): Promise<OpenedCourseFile> {
    const file = await this.repo.findFile(fileId);
    const allowed =
      !!file &&
      ((await this.courses.canAuthor(actor, file.courseId)) ||
        (await this.repo.learnerMayOpen(fileId, actor.accountId)));
    if (!file || !allowed) throw new NotFoundError(`file ${fileId} not found`);
    const size = Number(file.sizeBytes);
    const range = parseRangeHeader(rangeHeader, size);
    const response = toFileResponse(file);
    if (range === 'unsatisfiable') return { file: response, size, unsatisfiable: true };
    const object = await this.storage.getStream(file.storageKey, range ?? undefined);
    return { file: response, size: object.size, stream: object.stream, range: object.range };
  }
}
