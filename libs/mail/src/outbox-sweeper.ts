import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobSchedules } from '@app/jobs';
import {
  DELIVER_MAIL_JOB,
  MAX_SMTP_ATTEMPTS,
  SWEEP_BATCH,
  SWEEP_INTERVAL_MS,
  SWEEP_MAX_AGE_HOURS,
  SWEEP_MIN_AGE_SECONDS,
} from './mail.constants';
import { OutboxRepository } from './outbox.repository';

/** The schedule's name (JobSchedules). */
export const OUTBOX_SWEEP_SCHEDULE = 'mail.outbox-sweep';

/**
 * With SMTP_URL: every 10 minutes, dispatches `mail.deliver` again for unsent messages of the last 72 hours
 * whose job gave up (a failed job with that business key runs again with fresh attempts), or that were written
 * before SMTP was configured. A message stops being retried after 15 SMTP attempts. The schedule
 * `mail.outbox-sweep` (libs/jobs runs it where schedules run, at boot and then every 10 minutes) is registered
 * only with SMTP_URL and outside tests (they call `sweep()`).
 */
@Injectable()
export class OutboxSweeper implements OnModuleInit {
  private readonly logger = new Logger(OutboxSweeper.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    if (!this.config.smtpUrl || this.config.nodeEnv === 'test') return;
    this.schedules.register({ name: OUTBOX_SWEEP_SCHEDULE, everyMs: SWEEP_INTERVAL_MS, run: () => this.sweep() });
  }

  /** Returns how many messages were handed to a delivery job again. */
  async sweep(): Promise<number> {
    if (!this.config.smtpUrl) return 0;
    try {
      const ids = await this.outbox.findToSweep(this.clock.now(), {
        minAgeSeconds: SWEEP_MIN_AGE_SECONDS,
        maxAgeHours: SWEEP_MAX_AGE_HOURS,
        maxAttempts: MAX_SMTP_ATTEMPTS,
        limit: SWEEP_BATCH,
      });
      // One job per message: the key of a message's own job (`mail:<first id of its batch>`) may differ.
      for (const id of ids) await this.jobs.dispatch(DELIVER_MAIL_JOB, `mail:${id}`, { messageIds: [id] });
      if (ids.length) this.logger.log({ count: ids.length }, 'unsent messages handed to delivery again');
      return ids.length;
    } catch (e) {
      this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'outbox sweep failed');
      return 0;
    }
  }
}
