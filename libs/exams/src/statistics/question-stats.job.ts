import { Injectable } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { Clock } from '@app/common';
import { JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { QuestionStatsRepository } from './question-stats.repository';

export const QUESTION_STATS_JOB = 'exams.question-stats';
/** One run per exam and number of graded attempts: asking again with nothing new returns the same job. */
export const questionStatsKey = (examId: string, graded: number): string => `exams.question-stats:${examId}:${graded}`;

export class QuestionStatsPayload {
  @IsUUID()
  examId!: string;
}

/** `exams.question-stats`: recomputes an exam's question statistics from its graded attempts (idempotent). */
@RegisterJobHandler()
@Injectable()
export class QuestionStatsJob implements JobHandler<QuestionStatsPayload, { questions: number }> {
  readonly name = QUESTION_STATS_JOB;
  readonly maxAttempts = 3;
  readonly backoffMs = 30_000;
  readonly validate = validatePayloadWith(QuestionStatsPayload);

  constructor(
    private readonly stats: QuestionStatsRepository,
    private readonly clock: Clock,
  ) {}

  async handle(payload: QuestionStatsPayload): Promise<{ questions: number }> {
    return { questions: await this.stats.recompute(payload.examId, this.clock.now()) };
  }
}
