import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import { JobDispatcher } from '@app/jobs';
import { DELIVER_MAIL_JOB, MAIL_IDS_PER_JOB } from './mail.constants';
import { MailMessage, Mailer } from './mailer';
import { OutboxRepository } from './outbox.repository';

/** Header-safe: one line, bounded to the column. */
const oneLine = (s: string, max: number): string =>
  s
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, max);

/**
 * The transactional outbox: every message is a row of outbox_message written in the caller's transaction.
 * With SMTP_URL, a `mail.deliver` job per 50 messages is dispatched in the same transaction and handed over after
 * it commits; without SMTP_URL nothing is sent and the outbox page lists what would have been.
 */
@Injectable()
export class OutboxMailer extends Mailer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async send(message: MailMessage, manager?: EntityManager): Promise<string> {
    const [id] = await this.sendMany([message], manager);
    return id;
  }

  async sendMany(messages: MailMessage[], manager: EntityManager = this.db.manager): Promise<string[]> {
    const clean = messages.map((x) => ({
      kind: oneLine(x.kind, 40),
      to: oneLine(x.to, 254),
      subject: oneLine(x.subject, 200),
      text: x.text,
    }));
    const ids = await this.outbox.insertMany(manager, clean, this.clock.now());
    if (this.config.smtpUrl) {
      for (let i = 0; i < ids.length; i += MAIL_IDS_PER_JOB) {
        const chunk = ids.slice(i, i + MAIL_IDS_PER_JOB);
        await this.jobs.dispatch(DELIVER_MAIL_JOB, `mail:${chunk[0]}`, { messageIds: chunk }, { manager });
      }
    }
    return ids;
  }
}
