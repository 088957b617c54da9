import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { JOB_STATUSES, JobsQueryService, ListJobsQueryDto } from '@app/jobs';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { addMessages } from '../web/i18n';

addMessages('vi', {
  'jobs.title': 'Tác vụ nền',
  'jobs.status': 'Trạng thái',
  'jobs.all': 'Tất cả',
  'jobs.filter': 'Lọc',
  'jobs.name': 'Tác vụ',
  'jobs.key': 'Mã nghiệp vụ',
  'jobs.attempts': 'Lần chạy',
  'jobs.progress': 'Tiến độ',
  'jobs.created': 'Tạo lúc',
  'jobs.finished': 'Xong lúc',
  'jobs.error': 'Lỗi gần nhất',
  'jobs.none': 'Chưa có tác vụ nào.',
  'jobs.mode.inprocess': 'Chạy trong tiến trình API (không cấu hình Redis).',
  'jobs.mode.redis': 'Chạy bởi tiến trình worker qua Redis.',
});
addMessages('en', {
  'jobs.title': 'Background jobs',
  'jobs.status': 'Status',
  'jobs.all': 'All',
  'jobs.filter': 'Filter',
  'jobs.name': 'Job',
  'jobs.key': 'Business id',
  'jobs.attempts': 'Attempts',
  'jobs.progress': 'Progress',
  'jobs.created': 'Created',
  'jobs.finished': 'Finished',
  'jobs.error': 'Last error',
  'jobs.none': 'No jobs yet.',
  'jobs.mode.inprocess': 'Run inside the API process (no Redis configured).',
  'jobs.mode.redis': 'Run by the worker process through Redis.',
});

/** /admin/jobs: what the background jobs are doing, for administrators (each sees their subtree's jobs). */
@ApiExcludeController()
@Controller('admin/jobs')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.JobsRead)
export class JobsPageController {
  constructor(private readonly jobs: JobsQueryService) {}

  @Get()
  @Render('jobs/index')
  async index(@CurrentActor() actor: Actor, @Query() query: ListJobsQueryDto): Promise<Record<string, unknown>> {
    const page = await this.jobs.list(actor, { ...query, limit: query.limit ?? 50 });
    return {
      title: 'Tác vụ nền',
      page,
      statuses: JOB_STATUSES.map((s) => ({ value: s, selected: s === query.status })),
      name: query.name ?? '',
    };
  }
}
