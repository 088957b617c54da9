import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { IsCalendarDate, IsEmailAddress, IsReadableText, PageQueryDto, toCleanLine, toEmail } from '@app/common';

const NO_FORMULA = /^[^=+\-@\t\r]/;

export const PERSON_STATUSES = ['active', 'on_leave', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const GENDERS = ['male', 'female', 'other'] as const;

export class CreatePersonDto {
  @ApiProperty({ example: 'Nguyễn Thị Hồng Nhung' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  @Matches(NO_FORMULA, { message: 'fullName must not start with = + - @ (spreadsheet formula)' })
  fullName!: string;

  /** Unique within the province: the import key. */
  @ApiPropertyOptional({ example: 'VL-000123' })
  @IsOptional()
  @Transform(toCleanLine)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, {
    message: 'employeeCode must be 1–40 letters, digits, dot, dash, slash or underscore',
  })
  employeeCode?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'at least one role' })
  @IsArray()
  @ArrayMinSize(1, { message: 'roleIds must name at least one role' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  roleIds!: string[];

  @ApiPropertyOptional({ example: 'Chuyên viên' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 200)
  @Matches(NO_FORMULA, { message: 'positionTitle must not start with = + - @ (spreadsheet formula)' })
  positionTitle?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toEmail)
  @IsEmailAddress()
  email?: string;

  @ApiPropertyOptional({ example: '0912345678' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s.-]/g, '') : value))
  @Matches(/^\+?\d{8,15}$/, { message: 'phone must be 8–15 digits, optionally with a leading +' })
  phone?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: (typeof GENDERS)[number];

  @ApiPropertyOptional({ example: '1985-04-30' })
  @IsOptional()
  @IsCalendarDate()
  birthDate?: string;

  @ApiPropertyOptional({ enum: PERSON_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;

  /** The day the person joins the unit (and holds the roles); default today. */
  @ApiPropertyOptional({ example: '2025-07-01' })
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;
}

export class MovePersonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;
}

export class ChangePersonStatusDto {
  @ApiProperty({ enum: PERSON_STATUSES })
  @IsIn(PERSON_STATUSES)
  status!: PersonStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;
}

export class ListPeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the subtree to list (default: all of yours)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roleId?: string;

  @ApiPropertyOptional({ enum: PERSON_STATUSES })
  @IsOptional()
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;

  @ApiPropertyOptional({ description: 'name, employee code or e-mail; ignores diacritics and case' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 100)
  q?: string;

  /** The `next` or `prev` of a page of the same query: the page after or before it (keyset pagination). */
  @ApiPropertyOptional({ description: 'the `next` or `prev` cursor of a page of this same query' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

/** A person in a list: never e-mail, phone or birth date (the contact-data rule, people/contact-policy.ts). */
export class PersonListItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) employeeCode!: string | null;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  /** The nearest commune or province above the unit ("Xã An Bình"), to tell namesake units apart. */
  @ApiProperty({ type: String, nullable: true }) unitPlace!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) roleIds!: string[];
  @ApiProperty({ type: String, nullable: true }) positionTitle!: string | null;
  @ApiProperty({ type: String, enum: GENDERS, nullable: true }) gender!: string | null;
  @ApiProperty({ enum: PERSON_STATUSES }) status!: PersonStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) accountId!: string | null;
}

export class PersonListResponse {
  @ApiProperty({ type: [PersonListItemResponse] }) items!: PersonListItemResponse[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'exact up to 10,000; when totalCapped, "more than 10,000"; null when not counted (a filter over a larger subtree)',
  })
  total!: number | null;
  @ApiProperty({ description: 'true when the subtree holds more than `total` people (the count stopped there)' })
  totalCapped!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'cursor of the next page (pass as `cursor`), null at the end',
  })
  next!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'cursor of the previous page, null on the first page' })
  prev!: string | null;
}

/**
 * One person. E-mail, phone and birth date are present only when `contactShown`: for an admin or organiser whose
 * scope covers the person's unit (each such view is audited), never for an agency.
 */
export class PersonResponse extends PersonListItemResponse {
  @ApiProperty({ description: 'true when email, phone and birthDate are included (you manage this person)' })
  contactShown!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'only when contactShown' })
  email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'only when contactShown' })
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '1985-04-30', description: 'only when contactShown' })
  birthDate?: string | null;
}

export interface PersonHistoryResponse {
  memberships: Array<{ unitId: string; unitName: string; validFrom: string; validTo: string | null }>;
  roles: Array<{ roleId: string; roleCode: string; validFrom: string; validTo: string | null }>;
  statuses: Array<{ status: PersonStatus; validFrom: string; validTo: string | null }>;
}
