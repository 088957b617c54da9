import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import {
  JobDispatcher,
  JobHandler,
  JobResponse,
  JobSchedules,
  RegisterJobHandler,
  validatePayloadWith,
} from '@app/jobs';
import { Mailer, MailMessage } from '@app/mail';
import { formatVerificationCode } from '../codes/verification-code';
import { verifyUrl } from '../issuing/certificate-pdfs';
import { vietnamDay } from '../issuing/certificate-snapshot';
import { VerificationLimiter } from '../verification/verification-limiter';

export const EXPIRY_REMINDERS_JOB = 'certificates.expiry-reminders';
/** Reminders go this many days before a certificate expires, each once: 30 days, then 7 days. */
export const EXPIRY_REMINDER_DAYS = [30, 7] as const;

export class ExpiryDayPayload {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be yyyy-mm-dd' })
  day!: string;
}

interface Due {
  certificateId: string;
  kind: string;
  email: string;
  personName: string;
  title: string;
  serial: string;
  code: string;
  expiresOn: string;
}

const dmy = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/**
 * `certificates.expiry-reminders` (one job per day, key `certificates.expiry-reminders:<day>`): e-mails the holders
 * of valid certificates that expire within 30 days (and again within 7), each (certificate, kind) once — the
 * claim and the message are written in one statement's transaction, so a retried or doubled run sends nothing
 * twice. People with no e-mail on the roster, or no longer on it, are skipped. Also prunes old verification
 * windows.
 */
@RegisterJobHandler()
@Injectable()
export class ExpiryRemindersJob implements JobHandler<ExpiryDayPayload, { sent: number }>, OnModuleInit {
  readonly name = EXPIRY_REMINDERS_JOB;
  readonly maxAttempts = 3;
  readonly validate = validatePayloadWith(ExpiryDayPayload);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly limiter: VerificationLimiter,
    private readonly jobs: JobDispatcher,
    private readonly schedules: JobSchedules,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: EXPIRY_REMINDERS_JOB, everyMs: 3_600_000, run: () => this.dispatchToday() });
  }

  dispatchToday(): Promise<JobResponse> {
    const day = vietnamDay(this.clock.now());
    return this.jobs.dispatch(EXPIRY_REMINDERS_JOB, `${EXPIRY_REMINDERS_JOB}:${day}`, { day });
  }

  async handle(p: ExpiryDayPayload): Promise<{ sent: number }> {
    let sent = 0;
    for (const days of EXPIRY_REMINDER_DAYS) sent += await this.sendFor(p.day, days);
    await this.limiter.prune();
    return { sent };
  }

  private async sendFor(day: string, days: number): Promise<number> {
    const kind = `expiry_${days}`;
    return this.db.transaction(async (m) => {
      const due = await m.query<Due[]>(
        `WITH claimed AS (
           INSERT INTO certificate_reminder (certificate_id, kind, sent_at)
           SELECT c.id, $2, $4 FROM certificate c JOIN person p ON p.id = c.person_id
            WHERE c.revoked_at IS NULL AND c.expires_on > $1::date AND c.expires_on <= $1::date + $3::int
              AND p.email IS NOT NULL AND p.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM certificate n WHERE n.replaces_id = c.id)
           ON CONFLICT DO NOTHING
           RETURNING certificate_id
         )
         SELECT c.id AS "certificateId", $2 AS kind, p.email, c.snapshot->>'personName' AS "personName",
                c.snapshot->>'title' AS title, c.serial, c.code, to_char(c.expires_on, 'YYYY-MM-DD') AS "expiresOn"
           FROM claimed x JOIN certificate c ON c.id = x.certificate_id JOIN person p ON p.id = c.person_id`,
        [day, kind, days, this.clock.now()],
      );
      if (due.length > 0) {
        await this.mailer.sendMany(
          due.map((d) => this.message(d)),
          m,
        );
      }
      return due.length;
    });
  }

  private message(d: Due): MailMessage {
    const url = verifyUrl(this.config.publicUrl, d.code);
    return {
      kind: 'certificate.expiry',
      to: d.email,
      subject: `Giấy chứng nhận sắp hết hạn / Certificate expiring: ${d.title}`.slice(0, 200),
      text: [
        `Kính gửi ${d.personName},`,
        '',
        `Giấy chứng nhận số ${d.serial} (khoá học "${d.title}") hết hạn từ ngày ${dmy(d.expiresOn)}.`,
        'Vui lòng học lại khoá học để được cấp giấy chứng nhận mới.',
        `Mã xác minh: ${formatVerificationCode(d.code)} — ${url}`,
        '',
        `Your certificate ${d.serial} ("${d.title}") expires on ${d.expiresOn}. Please take the course again to renew it.`,
      ].join('\n'),
    };
  }
}
