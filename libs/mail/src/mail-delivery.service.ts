import { Injectable, Logger } from '@nestjs/common';
import { errorMessage, PermanentJobError, UnitOfWork } from '@app/jobs';
import { MAX_MAIL_ERROR_LENGTH } from './mail.constants';
import { OutboxRepository } from './outbox.repository';
import { SmtpError, SmtpTransport } from './smtp-transport';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'gone' | 'failed' | 'refused';

export interface DeliveryReport {
  sent: number;
  alreadySent: number;
  gone: number;
  failed: number;
}

/** The server refused for good (5xx): retrying the same message cannot help. */
const isPermanent = (e: unknown): boolean => {
  const code = (e as SmtpError).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/** A message another attempt holds locked right now: retried later, when it is sent or free. */
class BusyError extends Error {}

/**
 * Delivers outbox rows over SMTP, each at most once: the row is locked (`FOR UPDATE SKIP LOCKED`) for the
 * attempt, a row already stamped `sent_at` is skipped, and the stamp is written in the same transaction as the
 * lock. If the process dies after the server accepted the message but before the commit, the message may go
 * out again on retry (at least once, never in parallel).
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);

  constructor(
    private readonly work: UnitOfWork,
    private readonly outbox: OutboxRepository,
    private readonly smtp: SmtpTransport,
  ) {}

  /**
   * Tries every message once. Throws when some failed (the jobs library retries with backoff, and sent ones
   * are skipped then): a PermanentJobError when every failure was a permanent refusal.
   */
  async deliverAll(ids: string[]): Promise<DeliveryReport> {
    if (!this.smtp.configured) throw new PermanentJobError('SMTP_URL is not configured: messages stay in the outbox');
    const report: DeliveryReport = { sent: 0, alreadySent: 0, gone: 0, failed: 0 };
    let retryable = 0;
    for (const id of ids) {
      const outcome = await this.deliver(id).catch((e: unknown) => {
        if (e instanceof BusyError) return 'failed' as const;
        throw e;
      });
      if (outcome === 'sent') report.sent++;
      else if (outcome === 'already-sent') report.alreadySent++;
      else if (outcome === 'gone') report.gone++;
      else {
        report.failed++;
        if (outcome === 'failed') retryable++;
      }
    }
    if (report.failed > 0) {
      const message = `${report.failed} of ${ids.length} message(s) not delivered (see outbox_message.last_error)`;
      throw retryable > 0 ? new Error(message) : new PermanentJobError(message);
    }
    return report;
  }

  /** One attempt for one message; records the outcome on the row. */
  async deliver(id: string): Promise<DeliveryOutcome> {
    const outcome = await this.work.run(null, async ({ manager: m }): Promise<DeliveryOutcome | null> => {
      const row = await this.outbox.lockForDelivery(m, id);
      if (!row) return null;
      if (row.sentAt) return 'already-sent';
      try {
        await this.smtp.send(row);
      } catch (e) {
        await this.outbox.markFailed(m, id, errorMessage(e).slice(0, MAX_MAIL_ERROR_LENGTH));
        // Ids only in the log: the error may quote the address.
        this.logger.warn({ outboxMessageId: id, attempt: row.attempts + 1 }, 'mail delivery attempt failed');
        return isPermanent(e) ? 'refused' : 'failed';
      }
      await this.outbox.markSent(m, id, this.work.now()); // when the server took it, not when the unit began
      return 'sent';
    });
    if (outcome) return outcome;
    if (await this.outbox.exists(id)) throw new BusyError(`message ${id} is locked by another delivery attempt`);
    return 'gone';
  }
}
