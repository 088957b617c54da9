import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsReadableText, toCleanLine, toNfc } from '@app/common';
import { UnitType } from '../unit-type';

export class EffectiveDateDto {
  /** The day the change takes effect (YYYY-MM-DD); default today. Figures for earlier days don't change. */
  @ApiPropertyOptional({ example: '2025-07-01' })
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;
}

export class RenameUnitDto extends EffectiveDateDto {
  @ApiProperty({ example: 'Sở Văn hóa, Thể thao và Du lịch' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  name!: string;
}

export class MoveUnitDto extends EffectiveDateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;
}

export class MergeUnitsDto extends EffectiveDateDto {
  /** The units that stop existing; their people, sub-units and past figures pass to the target. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  sourceIds!: string[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  targetId!: string;
}

export class SplitPartDto {
  @ApiProperty()
  @Transform(toNfc)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
    message: 'code must be 1–40 letters, digits, dot, dash or underscore',
  })
  code!: string;

  @ApiProperty()
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  name!: string;

  @ApiPropertyOptional({ enum: UnitType })
  @IsOptional()
  @IsEnum(UnitType)
  type?: UnitType;

  /** People of the split unit who go to this part. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @IsUUID('all', { each: true })
  personIds!: string[];
}

export class SplitUnitDto extends EffectiveDateDto {
  @ApiProperty({ type: [SplitPartDto] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SplitPartDto)
  parts!: SplitPartDto[];
}

export class UnitTreeQueryDto {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'the tree as it stood on this day (default today)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** Levels below the unit (1: its children). Required for a subtree of more than TREE_MAX_UNITS units. */
  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'levels below the unit (1: its children)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  depth?: number;
}

/**
 * A tree is answered in full, or to a `depth` above 1, only up to this many units; larger ones are read level by
 * level (depth=1, the children of a unit, is always answered).
 */
export const TREE_MAX_UNITS = 2_000;

export interface UnitTreeNode {
  id: string;
  code: string;
  name: string;
  type: string;
  parentId: string | null;
  depth: number;
  /** The unit has children on that day (they are in the answer unless it stopped at `depth`). */
  hasChildren: boolean;
}

/** A node of GET /api/v1/units/:id/tree. */
export interface UnitTreeNodeResponse extends UnitTreeNode {
  /**
   * People on the roster today in the unit's subtree (the maintained counts, as on the units page); null for a tree
   * of another day than today (the counts are today's) and before the counts were first made.
   */
  people: number | null;
}
