import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsExportPurpose, PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH, toPurpose } from '@app/audit';
import { IMPORT_MODES, ImportMode } from '../roster-import.types';

export class UploadRosterQueryDto {
  @ApiProperty({ enum: IMPORT_MODES, description: 'dry_run: report only; commit: write the valid rows' })
  @IsIn(IMPORT_MODES, { message: 'mode must be dry_run or commit' })
  mode!: ImportMode;

  /** The subtree the file may touch; default: the scope of the caller's first admin or organiser grant. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class RosterExportQueryDto {
  /** The subtree to export; default: the scope of the caller's first admin or organiser grant. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** E-mail and phone are left out unless asked for, with a purpose (kept in the audit log). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
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
