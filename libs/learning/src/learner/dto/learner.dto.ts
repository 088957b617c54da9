import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQueryDto, toCleanLine } from '@app/common';

export type LearnerLessonKind = 'text' | 'video' | 'document' | 'link';
export type EnrolmentSource = 'self' | 'assignment';
export type LearnerCourseStatus = 'draft' | 'published' | 'archived';

/** Longest video a learner can report on (24 h). */
export const VIDEO_MAX_SECONDS = 86_400;

const emptyToUndefined = ({ value }: { value: unknown }): unknown => {
  const v = toCleanLine({ value });
  return v === '' ? undefined : v;
};

export class CatalogueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'words of the title or summary; diacritics and case ignored',
    example: 'quyen con nguoi',
  })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'only courses with this topic tag', example: 'quyen-tre-em' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Length(1, 60)
  tag?: string;
}

export class VideoProgressDto {
  @ApiProperty({ description: 'the playhead, in seconds', minimum: 0, maximum: VIDEO_MAX_SECONDS, example: 42.5 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(VIDEO_MAX_SECONDS)
  positionSeconds!: number;

  @ApiProperty({
    description: 'the duration the player reported; ignored when the server read the duration from the uploaded file',
    minimum: 0.1,
    maximum: VIDEO_MAX_SECONDS,
  })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.1)
  @Max(VIDEO_MAX_SECONDS)
  durationSeconds!: number;
}

/** The learner's enrolment in a course (one per person and course, bound to a version). */
export interface EnrolmentResponse {
  id: string;
  courseId: string;
  versionId: string;
  source: EnrolmentSource;
  enrolledAt: string;
  /** The earliest due date of the person's active assignments for the course (YYYY-MM-DD), or null. */
  dueDate: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** The lesson opened last (where "resume" leads from). */
  lastLessonId: string | null;
  progressPercent: number;
  examPassedAt: string | null;
}

/** A course as the catalogue lists it: the published version, or the learner's own version when enrolled. */
export interface CatalogueItem {
  id: string;
  code: string;
  status: LearnerCourseStatus;
  openEnrolment: boolean;
  versionId: string;
  versionNo: number;
  title: string;
  summary: string;
  language: 'vi' | 'en';
  tags: string[];
  estimatedMinutes: number | null;
  finalExam: boolean;
  /** The caller's enrolment, when logged in with a person and enrolled. */
  enrolment: { id: string; progressPercent: number; completedAt: string | null } | null;
}

export interface CatalogueResponse {
  items: CatalogueItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface OutlineLessonResponse {
  id: string;
  position: number;
  kind: LearnerLessonKind;
  title: string;
  required: boolean;
  estimatedMinutes: number | null;
  /** The learner has done the lesson (always false without an enrolment). */
  done: boolean;
  completedAt: string | null;
}

export interface OutlineModuleResponse {
  id: string;
  position: number;
  title: string;
  lessons: OutlineLessonResponse[];
}

/** A course for a learner: the version they are enrolled in (or the published one), with their progress. */
export interface LearnerCourseResponse {
  course: Omit<CatalogueItem, 'enrolment'>;
  enrolment: EnrolmentResponse | null;
  /** Logged in with a person, not enrolled, and the course takes self-enrolments. */
  canEnrol: boolean;
  modules: OutlineModuleResponse[];
  requiredLessons: number;
  doneRequiredLessons: number;
  /** Where "continue" leads (null without an enrolment or lessons). */
  continueLessonId: string | null;
}

export interface LessonFileResponse {
  id: string;
  /** Served by the files route (with range requests for video). */
  url: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  /** Playing time of a video or audio file, read when it was uploaded; null when unknown. */
  durationSeconds: number | null;
}

export interface LessonProgressResponse {
  firstViewedAt: string | null;
  lastViewedAt: string | null;
  completedAt: string | null;
  /** The uploaded file's duration when known, else the one the player last reported (null: never). */
  videoDurationSeconds: number | null;
  videoPositionSeconds: number | null;
  videoWatchedSeconds: number;
  /** Of videoDurationSeconds, floored; 0 when it is unknown. */
  watchedPercent: number;
}

/** One lesson opened by the learner, with what is around it. */
export interface LessonViewResponse {
  enrolmentId: string;
  courseId: string;
  courseTitle: string;
  module: { id: string; position: number; title: string };
  lesson: {
    id: string;
    position: number;
    kind: LearnerLessonKind;
    title: string;
    /** Sanitised when authored. */
    bodyHtml: string;
    url: string | null;
    file: LessonFileResponse | null;
    required: boolean;
    estimatedMinutes: number | null;
  };
  /**
   * How the lesson is done: 'watch' (an uploaded video whose duration the server read from the file: at 90% of it
   * watched, counted from the player's reports) or 'explicit' (a "done" button: every other lesson, including
   * external videos and uploaded files of unknown duration).
   */
  completion: 'explicit' | 'watch';
  progress: LessonProgressResponse;
  previousLessonId: string | null;
  nextLessonId: string | null;
  /** Position of the lesson in the course (1-based) and the number of lessons. */
  index: number;
  lessonCount: number;
  enrolmentProgressPercent: number;
  courseCompletedAt: string | null;
}

export interface LessonCompletionResponse {
  enrolmentId: string;
  lessonId: string;
  completedAt: string;
  /** false when the lesson had been done before (nothing changed). */
  changed: boolean;
  progressPercent: number;
  courseCompletedAt: string | null;
  nextLessonId: string | null;
}

export interface VideoProgressResponse {
  lessonId: string;
  watchedSeconds: number;
  durationSeconds: number;
  positionSeconds: number;
  watchedPercent: number;
  /** The lesson is done (now or before). */
  completed: boolean;
  progressPercent: number;
  courseCompletedAt: string | null;
}

export interface MyEnrolmentItem {
  enrolmentId: string;
  courseId: string;
  code: string;
  title: string;
  versionNo: number;
  source: EnrolmentSource;
  enrolledAt: string;
  dueDate: string | null;
  /** Not completed and the due date has passed. */
  overdue: boolean;
  startedAt: string | null;
  completedAt: string | null;
  progressPercent: number;
  lastActivityAt: string | null;
  lastLessonId: string | null;
}

/** Every enrolment in exactly one group, by its state (learner/my-learning.ts learningState). */
export interface MyLearningResponse {
  inProgress: MyEnrolmentItem[];
  notStarted: MyEnrolmentItem[];
  completed: MyEnrolmentItem[];
}

export interface LearnerProfileResponse {
  account: { id: string; login: string; displayName: string; email: string | null };
  /** null when the account is not linked to a person on the roster. */
  person: {
    id: string;
    fullName: string;
    unit: { id: string; code: string; name: string } | null;
    roles: Array<{ id: string; code: string; nameVi: string; nameEn: string }>;
  } | null;
  /** enrolled = inProgress + notStarted + completed; assigned and overdue count open courses with a due date. */
  learning: {
    enrolled: number;
    assigned: number;
    overdue: number;
    inProgress: number;
    notStarted: number;
    completed: number;
  } | null;
}
