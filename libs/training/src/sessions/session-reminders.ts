import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsISO8601 } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher, JobHandler, JobSchedules, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { MailMessage, Mailer } from '@app/mail';
import { AttendanceRepository, DueReminder } from '../attendance/attendance.repository';

/** Invitees are reminded once, when the session starts within this many hours. */
export const REMIND_HOURS_BEFORE = 48;
export const SESSION_REMINDERS_JOB = 'training.sessions.remind';
/** The outbox kind of a session reminder. */
export const SESSION_REMINDER_MAIL_KIND = 'training.session_reminder';

const VN = 'Asia/Ho_Chi_Minh';
const when = (at: Date): string =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: VN,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour12: false,
  }).format(at);

/** The reminder e-mail: Vietnamese first, English below. */
export function sessionReminderMail(f: DueReminder & { url: string }): MailMessage {
  const where = f.place ?? f.onlineUrl ?? '';
  return {
    kind: SESSION_REMINDER_MAIL_KIND,
    to: f.email,
    subject: `Nhắc lịch: ${f.title}`.slice(0, 120),
    text: [
      `Kính gửi ${f.fullName},`,
      `Anh/chị được mời tham dự "${f.title}" lúc ${when(f.startsAt)} (giờ Việt Nam) tại ${where}.`,
      `Chi tiết: ${f.url}`,
      '',
      `Reminder: you are invited to "${f.title}" at ${when(f.startsAt)} (Vietnam time), ${where}.`,
      `Details: ${f.url}`,
    ].join('\n'),
  };
}

export class SessionRemindersPayload {
  /** The hour the run is for (ISO instant); runs are keyed per hour. */
  @IsISO8601({ strict: true })
  at!: string;
}

/**
 * Reminders before the day: each invitee (invited or confirmed) of a session starting within REMIND_HOURS_BEFORE
 * hours gets one e-mail through the outbox; the claim (reminded_at) is written in the same transaction as the
 * outbox message, so a retried run sends nothing twice. People without an e-mail get none.
 */
@RegisterJobHandler()
@Injectable()
export class SessionRemindersJob implements JobHandler<SessionRemindersPayload, { reminded: number }> {
  readonly name = SESSION_REMINDERS_JOB;
  readonly maxAttempts = 5;
  readonly backoffMs = 60_000;
  readonly validate = validatePayloadWith(SessionRemindersPayload);
  private readonly logger = new Logger(SessionRemindersJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AttendanceRepository,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async handle(payload: SessionRemindersPayload): Promise<{ reminded: number }> {
    const at = new Date(payload.at);
    const reminded = await this.db.transaction(async (m) => {
      const due = await this.repo.claimReminders(m, at, new Date(at.getTime() + REMIND_HOURS_BEFORE * 3_600_000));
      const messages = due.map((d) =>
        sessionReminderMail({ ...d, url: `${this.config.publicUrl}/training-sessions/${d.sessionId}` }),
      );
      await this.mailer.sendMany(messages, m);
      return messages.length;
    });
    this.logger.log({ reminded }, 'session reminders written');
    return { reminded };
  }
}

/** Every hour (where schedules run, when REMINDERS_SCHEDULE is on), the hour's reminders job, once per hour. */
@Injectable()
export class SessionRemindersSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: SESSION_REMINDERS_JOB, everyMs: 60 * 60_000, run: () => this.run() });
  }

  async run(): Promise<void> {
    const hour = new Date(Math.floor(this.clock.now().getTime() / 3_600_000) * 3_600_000).toISOString();
    await this.jobs.dispatch(SESSION_REMINDERS_JOB, `training-reminders:${hour}`, { at: hour });
  }
}
