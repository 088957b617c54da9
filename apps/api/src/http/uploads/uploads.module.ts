import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { MAX_SEAL_BYTES } from '@app/certificates';
import { MAX_QUESTION_UPLOAD_BYTES, QuestionUploadTooLargeError } from '@app/exams';
import { DEFAULT_UPLOAD_LIMITS } from '@app/learning';
import { MAX_PLAN_UPLOAD_BYTES, MAX_ROSTER_UPLOAD_BYTES, RosterUploadTooLargeError } from '@app/org';
import { MAX_ATTENDANCE_FILE_BYTES, MAX_EVIDENCE_BYTES } from '@app/training';
import { streamedUpload, UploadLimits } from './streamed-upload.middleware';

const post = (path: string): RouteInfo => ({ path, method: RequestMethod.POST });

/**
 * Every route that takes a file, with its limit: one table, one mechanism (streamedUpload). The services apply
 * finer limits where the kind of file matters (course files: 200 MB for video and audio, 20 MB for the rest).
 */
export const UPLOAD_ROUTES: ReadonlyArray<{ what: string; limits: UploadLimits; routes: RouteInfo[] }> = [
  {
    what: 'roster import (API and page)',
    limits: { maxBytes: MAX_ROSTER_UPLOAD_BYTES, tooLarge: (maxBytes) => new RosterUploadTooLargeError(maxBytes) },
    routes: [post('api/v1/roster-imports'), post('roster-import')],
  },
  {
    what: 'restructuring plan (API and page)',
    limits: { maxBytes: MAX_PLAN_UPLOAD_BYTES },
    routes: [post('api/v1/restructure-plans'), post('units/restructure')],
  },
  {
    what: 'course files (API and authoring pages)',
    limits: { maxBytes: Math.max(DEFAULT_UPLOAD_LIMITS.media, DEFAULT_UPLOAD_LIMITS.other) },
    routes: [
      post('api/v1/courses/:courseId/files'),
      post('authoring/courses/:courseId/files'),
      post('authoring/lessons/:lessonId/file'),
    ],
  },
  {
    what: 'question import (Moodle XML, GIFT, CSV, XLSX)',
    limits: { maxBytes: MAX_QUESTION_UPLOAD_BYTES, tooLarge: () => new QuestionUploadTooLargeError() },
    routes: [post('api/v1/courses/:courseId/question-imports')],
  },
  {
    what: 'certificate seal/signature image (PNG or JPEG)',
    limits: { maxBytes: MAX_SEAL_BYTES },
    routes: [post('api/v1/units/:unitId/certificate-authority/seal')],
  },
  {
    what: 'evidence of training done elsewhere (PDF, JPEG or PNG)',
    limits: { maxBytes: MAX_EVIDENCE_BYTES },
    routes: [post('api/v1/external-training'), post('my-training/external')],
  },
  {
    what: 'signed attendance sheet of a training session (PDF, JPEG or PNG)',
    limits: { maxBytes: MAX_EVIDENCE_BYTES },
    routes: [post('api/v1/training-sessions/:id/attendance-sheet')],
  },
  {
    what: 'attendance import of a training session (CSV or XLSX)',
    limits: { maxBytes: MAX_ATTENDANCE_FILE_BYTES },
    routes: [post('api/v1/training-sessions/:id/attendance-imports')],
  },
];

/** Mounts the streamed upload parser on the routes of UPLOAD_ROUTES (before their guards, see streamedUpload). */
@Module({})
export class UploadsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    for (const { limits, routes } of UPLOAD_ROUTES) consumer.apply(streamedUpload(limits)).forRoutes(...routes);
  }
}
