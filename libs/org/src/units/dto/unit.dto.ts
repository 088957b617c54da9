import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { nfc } from '@app/common';
import { UnitType } from '../unit-type';

const trimNfc = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? nfc(value) : value);

export class CreateUnitDto {
  /** Administrative or internal code, unique nationally (e.g. the commune code "00004"). */
  @ApiProperty({ example: 'HN-STTTT' })
  @Transform(trimNfc)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
    message: 'code must be 1–40 letters, digits, dot, dash or underscore',
  })
  code!: string;

  @ApiProperty({ example: 'Sở Văn hóa và Thể thao' })
  @Transform(trimNfc)
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: UnitType })
  @IsEnum(UnitType)
  type!: UnitType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;
}

export class ListUnitsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the direct children of this unit' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'search by name or code, ignoring diacritics and case' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export interface UnitResponse {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  parentId: string | null;
}

export interface UnitListResponse {
  items: UnitResponse[];
  total: number;
}
