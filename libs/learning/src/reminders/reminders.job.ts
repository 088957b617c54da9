import { Injectable } from '@nestjs/common';
import { IsDateString, Matches } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { ReminderReport, RemindersService } from './reminders.service';

export const REMINDERS_JOB = 'learning.reminders';

/** The business key of a day's run: dispatching it again the same day does nothing. */
export const remindersKey = (date: string): string => `reminders:${date}`;

export class RemindersPayload {
  /** The day the reminders are for (YYYY-MM-DD). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  date!: string;
}

/** `learning.reminders`: the course reminders of one day (idempotent: reminder_sent records each one). */
@RegisterJobHandler()
@Injectable()
export class RemindersJob implements JobHandler<RemindersPayload, ReminderReport> {
  readonly name = REMINDERS_JOB;
  readonly maxAttempts = 5;
  readonly backoffMs = 60_000;
  readonly validate = validatePayloadWith(RemindersPayload);

  constructor(private readonly reminders: RemindersService) {}

  handle(payload: RemindersPayload, ctx: JobContext): Promise<ReminderReport> {
    return this.reminders.run(payload.date, (p) => ctx.reportProgress(p));
  }
}
