import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate, IsReadableText, PageQueryDto, toCleanLine } from '@app/common';
import { TOPIC_TAG_CODES } from '@app/learning';

export const EXTERNAL_TRAINING_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type ExternalTrainingStatus = (typeof EXTERNAL_TRAINING_STATUSES)[number];

/** A list field as forms and multipart bodies send it: one value, repeated values, or comma-separated. */
const toList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null || value === '') return undefined;
  const items: unknown = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items)) return items;
  const trimmed = (items as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
  return [...new Set(trimmed)];
};

/**
 * Training done elsewhere, as a learner (for themselves) or an organiser (for a person of their subtree) records it.
 * Sent as multipart/form-data with these fields first and the evidence (PDF, JPEG or PNG) last, in the field `file`.
 */
export class CreateExternalTrainingDto {
  @ApiPropertyOptional({ description: 'The person trained (default: the caller’s own person on the roster)' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @ApiProperty({ example: 'Bộ Ngoại giao', description: 'Who ran the training, 2–300 characters' })
  @Transform(toCleanLine)
  @IsString({ message: 'organiser must be text' })
  @Length(2, 300, { message: 'organiser must be 2–300 characters' })
  @IsReadableText()
  organiser!: string;

  @ApiProperty({ example: 'Hội thảo chuyên đề về quyền con người', description: '3–300 characters' })
  @Transform(toCleanLine)
  @IsString({ message: 'title must be text' })
  @Length(3, 300, { message: 'title must be 3–300 characters' })
  @IsReadableText()
  title!: string;

  @ApiProperty({ example: '2026-10-12' })
  @IsCalendarDate()
  startedOn!: string;

  @ApiProperty({ example: '2026-10-13', description: 'On or after startedOn, not after today' })
  @IsCalendarDate()
  endedOn!: string;

  @ApiProperty({ example: 16, description: 'Hours of training, 0.5–2000 (one decimal)' })
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false }, { message: 'hours must be a number' })
  @Min(0.5, { message: 'hours must be at least 0.5' })
  @Max(2000, { message: 'hours must be at most 2000' })
  hours!: number;

  @ApiPropertyOptional({ type: [String], enum: TOPIC_TAG_CODES, description: 'Topic tags from the catalogue' })
  @IsOptional()
  @Transform(toList)
  @IsArray({ message: 'topics must be a list' })
  @ArrayMaxSize(TOPIC_TAG_CODES.length)
  @IsIn(TOPIC_TAG_CODES, { each: true, message: 'topics must come from the catalogue' })
  topics?: string[];
}

export class ApproveExternalTrainingDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'The roles whose targets the record counts for (default: the person’s roles today)',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray({ message: 'roleIds must be a list' })
  @ArrayMinSize(1, { message: 'roleIds must name at least one role' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'roleIds must be UUIDs' })
  roleIds?: string[];

  @ApiPropertyOptional({ description: 'The first day the record no longer counts (after today); omit: no expiry' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsCalendarDate()
  expiresOn?: string;
}

export class DecideExternalTrainingDto {
  @ApiProperty({ description: 'Why (shown to the person and kept in the audit log), 5–500 characters' })
  @Transform(toCleanLine)
  @IsString({ message: 'reason must be text' })
  @Length(5, 500, { message: 'reason must be 5–500 characters' })
  @IsReadableText()
  reason!: string;
}

export class ExternalTrainingFiltersDto {
  @ApiPropertyOptional({ enum: EXTERNAL_TRAINING_STATUSES })
  @IsOptional()
  @IsIn(EXTERNAL_TRAINING_STATUSES, { message: `status must be one of ${EXTERNAL_TRAINING_STATUSES.join(', ')}` })
  status?: ExternalTrainingStatus;

  @ApiPropertyOptional({ description: 'Only people of this unit’s subtree (inside your scope)' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'The person’s name or part of it; diacritics and case ignored' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ListExternalTrainingQueryDto extends IntersectionType(ExternalTrainingFiltersDto, PageQueryDto) {}

export interface ExternalTrainingResponse {
  id: string;
  personId: string;
  personName: string;
  unitName: string | null;
  organiser: string;
  title: string;
  startedOn: string;
  endedOn: string;
  hours: number;
  topics: string[];
  evidenceName: string;
  evidenceType: string;
  status: ExternalTrainingStatus;
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
  approvedOn: string | null;
  expiresOn: string | null;
  revokedOn: string | null;
  /** The roles the approval counts for (empty before approval). */
  roles: Array<{ id: string; code: string; nameVi: string; nameEn: string }>;
  /** Whether it counts today: approved, not expired, not revoked. */
  countsToday: boolean;
}

export interface ExternalTrainingListResponse {
  total: number;
  items: ExternalTrainingResponse[];
}
