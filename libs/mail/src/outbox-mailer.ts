import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@app/common';
import { Tx, UnitOfWork } from '@app/jobs';
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
    private readonly work: UnitOfWork,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async send(message: MailMessage, manager?: EntityManager): Promise<string> {
    const [id] = await this.sendMany([message], manager);
    return id;
  }

  /** In the caller's transaction when given one, else in a unit of its own. */
  sendMany(messages: MailMessage[], manager?: EntityManager): Promise<string[]> {
    if (manager) return this.write(this.work.join(manager, null), messages);
    return this.work.run(null, (tx) => this.write(tx, messages));
  }

  private async write(tx: Tx<null>, messages: MailMessage[]): Promise<string[]> {
    const clean = messages.map((x) => ({
      kind: oneLine(x.kind, 40),
      to: oneLine(x.to, 254),
      subject: oneLine(x.subject, 200),
      text: x.text,
    }));
    const ids = await this.outbox.insertMany(tx.manager, clean, tx.now);
    if (this.config.smtpUrl) {
      for (let i = 0; i < ids.length; i += MAIL_IDS_PER_JOB) {
        const chunk = ids.slice(i, i + MAIL_IDS_PER_JOB);
        await tx.dispatch(DELIVER_MAIL_JOB, `mail:${chunk[0]}`, { messageIds: chunk });
      }
    }
    return ids;
  }
}
