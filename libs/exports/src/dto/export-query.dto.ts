import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsExportPurpose, PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH, toPurpose } from '@app/audit';
import { IsCalendarDate } from '@app/common';
import { EXPORT_FORMATS, ExportFormat } from '../kinds';

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === true || value === 'on' ? true : value === 'false' || value === '' ? false : value;

/** The subtree and the contact-data choice of an export (the roster export takes only these). */
export class RosterExportQueryDto {
  /** The subtree to export; default: the scope of the caller's first grant that may export it. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  /** E-mail and phone are left out unless asked for, with a purpose (kept in the audit log). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'includeContact must be true or false' })
  includeContact?: boolean;

  @ApiPropertyOptional({
    minLength: PURPOSE_MIN_LENGTH,
    maxLength: PURPOSE_MAX_LENGTH,
    description:
      'why contact details are needed: required with them; one line of printable text with a letter, 10–500 ' +
      'characters once trimmed (NFC). Kept in the audit log, which is written before the first byte is sent.',
  })
  @ValidateIf((o: RosterExportQueryDto) => o.includeContact === true || o.purpose !== undefined)
  @Transform(toPurpose)
  @IsExportPurpose()
  purpose?: string;
}

/** The filters of a list export (each kind takes some of them: the others are refused with the kind's list). */
export class ExportQueryDto extends RosterExportQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'roleId must be a UUID' })
  roleId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a UUID' })
  courseId?: string;

  @ApiPropertyOptional({ description: 'yyyy-mm-dd: issued / submitted on or after' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'yyyy-mm-dd: issued / submitted on or before' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: "the kind's statuses (people: active, on_leave, left; certificates: …)" })
  @IsOptional()
  @IsString({ message: 'status must be text' })
  @MaxLength(20, { message: 'status must be at most 20 characters' })
  status?: string;

  @ApiPropertyOptional({ description: 'yyyy-mm-dd: the day statuses are judged on (people: the roster that day)' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'the headers and words of the file' })
  @IsOptional()
  @IsIn(['vi', 'en'], { message: 'lang must be vi or en' })
  lang?: 'vi' | 'en';
}

/** A background export: the list, the format and its filters. */
export class CreateExportJobDto extends ExportQueryDto {
  @ApiProperty({ example: 'people' })
  @IsString({ message: 'kind must be text' })
  @MaxLength(40, { message: 'kind must be at most 40 characters' })
  kind!: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsString({ message: 'format must be text' })
  @MaxLength(8, { message: 'format must be at most 8 characters' })
  format!: ExportFormat;
}
