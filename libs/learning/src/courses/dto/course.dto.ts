import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, toCleanLine, toCleanMultiline } from '@app/common';
import { TOPIC_TAG_CODES } from '../topic-tags';

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const COURSE_LANGUAGES = ['vi', 'en'] as const;
export type CourseLanguage = (typeof COURSE_LANGUAGES)[number];

/** Course codes: 1–40 letters, digits, dot, dash, underscore; unique ignoring case. */
export const COURSE_CODE = /^[A-Za-z0-9._-]{1,40}$/;
export const MAX_ESTIMATED_MINUTES = 100_000;

/**
 * Optional, but not nullable: an absent field changes nothing, while null is validated (and refused, 400 naming
 * the field) instead of reaching a NOT NULL column. `@IsOptional()` would let null through.
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_: object, v: unknown) => v !== undefined);

const uniqueTags = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? [...new Set((value as unknown[]).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)))]
    : value;

export class CreateCourseDto {
  @ApiProperty({ example: 'QCN-101', description: '1–40 letters, digits, ".", "_", "-"; unique ignoring case' })
  @Transform(toCleanLine)
  @IsString()
  @Matches(COURSE_CODE, { message: 'code must be 1–40 letters, digits, dot, dash or underscore' })
  code!: string;

  @ApiProperty({ example: 'Quyền con người và truyền thông về quyền con người' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(0, 5000)
  summary?: string;

  @ApiPropertyOptional({ enum: COURSE_LANGUAGES, default: 'vi' })
  @IsOptional()
  @IsIn(COURSE_LANGUAGES)
  language?: CourseLanguage;

  @ApiPropertyOptional({ type: [String], enum: TOPIC_TAG_CODES, description: 'topic tags from the catalogue' })
  @IsOptional()
  @Transform(uniqueTags)
  @IsArray()
  @ArrayMaxSize(TOPIC_TAG_CODES.length)
  @IsIn(TOPIC_TAG_CODES, { each: true, message: 'tags must come from the catalogue' })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ESTIMATED_MINUTES, example: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ESTIMATED_MINUTES)
  estimatedMinutes?: number;

  @ApiPropertyOptional({ default: true, description: 'learners may enrol themselves once it is published' })
  @IsOptional()
  @IsBoolean()
  openEnrolment?: boolean;

  @ApiPropertyOptional({ default: false, description: 'the course completes only once its final exam is passed' })
  @IsOptional()
  @IsBoolean()
  finalExam?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "the unit whose organisers author it (default: the caller's)" })
  @IsOptional()
  @IsUUID()
  ownerUnitId?: string;
}

/**
 * Course metadata. Version fields (title, summary, language, tags, estimatedMinutes, finalExam) go to the draft
 * version, created as a copy of the published one when there is none; course fields (code, openEnrolment,
 * ownerUnitId) apply at once. The code can change only until the course is first published.
 */
export class UpdateCourseDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanLine)
  @IsString()
  @Matches(COURSE_CODE, { message: 'code must be 1–40 letters, digits, dot, dash or underscore' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(0, 5000)
  summary?: string;

  @ApiPropertyOptional({ enum: COURSE_LANGUAGES })
  @IsOptionalNotNull()
  @IsIn(COURSE_LANGUAGES)
  language?: CourseLanguage;

  @ApiPropertyOptional({ type: [String], enum: TOPIC_TAG_CODES })
  @IsOptionalNotNull()
  @Transform(uniqueTags)
  @IsArray()
  @ArrayMaxSize(TOPIC_TAG_CODES.length)
  @IsIn(TOPIC_TAG_CODES, { each: true, message: 'tags must come from the catalogue' })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, nullable: true, description: 'null clears it' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ESTIMATED_MINUTES)
  estimatedMinutes?: number | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  openEnrolment?: boolean;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  finalExam?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  ownerUnitId?: string;
}

export class ListCoursesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'code, title or summary; ignores diacritics and case' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: COURSE_STATUSES })
  @IsOptional()
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;
}

export interface CourseFileResponse {
  id: string;
  courseId: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /**
   * Playing time of a video or audio file, read from the file when it was uploaded (MP4/MOV/M4A, WebM/MKV); null
   * when unknown. A lesson on a file of known duration is done at 90% watched, judged by the server.
   */
  durationSeconds: number | null;
  createdAt: Date;
  /** Where a lesson page embeds or links it (web session). The API serves it at /api/v1/files/{id}. */
  href: string;
}

/** A course as authors list it, with the metadata of its editable version (the draft, else the published one). */
export interface CourseResponse {
  id: string;
  code: string;
  status: CourseStatus;
  ownerUnitId: string;
  ownerUnitName: string;
  openEnrolment: boolean;
  publishedVersionId: string | null;
  publishedVersionNo: number | null;
  publishedAt: Date | null;
  draftVersionId: string | null;
  draftVersionNo: number | null;
  /** The version the metadata below belongs to: the draft when there is one, else the published version. */
  versionId: string;
  versionNo: number;
  title: string;
  summary: string;
  language: CourseLanguage;
  tags: string[];
  estimatedMinutes: number | null;
  finalExam: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CourseDetailResponse extends CourseResponse {
  /** True when versionId is a draft (edits change it in place); false when edits will first copy it. */
  editingDraft: boolean;
  modules: ModuleResponse[];
  files: CourseFileResponse[];
}

export interface CourseVersionResponse {
  id: string;
  versionNo: number;
  title: string;
  /** draft: being edited; published: what new enrolments get; superseded: an earlier published version. */
  state: 'draft' | 'published' | 'superseded';
  createdAt: Date;
  publishedAt: Date | null;
  moduleCount: number;
  lessonCount: number;
  /** Learners enrolled on this version (they keep it). */
  enrolmentCount: number;
}

// Declared here (not in module.dto.ts) so the detail response has no import cycle.
export interface LessonResponse {
  id: string;
  courseId: string;
  versionId: string;
  moduleId: string;
  position: number;
  kind: 'text' | 'video' | 'document' | 'link';
  title: string;
  bodyHtml: string;
  url: string | null;
  fileId: string | null;
  file: CourseFileResponse | null;
  required: boolean;
  estimatedMinutes: number | null;
}

export interface ModuleResponse {
  id: string;
  courseId: string;
  versionId: string;
  position: number;
  title: string;
  lessons: LessonResponse[];
}
