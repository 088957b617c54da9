import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsNumber,
  IsObject,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate } from '@app/common';
import { UnitType } from '@app/org';

/** A role's target (for one scope unit, or everywhere when scopeUnitId is null). */
export class PutTargetDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 100, description: 'one decimal at most' })
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiProperty({ example: '2028-12-31', description: 'yyyy-mm-dd, today or later' })
  @IsCalendarDate()
  deadline!: string;

  @ApiPropertyOptional({ example: { '2026': 40, '2027': 70 }, description: 'per year, a percentage (0–100)' })
  @IsOptional()
  @IsObject()
  milestones?: Record<string, number>;

  @ApiPropertyOptional({ type: [String], description: 'the courses whose certificates count' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  courseIds?: string[];

  @ApiPropertyOptional({ enum: UnitType, isArray: true, description: 'only in units of these types' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(UnitType, { each: true })
  unitTypes?: UnitType[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'only under this unit; everywhere when null' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  scopeUnitId?: string | null;
}

export interface TargetResponse {
  id: string;
  roleId: string;
  roleCode: string;
  roleName: string;
  unitTypes: string[] | null;
  scopeUnitId: string | null;
  percent: number;
  deadline: string;
  milestones: Record<string, number>;
  courseIds: string[];
}
