import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from '@app/common';
import { ReportFigures, ReportUnit } from '../report-figures';
import { REPORT_KINDS, ReportKind, ReportStatus } from '../report-kinds';

const trimNfc = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

/** A new draft: the unit (default: the caller's first scope), the kind and the period; the document's particulars. */
export class CreateReportDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the reporting unit (its subtree); default: the caller's unit" })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS, { message: `kind must be one of ${REPORT_KINDS.join(', ')}` })
  kind!: ReportKind;

  @ApiProperty({ example: '2025-11-20', description: 'first day of the period (yyyy-mm-dd, from 2023-01-01)' })
  @IsCalendarDate()
  periodFrom!: string;

  @ApiProperty({ example: '2026-11-15', description: 'last day (yyyy-mm-dd, up to today; coverage is as of this day)' })
  @IsCalendarDate()
  periodTo!: string;

  @ApiPropertyOptional({ example: '12/BC-UBND', description: 'default: the next number of the unit this year' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  number?: string;

  @ApiPropertyOptional({ example: 'Vĩnh Long', description: "the place of the date line; default: the unit's name" })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  placeName?: string;

  @ApiPropertyOptional({ example: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  signatoryTitle?: string;

  @ApiPropertyOptional({ example: 'Nguyễn Thị Quyên Thanh' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(120)
  signatoryName?: string;
}

/** Returning a report: the comment is required (it is what the sender must fix). */
export class ReturnReportDto {
  @ApiProperty({ maxLength: 2000 })
  @Transform(trimNfc)
  @IsString({ message: 'comment is required' })
  @MinLength(1, { message: 'comment is required' })
  @MaxLength(2000)
  comment!: string;
}

/** Where a unit's reports go: another unit, or null for the default (its parent). */
export class SetReportReceiverDto {
  @ApiProperty({ format: 'uuid', nullable: true })
  @ValidateIf((o: SetReportReceiverDto) => o.receiverUnitId !== null)
  @IsUUID('all', { message: 'receiverUnitId must be a UUID or null' })
  receiverUnitId!: string | null;
}

export interface ReportSubmissionResponse {
  seq: number;
  receiver: ReportUnit;
  submittedAt: string;
  figuresSha256: string;
  xlsxSha256: string;
  pdfSha256: string;
  decision: 'accepted' | 'returned' | null;
  decidedAt: string | null;
  comment: string | null;
}

export interface ReportResponse {
  id: string;
  unit: ReportUnit;
  kind: ReportKind;
  title: string;
  periodFrom: string;
  periodTo: string;
  number: string;
  placeName: string;
  signatoryTitle: string;
  signatoryName: string;
  status: ReportStatus;
  /** Where it goes (draft: where it would go now) or went (its latest submission). */
  receiver: ReportUnit | null;
  submissions: ReportSubmissionResponse[];
  /** What the caller may do now. */
  actions: { submit: boolean; accept: boolean; return: boolean };
}

/** A report with its figures: frozen (the latest submission's) once submitted, else computed now. */
export interface ReportDetailResponse extends ReportResponse {
  frozen: boolean;
  figures: ReportFigures;
}

export interface ReportListItem {
  id: string;
  unit: ReportUnit;
  kind: ReportKind;
  title: string;
  periodFrom: string;
  periodTo: string;
  number: string;
  status: ReportStatus;
  /** The caller's own unit's report, and/or one received by a unit of the caller's. */
  own: boolean;
  received: boolean;
}

export interface ReportReceiverResponse {
  unit: ReportUnit;
  receiver: ReportUnit | null;
  /** true when an admin set it; false when it is the parent (the default). */
  configured: boolean;
}
