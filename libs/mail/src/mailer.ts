import { EntityManager } from 'typeorm';

/** One e-mail, plain text. */
export interface MailMessage {
  /** What the message is for, e.g. 'account.invitation' (for the outbox page and its retention; ≤ 40 characters). */
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends e-mail. Inject `Mailer`; pass the transaction's manager so a message exists only if the change does.
 * Returns the id of the outbox row (the message is delivered after the transaction commits, when SMTP is
 * configured; otherwise the outbox page lists it).
 */
export abstract class Mailer {
  abstract send(message: MailMessage, manager?: EntityManager): Promise<string>;
  /** Many messages at once (one INSERT); ids in the order of `messages`. */
  abstract sendMany(messages: MailMessage[], manager?: EntityManager): Promise<string[]>;
}
