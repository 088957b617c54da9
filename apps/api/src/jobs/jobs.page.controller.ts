import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { JOB_STATUSES, JobStatus, JobsQueryService, ListJobsQueryDto } from '@app/jobs';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { addMessages, translate } from '../web/i18n';
import { langOf } from '../web/page-helpers';

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
  'jobs.job.certificates.expiry-reminders': 'Nhắc giấy chứng nhận sắp hết hạn',
  'jobs.job.certificates.issue': 'Cấp giấy chứng nhận',
  'jobs.job.certificates.issue-due': 'Cấp các giấy chứng nhận đến hạn',
  'jobs.job.certificates.render': 'Tạo tệp PDF giấy chứng nhận',
  'jobs.job.certificates.zip': 'Đóng gói giấy chứng nhận (ZIP)',
  'jobs.job.coverage.rebuild': 'Tính lại số liệu bao phủ',
  'jobs.job.exams.close-overdue': 'Đóng bài thi quá giờ',
  'jobs.job.exams.question-stats': 'Thống kê câu hỏi thi',
  'jobs.job.exports.cleanup': 'Dọn tệp xuất cũ',
  'jobs.job.exports.file': 'Tạo tệp xuất',
  'jobs.job.learning.assignment.enrol': 'Ghi danh theo lần giao khoá học',
  'jobs.job.learning.assignments.sync': 'Đối soát các lần giao khoá học',
  'jobs.job.learning.reminders': 'Nhắc học viên',
  'jobs.job.mail.deliver': 'Gửi thư',
  'jobs.job.org.roster-changes.read': 'Đọc thay đổi danh sách cán bộ',
  'jobs.job.questions.import': 'Nhập câu hỏi',
  'jobs.job.roster.import': 'Nhập danh sách cán bộ',
  'jobs.job.training.sessions.remind': 'Nhắc lịch tập huấn',
  'jobs.state.queued': 'Đang chờ',
  'jobs.state.running': 'Đang chạy',
  'jobs.state.succeeded': 'Đã xong',
  'jobs.state.failed': 'Lỗi',
  'jobs.total': 'Số tác vụ',
  'jobs.retrying': 'sẽ chạy lại',
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
  'jobs.job.certificates.expiry-reminders': 'Certificate expiry reminders',
  'jobs.job.certificates.issue': 'Issue a certificate',
  'jobs.job.certificates.issue-due': 'Issue due certificates',
  'jobs.job.certificates.render': 'Render a certificate PDF',
  'jobs.job.certificates.zip': 'Certificates ZIP archive',
  'jobs.job.coverage.rebuild': 'Rebuild coverage figures',
  'jobs.job.exams.close-overdue': 'Close overdue exam attempts',
  'jobs.job.exams.question-stats': 'Exam question statistics',
  'jobs.job.exports.cleanup': 'Clean up old exports',
  'jobs.job.exports.file': 'Build an export file',
  'jobs.job.learning.assignment.enrol': 'Enrol an assignment',
  'jobs.job.learning.assignments.sync': 'Reconcile assignments',
  'jobs.job.learning.reminders': 'Learner reminders',
  'jobs.job.mail.deliver': 'Deliver mail',
  'jobs.job.org.roster-changes.read': 'Read roster changes',
  'jobs.job.questions.import': 'Import questions',
  'jobs.job.roster.import': 'Import a roster',
  'jobs.job.training.sessions.remind': 'Training session reminders',
  'jobs.state.queued': 'Queued',
  'jobs.state.running': 'Running',
  'jobs.state.succeeded': 'Succeeded',
  'jobs.state.failed': 'Failed',
  'jobs.total': 'Jobs',
  'jobs.retrying': 'will retry',
});

/** /admin/jobs: what the background jobs are doing, for administrators (each sees their subtree's jobs). */
@ApiExcludeController()
@Controller('admin/jobs')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.JobsRead)
export class JobsPageController {
  constructor(private readonly jobs: JobsQueryService) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Query() query: ListJobsQueryDto, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const page = await this.jobs.list(actor, { ...query, limit: query.limit ?? 50 });
    // A job's name in words (its technical name stays beside it, for the logs); a name not known yet shows as is.
    const jobName = (name: string): string => {
      const key = `jobs.job.${name}`;
      const words = translate(lang, key);
      return words === key ? name : words;
    };
    res.render('jobs/index', {
      title: translate(lang, 'jobs.title'),
      page: {
        ...page,
        items: page.items.map((j) => ({
          ...j,
          label: jobName(j.name),
          statusLabel: translate(lang, `jobs.state.${j.status}`),
          retrying: j.status === JobStatus.Queued && j.attempts > 0,
        })),
      },
      statuses: JOB_STATUSES.map((s) => ({
        value: s,
        label: translate(lang, `jobs.state.${s}`),
        selected: s === query.status,
      })),
      name: query.name ?? '',
    });
  }
}
