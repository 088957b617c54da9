import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { AppConfig, Clock } from '@app/common';
import {
  JobDispatcher,
  JobHandler,
  JobResponse,
  JobSchedules,
  RegisterJobHandler,
  validatePayloadWith,
} from '@app/jobs';
import { StorageService } from '@app/storage';
import { EXPORT_FILE_HOURS } from './export-jobs.service';
import { ExportRequestRepository } from './export-request.repository';

export const EXPORT_CLEANUP_JOB = 'exports.cleanup';
export const EXPORT_CLEANUP_SCHEDULE = 'exports.cleanup';
const EVERY_MINUTES = 60;
const BATCH = 500;

export class ExportCleanupPayload {
  @IsString()
  @Matches(/^[0-9T:-]{1,20}$/)
  slot!: string;
}

/** `exports.cleanup`: deletes the files of background exports made more than EXPORT_FILE_HOURS ago. Idempotent. */
@RegisterJobHandler()
@Injectable()
export class ExportCleanupJob implements JobHandler<ExportCleanupPayload, { deleted: number }> {
  readonly name = EXPORT_CLEANUP_JOB;
  readonly validate = validatePayloadWith(ExportCleanupPayload);
  private readonly logger = new Logger(ExportCleanupJob.name);

  constructor(
    private readonly requests: ExportRequestRepository,
    private readonly storage: StorageService,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ deleted: number }> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - EXPORT_FILE_HOURS * 3_600_000);
    let deleted = 0;
    for (;;) {
      const batch = await this.requests.filesBefore(before, BATCH);
      for (const f of batch) {
        await this.storage.delete(f.fileKey);
        await this.requests.markDeleted(f.id, now);
        deleted++;
      }
      if (batch.length < BATCH) break;
    }
    if (deleted) this.logger.log({ deleted }, 'old export files deleted');
    return { deleted };
  }
}

/** Runs the cleanup every hour (with the other periodic work: REMINDERS_SCHEDULE; tests run the job by hand). */
@Injectable()
export class ExportCleanupSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobDispatcher,
    private readonly schedules: JobSchedules,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: EXPORT_CLEANUP_SCHEDULE, everyMs: EVERY_MINUTES * 60_000, run: () => this.run() });
  }

  /** Dispatches the cleanup of the current hour (a second dispatch in the same hour is the same job). */
  run(): Promise<JobResponse> {
    const slot = this.clock.now().toISOString().slice(0, 13);
    return this.jobs.dispatch(EXPORT_CLEANUP_JOB, `exports.cleanup:${slot}`, { slot });
  }
}
