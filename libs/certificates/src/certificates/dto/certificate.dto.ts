import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsReadableText, PageQueryDto, toCleanLine } from '@app/common';

export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked'] as const;

/** Filters of the organisers' list, the CSV list and the bulk ZIP. */
export class CertificateFiltersDto {
  @ApiPropertyOptional({ description: 'Only people of this unit’s subtree (inside your scope)' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a UUID' })
  courseId?: string;

  @ApiPropertyOptional({ enum: CERTIFICATE_STATUSES, description: 'Status today' })
  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES, { message: `status must be one of ${CERTIFICATE_STATUSES.join(', ')}` })
  status?: (typeof CERTIFICATE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Issued on or after (yyyy-mm-dd)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Issued on or before (yyyy-mm-dd)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Name, serial or code; diacritics and case ignored' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** The list's filters and a page of it. */
export class ListCertificatesQueryDto extends IntersectionType(CertificateFiltersDto, PageQueryDto) {}

export class RevokeCertificateDto {
  @ApiProperty({ description: 'Why (kept in the audit log and shown to organisers), 5–500 characters' })
  @Transform(toCleanLine)
  @IsString({ message: 'reason must be text' })
  @Length(5, 500, { message: 'reason must be 5–500 characters' })
  @IsReadableText()
  reason!: string;
}

/** A re-issue takes the person's name, unit and roles from the roster as they are now (correct the roster first). */
export class ReissueCertificateDto extends RevokeCertificateDto {}

export class CertificateAuthorityDto {
  @ApiProperty({ example: 'VL', description: '1–8 capital letters or digits, unique: the serial numbers’ prefix' })
  @Matches(/^[A-Z0-9]{1,8}$/, { message: 'serialPrefix must be 1–8 capital letters or digits' })
  serialPrefix!: string;

  @ApiPropertyOptional({ type: String, example: 'ỦY BAN NHÂN DÂN TỈNH VĨNH LONG', nullable: true })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 200, { message: 'parentName must be 1–200 characters' })
  parentName?: string | null;

  @ApiProperty({ example: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' })
  @Transform(toCleanLine)
  @IsString({ message: 'name must be text' })
  @Length(2, 200, { message: 'name must be 2–200 characters' })
  @IsReadableText()
  name!: string;

  @ApiProperty({ example: 'Vĩnh Long' })
  @Transform(toCleanLine)
  @IsString({ message: 'placeName must be text' })
  @Length(2, 100, { message: 'placeName must be 2–100 characters' })
  @IsReadableText()
  placeName!: string;

  @ApiProperty({ example: 'GIÁM ĐỐC' })
  @Transform(toCleanLine)
  @IsString({ message: 'signatoryTitle must be text' })
  @Length(2, 100, { message: 'signatoryTitle must be 2–100 characters' })
  @IsReadableText()
  signatoryTitle!: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Transform(toCleanLine)
  @IsString({ message: 'signatoryName must be text' })
  @Length(2, 100, { message: 'signatoryName must be 2–100 characters' })
  @IsReadableText()
  signatoryName!: string;
}

export class CourseCertificateDto {
  @ApiProperty({ description: 'The issuing authority: a unit with certificate-authority settings' })
  @IsUUID('all', { message: 'authorityUnitId must be a UUID' })
  authorityUnitId!: string;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 120, description: 'Months; absent: no expiry' })
  @IsOptional()
  @IsInt({ message: 'validityMonths must be a whole number of months' })
  @Min(1)
  @Max(120)
  validityMonths?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsIn([true, false], { message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class CertificateResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['course', 'session'] }) kind!: 'course' | 'session';
  @ApiProperty({ example: 'VL-2026-000123' }) serial!: string;
  @ApiProperty({ example: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345' }) code!: string;
  @ApiProperty() verifyUrl!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() personName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: [String] }) roleNames!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) courseId!: string | null;
  @ApiProperty() courseCode!: string;
  @ApiProperty() title!: string;
  @ApiProperty() versionNo!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) scorePercent!: number | null;
  @ApiProperty() completedOn!: string;
  @ApiProperty() issuedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) expiresOn!: string | null;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: (typeof CERTIFICATE_STATUSES)[number];
  @ApiPropertyOptional({ type: String, nullable: true }) revokedOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokeReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) replacesId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) replacedById!: string | null;
  @ApiProperty() authorityName!: string;
  @ApiProperty() pdfReady!: boolean;
}

export class CertificateListResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [CertificateResponse] }) items!: CertificateResponse[];
}

export class CertificateAuthorityResponse extends CertificateAuthorityDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() hasSeal!: boolean;
}

export class CourseCertificateResponse {
  @ApiProperty() courseId!: string;
  @ApiProperty() authorityUnitId!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) validityMonths!: number | null;
  @ApiProperty() enabled!: boolean;
}
