import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobResponse, JobSchedules } from '@app/jobs';
import { CourseCompletedHooks } from '@app/learning';
import { ISSUE_CERTIFICATE_JOB, ISSUE_DUE_CERTIFICATES_JOB, issueCertificateKey } from './certificate.jobs';

export const ISSUE_DUE_SCHEDULE = 'certificates.issue-due';
const EVERY_MINUTES = 15;

/**
 * Ties certificates to completions: registers the hook that dispatches `certificates.issue` in the completing
 * transaction, and the schedule that runs `certificates.issue-due` at boot and every 15 minutes (switched with the
 * other periodic work by REMINDERS_SCHEDULE; tests run the job by hand).
 */
@Injectable()
export class CertificateSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobDispatcher,
    private readonly hooks: CourseCompletedHooks,
    private readonly schedules: JobSchedules,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (enrolmentId, _at, manager) => {
      await this.jobs.dispatch(ISSUE_CERTIFICATE_JOB, issueCertificateKey(enrolmentId), { enrolmentId }, { manager });
    });
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: ISSUE_DUE_SCHEDULE, everyMs: EVERY_MINUTES * 60_000, run: () => this.runDue() });
  }

  /** Dispatches the due sweep of the current 15-minute slot (or of `slot`, e.g. 'demo'). */
  runDue(slot?: string): Promise<JobResponse> {
    const at = new Date(Math.floor(this.clock.now().getTime() / (EVERY_MINUTES * 60_000)) * EVERY_MINUTES * 60_000);
    const s = slot ?? at.toISOString().slice(0, 16);
    return this.jobs.dispatch(ISSUE_DUE_CERTIFICATES_JOB, `certificates.issue-due:${s}`, { slot: s });
  }
}
