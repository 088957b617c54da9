import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError } from '@app/common';
import { JobDispatcher } from '@app/jobs';
import { CourseAccess } from '@app/learning';
import { ExamRepository, ExamRow } from '../exams/exam.repository';
import { QuestionStatsRequested, QuestionStatsResponse } from './dto/question-stats.dto';
import { QUESTION_STATS_JOB, questionStatsKey } from './question-stats.job';
import { QuestionStatsRepository } from './question-stats.repository';

/**
 * Question statistics of an exam (facility, discrimination, option choice counts), for whoever authors its course
 * (404 to anyone else). Aggregates over every graded attempt: no person is named. Computed by the
 * `exams.question-stats` job, asked for here.
 */
@Injectable()
export class QuestionStatsService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly stats: QuestionStatsRepository,
    private readonly courses: CourseAccess,
    private readonly jobs: JobDispatcher,
  ) {}

  /** Queues a computation (the same job while no attempt has been graded since the last request). */
  async request(actor: Actor, examId: string): Promise<QuestionStatsRequested> {
    const exam = await this.authorExam(actor, examId);
    const graded = await this.stats.gradedCount(examId);
    const unitId = (await this.courses.authorCourse(actor, exam.courseId)).ownerUnitId;
    const job = await this.jobs.dispatch(QUESTION_STATS_JOB, questionStatsKey(examId, graded), { examId }, { unitId });
    return { examId, jobId: job.id, status: job.status };
  }

  async get(actor: Actor, examId: string): Promise<QuestionStatsResponse> {
    const exam = await this.authorExam(actor, examId);
    const [rows, graded] = await Promise.all([this.stats.read(examId), this.stats.gradedCount(examId)]);
    return {
      examId,
      title: exam.title,
      computedAt: rows[0]?.computedAt.toISOString() ?? null,
      gradedAttempts: graded,
      questions: rows.map((r) => ({
        questionVersionId: r.questionVersionId,
        questionId: r.questionId,
        name: r.name,
        versionNo: r.versionNo,
        type: r.type,
        stem: r.stem,
        attempts: r.attempts,
        answered: r.answered,
        facility: r.facility,
        discrimination: r.discrimination,
        options: r.options.map((o) => ({
          key: o.key,
          text: o.text,
          right: o.fraction > 0,
          chosen: r.optionCounts[o.key] ?? 0,
        })),
      })),
    };
  }

  private async authorExam(actor: Actor, examId: string): Promise<ExamRow> {
    const exam = await this.exams.find(examId);
    if (!exam || !(await this.courses.canAuthor(actor, exam.courseId))) {
      throw new NotFoundError(`exam ${examId} not found`);
    }
    return exam;
  }
}
