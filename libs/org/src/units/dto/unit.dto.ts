import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsReadableText, PageQueryDto, toCleanLine, toNfc } from '@app/common';
import { UnitType } from '../unit-type';

export class CreateUnitDto {
  /** Administrative or internal code, unique nationally (e.g. the commune code "00004"). */
  @ApiProperty({ example: 'HN-STTTT' })
  @Transform(toNfc)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
    message: 'code must be 1–40 letters, digits, dot, dash or underscore',
  })
  code!: string;

  @ApiProperty({ example: 'Sở Văn hóa và Thể thao' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  name!: string;

  @ApiProperty({ enum: UnitType })
  @IsEnum(UnitType)
  type!: UnitType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the direct children of this unit' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'search by name or code, ignoring diacritics and case' })
  @IsOptional()
  @Transform(toNfc)
  @IsString()
  @Length(1, 100)
  q?: string;
}

export interface UnitResponse {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  parentId: string | null;
  /** The official administrative code (data/units), for provinces and communes that have one. */
  adminCode?: string | null;
  /** The name of the nearest commune or province above the unit (unit-place.ts); null for a province. */
  place?: string | null;
}

/** A page of units (OrgUnitsService.list). */
export interface UnitPage {
  items: UnitResponse[];
  /** Exact up to 10,000; when totalCapped, "more than 10,000". */
  total: number;
  /** True when the list holds more than `total` units (the count stopped there). */
  totalCapped: boolean;
}

/** A unit of GET /api/v1/units, with its people. */
export interface UnitListItem extends UnitResponse {
  /**
   * People on the roster today in the unit's subtree, from the maintained counts (a few seconds behind the roster);
   * null before the counts were first made.
   */
  people: number | null;
}

/** GET /api/v1/units: a page of units with their people. */
export interface UnitListResponse extends Omit<UnitPage, 'items'> {
  items: UnitListItem[];
  /** When the people counts were last brought up to date (ISO 8601); null before they were first made. */
  peopleCountedAt: string | null;
}
