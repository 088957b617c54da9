import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, AppConfig, chunksOf, Clock } from '@app/common';
import { Mailer } from '@app/mail';
import { DUE_SOON_DAYS, ReminderKind, reminderMail } from './reminder-mail';
import { ReminderRepository } from './reminder.repository';

/** Enrolments handled per transaction. */
export const REMINDER_BATCH = 1_000;

export interface ReminderReport {
  date: string;
  dueSoon: number;
  overdue: number;
}

/**
 * Course reminders for a day: "due soon" when an open enrolment's due date is 0–7 days away, "overdue" once
 * it has passed, each at most once per enrolment, kind and due date (reminder_sent, written in the same
 * transaction as the outbox message). People who are not active that day or have no e-mail get nothing.
 * One query finds the enrolments; they are then handled 1,000 per transaction.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async run(today: string, onProgress?: (percent: number) => Promise<void>): Promise<ReminderReport> {
    const dueSoon = await this.runKind('due_soon', today, today, addDays(today, DUE_SOON_DAYS));
    await onProgress?.(50);
    const overdue = await this.runKind('overdue', today, '-infinity', addDays(today, -1));
    this.logger.log({ date: today, dueSoon, overdue }, 'course reminders written');
    return { date: today, dueSoon, overdue };
  }

  private async runKind(kind: ReminderKind, today: string, from: string, to: string): Promise<number> {
    const scope = { kind, today, from, to };
    const ids = await this.reminders.eligibleIds(this.db.manager, scope);
    let written = 0;
    for (const batch of chunksOf(ids, REMINDER_BATCH)) {
      written += await this.db.transaction(async (m) => {
        // Read again inside the transaction: an enrolment completed meanwhile gets nothing.
        const rows = await this.reminders.candidates(m, scope, batch);
        const claimed = await this.reminders.claim(m, kind, rows, this.clock.now());
        const chosen = rows.filter((r) => claimed.has(r.enrolmentId));
        const messages = chosen.map((r) =>
          reminderMail({
            kind,
            fullName: r.fullName,
            email: r.email,
            courseTitle: r.courseTitle,
            dueDate: r.dueDate,
            today,
            courseUrl: `${this.config.publicUrl}/courses/${r.courseId}`,
          }),
        );
        const messageIds = await this.mailer.sendMany(messages, m);
        await this.reminders.linkMessages(m, kind, chosen, messageIds);
        return chosen.length;
      });
    }
    return written;
  }
}
