import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** Years a headcount may be declared for: the programme of Decision 1079/QĐ-TTg (2023–2028) and a margin. */
export const HEADCOUNT_FIRST_YEAR = 2023;
export const HEADCOUNT_LAST_YEAR = 2030;
export const HEADCOUNT_MAX = 100_000;

export class HeadcountItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  roleId!: string;

  @ApiProperty({ minimum: 0, maximum: HEADCOUNT_MAX, example: 2 })
  @IsInt()
  @Min(0)
  @Max(HEADCOUNT_MAX)
  headcount!: number;
}

export class DeclareHeadcountsDto {
  @ApiProperty({ type: [HeadcountItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must declare at least one role' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HeadcountItemDto)
  items!: HeadcountItemDto[];
}

export class HeadcountYearParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ minimum: HEADCOUNT_FIRST_YEAR, maximum: HEADCOUNT_LAST_YEAR, example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(HEADCOUNT_FIRST_YEAR)
  @Max(HEADCOUNT_LAST_YEAR)
  year!: number;
}

export class HeadcountQueryDto {
  @ApiPropertyOptional({
    minimum: HEADCOUNT_FIRST_YEAR,
    maximum: HEADCOUNT_LAST_YEAR,
    description: 'default: this year',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(HEADCOUNT_FIRST_YEAR)
  @Max(HEADCOUNT_LAST_YEAR)
  year?: number;

  @ApiPropertyOptional({ description: 'also return the figures of each direct child unit' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  children?: boolean;
}

export class HeadcountHistoryQueryDto {
  @ApiPropertyOptional({
    minimum: HEADCOUNT_FIRST_YEAR,
    maximum: HEADCOUNT_LAST_YEAR,
    description: 'default: every year',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(HEADCOUNT_FIRST_YEAR)
  @Max(HEADCOUNT_LAST_YEAR)
  year?: number;
}

/** One role of one unit: what the unit declared next to whom its roster names. */
export interface HeadcountRow {
  roleId: string;
  roleCode: string;
  roleNameVi: string;
  roleNameEn: string;
  /** The declared headcount for the year, or null when the unit declared none. */
  declared: number | null;
  /** People on the roster of this very unit (not its subtree) holding the role, active on `asOf`. */
  named: number;
  /** max(0, declared − named): people counted but not (yet) on the roster. */
  declaredNotNamed: number;
  declaredBy: string | null;
  declaredAt: string | null;
}

export interface HeadcountUnit {
  id: string;
  code: string;
  name: string;
}

export interface UnitHeadcountsResponse {
  unit: HeadcountUnit;
  year: number;
  /** The day the named people are counted on: today, or 31 December of a past year. */
  asOf: string;
  rows: HeadcountRow[];
  children?: Array<{ unit: HeadcountUnit; rows: HeadcountRow[] }>;
}

export interface HeadcountChangeResponse {
  roleId: string;
  roleCode: string;
  year: number;
  previous: number | null;
  headcount: number;
  declaredBy: string | null;
  declaredAt: string;
}
