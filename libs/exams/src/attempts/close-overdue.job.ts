import { Injectable } from '@nestjs/common';
import { Matches } from 'class-validator';
import { JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { AttemptGrader } from './attempt-grader';

export const CLOSE_OVERDUE_ATTEMPTS_JOB = 'exams.close-overdue';

/** Every 5 minutes one job: the business key of a slot (`exams.close-overdue:2026-03-01T08:05`). */
export const CLOSE_OVERDUE_SLOT_MINUTES = 5;
export const closeOverdueKey = (now: Date): string => {
  const slot = new Date(
    Math.floor(now.getTime() / (CLOSE_OVERDUE_SLOT_MINUTES * 60_000)) * CLOSE_OVERDUE_SLOT_MINUTES * 60_000,
  );
  return `exams.close-overdue:${slot.toISOString().slice(0, 16)}`;
};

export class CloseOverduePayload {
  /** The slot the run is for (UTC, YYYY-MM-DDTHH:MM); the run grades whatever is overdue when it runs. */
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'slot must be YYYY-MM-DDTHH:MM' })
  slot!: string;
}

/**
 * `exams.close-overdue`: grades the in-progress attempts whose deadline has passed, with what was saved. Tidying
 * only: an attempt touched after its deadline is graded as of the deadline anyway. Idempotent (each attempt is
 * graded once under its row lock).
 */
@RegisterJobHandler()
@Injectable()
export class CloseOverdueAttemptsJob implements JobHandler<CloseOverduePayload, { closed: number }> {
  readonly name = CLOSE_OVERDUE_ATTEMPTS_JOB;
  readonly maxAttempts = 3;
  readonly backoffMs = 30_000;
  readonly validate = validatePayloadWith(CloseOverduePayload);

  constructor(private readonly grader: AttemptGrader) {}

  handle(): Promise<{ closed: number }> {
    return this.grader.closeOverdue();
  }
}
