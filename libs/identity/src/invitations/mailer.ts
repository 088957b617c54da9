import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/common';

export interface MailMessage {
  /** What the message is for, e.g. 'account.invitation' (for the outbox page and its retention). */
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail. Inject `Mailer`; pass the transaction's manager so a message exists only if the change does. */
export abstract class Mailer {
  abstract send(message: MailMessage, manager?: EntityManager): Promise<void>;
}

/**
 * The mailer while no SMTP client is installed (nodemailer is not a dependency yet): writes each message to
 * outbox_message, in the caller's transaction, for a sender to deliver and stamp `sent_at`. Until that sender
 * exists the table records what would have been sent. Bodies may hold activation links: the sender should
 * clear `body_text` once delivered.
 */
@Injectable()
export class OutboxMailer extends Mailer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async send(message: MailMessage, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_message (kind, to_address, subject, body_text, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [message.kind, message.to, message.subject.slice(0, 200), message.text, this.clock.now()],
    );
  }
}
