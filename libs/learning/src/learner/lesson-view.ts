import { sanitizeLessonHtml } from '../courses/lesson-html';
import { LessonViewResponse } from './dto/learner.dto';
import { neighbours } from './course-outline';
import { EnrolmentRow } from './enrolment.repository';
import { LessonRow, OutlineRow, VersionRow } from './learner-catalogue.repository';
import { LessonProgressRow } from './lesson-progress.repository';
import { watchedPercent } from './video-watch';

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
  const uploadedVideo = lesson.kind === 'video' && lesson.fileId !== null;
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
          }
        : null,
      required: lesson.required,
      estimatedMinutes: lesson.estimatedMinutes,
    },
    completion: uploadedVideo ? 'watch' : 'explicit',
    progress: {
      firstViewedAt: progress?.firstViewedAt.toISOString() ?? null,
      lastViewedAt: progress?.lastViewedAt.toISOString() ?? null,
      completedAt: progress?.completedAt?.toISOString() ?? null,
      videoDurationSeconds: progress?.videoDurationSeconds ?? null,
      videoPositionSeconds: progress?.videoPositionSeconds ?? null,
      videoWatchedSeconds: progress?.videoWatchedSeconds ?? 0,
      watchedPercent: watchedPercent(progress?.videoWatchedSeconds ?? 0, progress?.videoDurationSeconds ?? null),
    },
    previousLessonId: previousId,
    nextLessonId: nextId,
    index: order.findIndex((l) => l.id === lesson.id) + 1,
    lessonCount: order.length,
    enrolmentProgressPercent: enrolment.progressPercent,
    courseCompletedAt: enrolment.completedAt?.toISOString() ?? null,
  };
}
