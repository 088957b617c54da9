import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
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
