import { Injectable } from '@nestjs/common';
import { Actor, Clock, NotFoundError } from '@app/common';
import { staggeredStartAt } from '../contests/stagger';
import { ExamRepository } from '../exams/exam.repository';
import { AttemptGrader } from './attempt-grader';
import { AttemptRepository } from './attempt.repository';
import { countedAttempt, ruleAllowsAnother } from './attempt-rule';
import { LearnerExamResponse } from './dto/learner-exam.dto';
import { ExamAccess } from './exam-access';

/**
 * What a learner sees of an exam before and between attempts: its rules (time limit, pass mark, attempts left,
 * opening and closing), whether it can be started now, and their own attempts. Never the answer key.
 */
@Injectable()
export class LearnerExamsService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly attempts: AttemptRepository,
    private readonly examAccess: ExamAccess,
    private readonly grader: AttemptGrader,
    private readonly clock: Clock,
  ) {}

  /** The course's final exam id; 404 when the course has none. */
  async finalExamId(courseId: string): Promise<string> {
    const id = await this.exams.finalExamId(courseId);
    if (!id) throw new NotFoundError(`course ${courseId} has no final exam`);
    return id;
  }

  /** 404 for an unknown exam; 403 off the roster or not enrolled in its course (as starting would answer). */
  async overview(actor: Actor, examId: string): Promise<LearnerExamResponse> {
    const { exam, personId, questionIds } = await this.examAccess.forLearner(actor, examId);
    let own = await this.attempts.listOwn(examId, personId);
    const now = this.clock.now();
    const overdue = own.filter((a) => a.status === 'in_progress' && a.deadlineAt <= now);
    if (overdue.length > 0) {
      // Graded as of their deadline (the overdue job may not have run yet): the page shows the result.
      for (const a of overdue) await this.grader.finalize(a.id, false);
      own = await this.attempts.listOwn(examId, personId);
    }
    const active = own.find((a) => a.status === 'in_progress') ?? null;
    const used = own.length;
    const attemptsLeft = exam.attemptsAllowed === null ? null : Math.max(0, exam.attemptsAllowed - used);
    const ownStart = exam.kind === 'contest' ? staggeredStartAt(exam, personId) : null;
    const opensAt = ownStart ?? exam.opensAt;
    const window = opensAt && now < opensAt ? 'not_open' : exam.closesAt && now >= exam.closesAt ? 'closed' : 'open';
    const counted = countedAttempt(exam.attemptRule, own);
    const ruleAllows = ruleAllowsAnother(exam.attemptRule, exam.kind, counted);
    return {
      id: exam.id,
      courseId: exam.courseId,
      title: exam.title,
      kind: exam.kind,
      questionCount:
        exam.drawMode === 'fixed' ? questionIds.length : exam.drawTopics.reduce((sum, d) => sum + d.count, 0),
      timeLimitMinutes: exam.timeLimitMinutes,
      passPercent: exam.passPercent,
      attemptsAllowed: exam.attemptsAllowed,
      attemptsUsed: used,
      attemptsLeft,
      attemptRule: exam.attemptRule,
      opensAt: exam.opensAt?.toISOString() ?? null,
      startsAt: ownStart?.toISOString() ?? null,
      closesAt: exam.closesAt?.toISOString() ?? null,
      window,
      reviewPolicy: exam.reviewPolicy,
      activeAttemptId: active?.id ?? null,
      canStart: active !== null || (window === 'open' && ruleAllows && (attemptsLeft === null || attemptsLeft > 0)),
      passed: counted?.passed === true,
      resultPercent: counted?.percent ?? null,
      resultAttemptNo: counted?.attemptNo ?? null,
      passedFinal: !ruleAllows,
      attempts: own.map((a) => ({
        id: a.id,
        attemptNo: a.attemptNo,
        status: a.status,
        startedAt: a.startedAt.toISOString(),
        submittedAt: a.submittedAt?.toISOString() ?? null,
        percent: a.percent,
        passed: a.passed,
      })),
    };
  }
}
