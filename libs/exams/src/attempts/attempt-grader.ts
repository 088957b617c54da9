import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { CourseCompletionService } from '@app/learning';
import { gradePaper } from '../grading/grade';
import { AttemptRepository, AttemptRow } from './attempt.repository';

/** Attempts graded per run of the overdue job before it reports. */
export const OVERDUE_BATCH = 500;

/**
 * Grades attempts, once each, under the attempt's row lock (SELECT … FOR UPDATE): a submit, a page load past the
 * deadline and the overdue job may race; the first grades, the others find it graded and change nothing. An
 * attempt touched after its deadline is graded as of the deadline ('expired'), so the result never depends on when
 * the job ran. Passing a final exam records it on the enrolment in the same transaction.
 */
@Injectable()
export class AttemptGrader {
  private readonly logger = new Logger(AttemptGrader.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly attempts: AttemptRepository,
    private readonly completion: CourseCompletionService,
    private readonly clock: Clock,
  ) {}

  /** Grades the attempt if it is still in progress and (unless `submit`) past its deadline. */
  async finalize(attemptId: string, submit: boolean): Promise<void> {
    await this.db.transaction(async (m) => {
      const attempt = await this.attempts.find(attemptId, m, 'update');
      if (!attempt || attempt.status !== 'in_progress') return;
      const now = this.clock.now();
      if (!submit && now < attempt.deadlineAt) return;
      await this.gradeLocked(m, attempt, now);
    });
  }

  /** Grades a locked in-progress attempt as of `now`, or of its deadline when that has passed. */
  async gradeLocked(m: EntityManager, attempt: AttemptRow, now: Date): Promise<void> {
    const late = now >= attempt.deadlineAt;
    const at = late ? attempt.deadlineAt : now;
    const paper = await this.attempts.paper(attempt.id, m);
    const result = gradePaper(
      paper.map((item) => ({ question: item, response: item.response })),
      attempt.passPercent,
    );
    await this.attempts.saveGrade(m, attempt.id, {
      status: late ? 'expired' : 'submitted',
      at,
      score: result.score,
      maxScore: result.maxScore,
      percent: result.percent,
      passed: result.passed,
      scores: paper.map((item, i) => ({ questionVersionId: item.questionVersionId, score: result.scores[i] })),
    });
    if (result.passed && attempt.examKind === 'final' && attempt.enrolmentId) {
      await this.completion.recordExamPassed(attempt.enrolmentId, at, m);
    }
  }

  /** The overdue job: grades every in-progress attempt past its deadline, one transaction each. */
  async closeOverdue(): Promise<{ closed: number }> {
    let closed = 0;
    for (;;) {
      const ids = await this.attempts.overdueIds(this.clock.now(), OVERDUE_BATCH);
      for (const id of ids) {
        await this.finalize(id, false);
        closed++;
      }
      if (ids.length < OVERDUE_BATCH) break;
    }
    if (closed > 0) this.logger.log({ closed }, 'overdue exam attempts graded');
    return { closed };
  }
}
