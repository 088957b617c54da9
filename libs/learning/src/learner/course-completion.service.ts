import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, NotFoundError } from '@app/common';
import { evaluateCompletion } from './completion-rule';
import { CourseCompletedHooks } from './course-completed-hooks';
import { EnrolmentRepository } from './enrolment.repository';

export interface CompletionResult {
  progressPercent: number;
  /** When the course was completed (kept from the first time), or null. */
  completedAt: Date | null;
}

/**
 * The completion rule applied to stored progress. Other parts call it inside their own transaction: the exam
 * engine calls `recordExamPassed` when an attempt passes; anything that changes an enrolment's lessons may call
 * `recompute`.
 */
@Injectable()
export class CourseCompletionService {
  constructor(
    private readonly enrolments: EnrolmentRepository,
    private readonly clock: Clock,
    private readonly completedHooks: CourseCompletedHooks,
  ) {}

  /**
   * Re-evaluates the enrolment: stores progress_percent and, once complete, sets completed_at (once) and records
   * 'course_completed' (once), telling the CourseCompletedHooks then. Takes the enrolment's row lock so concurrent progress writes do not lose updates.
   */
  async recompute(enrolmentId: string, manager: EntityManager, at: Date = this.clock.now()): Promise<CompletionResult> {
    if (!(await this.enrolments.find(enrolmentId, manager, true))) {
      throw new NotFoundError(`enrolment ${enrolmentId} not found`);
    }
    const facts = await this.enrolments.completionFacts(manager, enrolmentId);
    const state = evaluateCompletion(facts);
    const completedAt = await this.enrolments.saveProgress(
      manager,
      enrolmentId,
      state.progressPercent,
      state.complete ? at : null,
    );
    if (
      completedAt &&
      (await this.enrolments.recordEvent(manager, enrolmentId, null, 'course_completed', completedAt))
    ) {
      await this.completedHooks.completed(enrolmentId, completedAt, manager);
    }
    return { progressPercent: state.progressPercent, completedAt };
  }

  /** The exam hook: the final exam was passed at `at`; sets exam_passed_at once and re-evaluates completion. */
  async recordExamPassed(enrolmentId: string, at: Date, manager: EntityManager): Promise<CompletionResult> {
    if (!(await this.enrolments.setExamPassed(manager, enrolmentId, at))) {
      throw new NotFoundError(`enrolment ${enrolmentId} not found`);
    }
    await this.enrolments.recordEvent(manager, enrolmentId, null, 'exam_passed', at);
    return this.recompute(enrolmentId, manager, at);
  }
}
