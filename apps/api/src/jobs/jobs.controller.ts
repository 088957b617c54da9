import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/common';
import { JobPage, JobResponse, JobsQueryService, ListJobsQueryDto } from '@app/jobs';
import { ApiAuthGuard, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

/** Background jobs for administrators: state, progress, attempts and last error. */
// Jobs are not scoped to a subtree (payloads are ids only): administrators alone see them.
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(Permission.Admin)
export class JobsController {
  constructor(private readonly jobs: JobsQueryService) {}

  /** Newest first; filter by status and job name. */
  @Get()
  list(@Query() query: ListJobsQueryDto): Promise<JobPage> {
    return this.jobs.list(query);
  }

  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string): Promise<JobResponse> {
    return this.jobs.get(id);
  }
}
