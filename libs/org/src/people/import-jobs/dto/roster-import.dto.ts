import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { toNfc } from '@app/common';
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

  @ApiPropertyOptional({ description: 'why contact details are needed (10–500 characters); required with them' })
  @ValidateIf((o: RosterExportQueryDto) => o.includeContact === true || o.purpose !== undefined)
  @Transform(toNfc)
  @IsString()
  @Length(10, 500, { message: 'purpose must say why contact details are needed (10–500 characters)' })
  purpose?: string;
}
