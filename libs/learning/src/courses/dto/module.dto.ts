import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { toCleanLine, toCleanMultiline } from '@app/common';
import { IsOptionalNotNull, MAX_ESTIMATED_MINUTES } from './course.dto';

export const LESSON_KINDS = ['text', 'video', 'document', 'link'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

/** Positions are 1-based; a position past the end means "last". */
const MAX_POSITION = 10_000;

export class CreateModuleDto {
  @ApiProperty({ example: 'Học phần 1: Khái niệm quyền con người' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ minimum: 1, description: 'default: last' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  position?: number;
}

export class UpdateModuleDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'move it to this position (others shift; positions stay 1..n)' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  position?: number;
}

const URL_MAX = 2000;

export class CreateLessonDto {
  @ApiProperty({ enum: LESSON_KINDS })
  @IsIn(LESSON_KINDS)
  kind!: LessonKind;

  @ApiProperty({ example: 'Bài 1: Quyền con người là gì?' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ description: 'rich text (text lessons) or an introduction; sanitised before it is stored' })
  @IsOptional()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(0, 200_000)
  bodyHtml?: string;

  @ApiPropertyOptional({ description: 'http(s) URL: a video, a document or the page a link lesson points at' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, URL_MAX)
  url?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a file uploaded to this course (video and document lessons)' })
  @IsOptional()
  @IsUUID()
  fileId?: string;

  @ApiPropertyOptional({ default: true, description: 'counts for completion' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ESTIMATED_MINUTES)
  estimatedMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'default: last in the module' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  position?: number;
}

export class UpdateLessonDto {
  @ApiPropertyOptional({ enum: LESSON_KINDS })
  @IsOptionalNotNull()
  @IsIn(LESSON_KINDS)
  kind?: LessonKind;

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
  @Length(0, 200_000)
  bodyHtml?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes it' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(toCleanLine)
  @IsString()
  @Length(1, URL_MAX)
  url?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null removes it' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  fileId?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ minimum: 1, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ESTIMATED_MINUTES)
  estimatedMinutes?: number | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'move it to another module of the same course' })
  @IsOptionalNotNull()
  @IsUUID()
  moduleId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'its position within its (new) module' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  position?: number;
}
