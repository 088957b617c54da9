import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsReadableText, PageQueryDto, toCleanLine } from '@app/common';

export const SESSION_KINDS = ['training', 'workshop', 'seminar'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** An instant with its offset: `2026-12-05T08:00:00+07:00` (Vietnam time) or `…Z`. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateSessionDto {
  @ApiProperty({ example: 'Tập huấn kỹ năng truyền thông về quyền con người' })
  @Transform(toCleanLine)
  @IsString()
  @Length(3, 300)
  @IsReadableText()
  title!: string;

  @ApiProperty({ enum: SESSION_KINDS, description: 'lớp tập huấn / hội thảo / tọa đàm' })
  @IsIn(SESSION_KINDS)
  kind!: SessionKind;

  @ApiPropertyOptional({ type: [String], description: "the catalogue's topic tags (as courses use them)" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  topics?: string[];

  @ApiProperty({ format: 'uuid', description: 'the organising unit (inside your scope)' })
  @IsUUID()
  organiserUnitId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the roles the session is meant for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  targetRoleIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: "the roles whose targets attendance counts for (none: the session doesn't count)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  countingRoleIds?: string[];

  @ApiProperty({ example: '2026-12-05T08:00:00+07:00', description: 'with its offset (Vietnam time: +07:00)' })
  @Matches(DATE_TIME, { message: 'startsAt must be a date-time with its offset, e.g. 2026-12-05T08:00:00+07:00' })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-05T17:00:00+07:00', description: 'after startsAt, at most 31 days later' })
  @Matches(DATE_TIME, { message: 'endsAt must be a date-time with its offset, e.g. 2026-12-05T17:00:00+07:00' })
  endsAt!: string;

  @ApiPropertyOptional({ description: 'the hall and address; place or onlineUrl is required' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @MaxLength(300)
  place?: string;

  @ApiPropertyOptional({ description: 'the online meeting link (http or https)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  onlineUrl?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'seats; more invitees go on the waiting list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  @ApiPropertyOptional({ description: 'trainers, as printed on the invitation' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @MaxLength(500)
  trainers?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'percent of the session to attend (100: all)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  requiredShare?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 120, description: 'months a certificate stays valid (omit: no expiry)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'a course to take before (pre-reading) or after (a test)' })
  @IsOptional()
  @IsUUID()
  courseId?: string;
}

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-12', description: 'sessions starting in this month (Vietnam time)' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be yyyy-mm' })
  month?: string;
}

export class InviteDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'invite the people of this subtree holding roleIds' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  roleIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'or people picked from the roster' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  personIds?: string[];
}

export const ANSWERS = ['confirm', 'decline'] as const;
export class RespondDto {
  @ApiProperty({ enum: ANSWERS })
  @IsIn(ANSWERS)
  answer!: (typeof ANSWERS)[number];
}

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export class MarkAttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status!: AttendanceStatus;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description: 'percent of the session attended (default: 100 when present, else 0)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  share?: number;
}

export class AttendanceQueryDto {
  @ApiPropertyOptional({ description: 'a name, with or without diacritics' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export type InviteeStatus = 'invited' | 'confirmed' | 'declined' | 'waiting';

export interface SessionResponse {
  id: string;
  title: string;
  kind: SessionKind;
  topics: string[];
  organiserUnitId: string;
  organiserUnitName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  trainers: string | null;
  requiredShare: number;
  validityMonths: number | null;
  courseId: string | null;
  status: 'open' | 'cancelled';
  attendanceClosedAt: string | null;
  hasSheet: boolean;
  targetRoleIds: string[];
  countingRoleIds: string[];
  counts: { invited: number; confirmed: number; declined: number; waiting: number; present: number };
}

export interface SessionListResponse {
  items: SessionResponse[];
  total: number;
}

export interface InviteeResponse {
  personId: string;
  fullName: string;
  unitName: string | null;
  status: InviteeStatus;
}

export interface InviteResultResponse {
  added: number;
  waiting: number;
}

export interface AttendanceRowResponse {
  personId: string;
  fullName: string;
  unitName: string | null;
  invitation: InviteeStatus | null;
  status: AttendanceStatus | null;
  share: number | null;
  walkIn: boolean;
}

export interface CloseAttendanceResponse {
  session: SessionResponse;
  certificatesIssued: number;
}
