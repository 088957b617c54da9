import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { LeaderboardNames } from '../../exams/dto/exam.dto';

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

/** One participant on the leaderboard: named as the contest sets (null: hidden). */
export interface LeaderboardEntry {
  rank: number;
  /** Full name, initials ("N. T. Á.") or null, as the contest sets; always the full name on the viewer's own row. */
  name: string | null;
  unitName: string | null;
  percent: number;
  /** Time taken by the counted attempt. */
  seconds: number;
  /** The viewer's own row. */
  you: boolean;
}

/** One unit under the contest's owner unit: participation against its roster, average score. */
export interface UnitStanding {
  rank: number;
  unitId: string;
  name: string;
  roster: number;
  participants: number;
  /** participants / roster in percent (null for an empty roster). */
  participationPercent: number | null;
  averagePercent: number | null;
}

export interface LeaderboardResponse {
  examId: string;
  title: string;
  names: LeaderboardNames;
  opensAt: string | null;
  closesAt: string | null;
  staggerMinutes: number;
  /** Participants with a graded attempt. */
  total: number;
  items: LeaderboardEntry[];
  /** The viewer's own standing when they took part (also when it is not on this page). */
  mine: LeaderboardEntry | null;
  units: UnitStanding[];
}

export interface OpenContestResponse {
  id: string;
  title: string;
  opensAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number;
}
