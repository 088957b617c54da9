import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, PageQueryDto } from '@app/common';

/** unitId defaults to the caller's scope unit; date to today (2023-01-01 … today). */
export class CoverageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one role; all targeted roles when left out' })
  @IsOptional()
  @IsUUID()
  roleId?: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'yyyy-mm-dd, from 2023-01-01 to today' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({
    enum: ['then', 'now'],
    default: 'then',
    description:
      "then: the subtree as it stood on the date (the rule); now: today's subtree, the date's people of units " +
      'merged, split or closed since counted in the units that took their place',
  })
  @IsOptional()
  @IsIn(['then', 'now'])
  structure?: 'then' | 'now';
}

/** A unit, role and day (as CoverageQueryDto) and a page. */
class CoveragePageQueryDto extends IntersectionType(CoverageQueryDto, PageQueryDto) {}

export class CoverageRankingQueryDto extends CoveragePageQueryDto {
  @ApiPropertyOptional({ enum: ['coverage', 'gap'], default: 'coverage' })
  @IsOptional()
  @IsIn(['coverage', 'gap'])
  by: 'coverage' | 'gap' = 'coverage';
}

/** The people lists: a unit, role (all roles, each person once, when left out) and day, paged. */
export class CoveragePeopleQueryDto extends CoveragePageQueryDto {}

export interface CoverageUnit {
  id: string;
  code: string;
  name: string;
}

/** One role's figures (DESIGN.md "Public contract"). */
export interface CoverageRow {
  roleId: string;
  roleCode: string;
  roleName: string;
  headcount: number;
  declaredNotNamed: number;
  trained: number;
  /** Percentage with one decimal, floored; null when the headcount is 0. */
  coverage: number | null;
  targetPercent: number;
  gap: number;
  deadline: string;
  status: 'met' | 'on_track' | 'behind' | null;
  statusText: { vi: string; en: string } | null;
}

/** "All roles": each person once (no target of its own). */
export interface CoverageAllRoles {
  headcount: number;
  declaredNotNamed: number;
  trained: number;
  coverage: number | null;
}

export interface UnitCoverageResponse {
  unit: CoverageUnit;
  date: string;
  /** When the figures were last brought up to date (ISO instant). */
  asOf: string;
  /** Where the figures come from: the rollup of today, a month-end snapshot, or the facts of that day. */
  source: 'rollup' | 'snapshot' | 'facts';
  /** The tree the subtree sums follow: the date's (the rule) or today's. */
  structure: 'then' | 'now';
  rows: CoverageRow[];
  allRoles: CoverageAllRoles;
  children: Array<{ unit: CoverageUnit; rows: CoverageRow[]; allRoles: CoverageAllRoles }>;
  statusRule: { vi: string; en: string };
}

export interface CoverageTrendPoint {
  date: string;
  headcount: number;
  trained: number;
  coverage: number | null;
}

export interface CoverageTrendResponse {
  unit: CoverageUnit;
  asOf: string;
  /** Per role (and "all roles" with roleId null), month ends from January 2025 and today. */
  series: Array<{ roleId: string | null; roleCode: string | null; points: CoverageTrendPoint[] }>;
}

export interface CoverageRankingResponse {
  unit: CoverageUnit;
  date: string;
  asOf: string;
  by: 'coverage' | 'gap';
  roleId: string | null;
  total: number;
  items: Array<{ unit: CoverageUnit; headcount: number; trained: number; coverage: number | null; gap: number | null }>;
}

export interface CoveragePerson {
  personId: string;
  fullName: string;
  unit: CoverageUnit;
  /** Trained list: the kind and id of a record that counts on the day. */
  recordKind?: string;
  recordId?: string;
}

export interface CoveragePeopleResponse {
  unit: CoverageUnit;
  date: string;
  roleId: string | null;
  total: number;
  /** Untrained list: people declared but not on the roster (counted as not trained, no names). */
  declaredNotNamed?: number;
  items: CoveragePerson[];
}

export class CoverageRoleParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  roleId!: string;
}
