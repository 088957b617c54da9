import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { JobPage, JobResponse, JobsQueryService, ListJobsQueryDto } from '@app/jobs';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/** Background jobs for administrators: state, progress, attempts and last error. */
// Administrators only, each within their subtree (see JobsQueryService): platform jobs for the country's.
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.JobsRead)
export class JobsController {
  constructor(private readonly jobs: JobsQueryService) {}

  /** Newest first; filter by status and job name. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListJobsQueryDto): Promise<JobPage> {
    return this.jobs.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<JobResponse> {
    return this.jobs.get(actor, id);
  }
}
