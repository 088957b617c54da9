import { sanitizeLessonHtml } from '../courses/lesson-html';
import { LessonViewResponse } from './dto/learner.dto';
import { neighbours } from './course-outline';
import { EnrolmentRow } from './enrolment.repository';
import { LessonRow, OutlineRow, VersionRow } from './learner-catalogue.repository';
import { LessonProgressRow } from './lesson-progress.repository';
import { knownVideoDuration, watchedPercent } from './video-watch';

/** Where the files route serves an uploaded course file (range requests, safe headers). */
export const courseFileUrl = (fileId: string): string => `/files/${fileId}`;

/** The API shape of an opened lesson, with its neighbours in course order and the learner's progress. */
export function lessonView(v: {
  enrolment: EnrolmentRow;
  version: VersionRow;
  outline: OutlineRow[];
  lesson: LessonRow;
  progress: LessonProgressRow | null;
}): LessonViewResponse {
  const { enrolment, lesson, progress } = v;
  const order = v.outline.flatMap((r) => (r.lessonId ? [{ id: r.lessonId }] : []));
  const { previousId, nextId } = neighbours(order, lesson.id);
  // The file's duration as read at upload; for a file of unknown duration, what the player last reported.
  const knownDuration = knownVideoDuration(lesson);
  const durationSeconds = knownDuration ?? progress?.videoDurationSeconds ?? null;
  return {
    enrolmentId: enrolment.id,
    courseId: enrolment.courseId,
    courseTitle: v.version.title,
    module: { id: lesson.moduleId, position: lesson.modulePosition, title: lesson.moduleTitle },
    lesson: {
      id: lesson.id,
      position: lesson.position,
      kind: lesson.kind,
      title: lesson.title,
      // Stored sanitised; sanitised again on the way out (idempotent), so no write path can put script on a page.
      bodyHtml: sanitizeLessonHtml(lesson.bodyHtml),
      url: lesson.url,
      file: lesson.fileId
        ? {
            id: lesson.fileId,
            url: courseFileUrl(lesson.fileId),
            name: lesson.fileName ?? '',
            contentType: lesson.fileContentType ?? 'application/octet-stream',
            sizeBytes: lesson.fileSizeBytes ?? 0,
            durationSeconds: lesson.fileDurationSeconds,
          }
        : null,
      required: lesson.required,
      estimatedMinutes: lesson.estimatedMinutes,
    },
    completion: knownDuration !== null ? 'watch' : 'explicit',
    progress: {
      firstViewedAt: progress?.firstViewedAt.toISOString() ?? null,
      lastViewedAt: progress?.lastViewedAt.toISOString() ?? null,
      completedAt: progress?.completedAt?.toISOString() ?? null,
      videoDurationSeconds: durationSeconds,
      videoPositionSeconds: progress?.videoPositionSeconds ?? null,
      videoWatchedSeconds: progress?.videoWatchedSeconds ?? 0,
      watchedPercent: watchedPercent(progress?.videoWatchedSeconds ?? 0, durationSeconds),
    },
    previousLessonId: previousId,
    nextLessonId: nextId,
    index: order.findIndex((l) => l.id === lesson.id) + 1,
    lessonCount: order.length,
    enrolmentProgressPercent: enrolment.progressPercent,
    courseCompletedAt: enrolment.completedAt?.toISOString() ?? null,
  };
}
