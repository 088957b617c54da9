import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError } from '@app/common';
import { AUTHORS, CourseAccess } from '@app/learning';
import { AttemptRepository } from '../attempts/attempt.repository';
import { ExamResultsResponse } from './dto/exam-results.dto';
import { ExamRepository } from './exam.repository';

/**
 * An exam's results for its authors: every attempt by a person whose unit lies in the subtree of one of the
 * actor's authoring grants (administrators see everyone under their scope). Another subtree's exam answers 404.
 */
@Injectable()
export class ExamResultsService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly attempts: AttemptRepository,
    private readonly courses: CourseAccess,
  ) {}

  async list(actor: Actor, examId: string, page: { limit: number; offset: number }): Promise<ExamResultsResponse> {
    const exam = await this.exams.find(examId);
    if (!exam || !(await this.courses.canAuthor(actor, exam.courseId))) {
      throw new NotFoundError(`exam ${examId} not found`);
    }
    const scopes = [...new Set(actor.grants.filter((g) => AUTHORS.includes(g.permission)).map((g) => g.scopeUnitId))];
    const [{ items, total }, summary] = await Promise.all([
      this.attempts.listForScopes(examId, scopes, page, exam.attemptRule),
      this.attempts.ruleSummary(examId, scopes, exam.attemptRule),
    ]);
    return {
      examId,
      title: exam.title,
      attemptRule: exam.attemptRule,
      ...summary,
      total,
      items: items.map((r) => ({
        attemptId: r.id,
        attemptNo: r.attemptNo,
        personId: r.personId,
        fullName: r.fullName,
        unitName: r.unitName,
        status: r.status,
        score: r.score,
        maxScore: r.maxScore,
        percent: r.percent,
        passed: r.passed,
        startedAt: r.startedAt.toISOString(),
        submittedAt: r.submittedAt?.toISOString() ?? null,
        counted: r.counted,
      })),
    };
  }
}
