import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JOB_STATUSES, JobStatus } from '../job-status';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

export class ListJobsQueryDto {
  @ApiPropertyOptional({ enum: JobStatus })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  /** A job name, e.g. 'exports.csv'. */
  @ApiPropertyOptional({ example: 'system.echo' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9.-]{0,99}$/, { message: 'name must be a job name such as exports.csv' })
  name?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER) // larger numbers reach PostgreSQL as 9.2e18 and fail there (500)
  offset?: number;
}
