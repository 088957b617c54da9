import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ForbiddenError, NotFoundError } from '@app/common';
import { LearnerAccess, LearnerEnrolmentService } from '@app/learning';
import { ContestRepository } from '../contests/contest.repository';
import { ExamRepository, ExamRow } from '../exams/exam.repository';
import type { PoolQuestion } from './draw';

export interface LearnerExam {
  exam: ExamRow;
  personId: string;
  /** The learner's enrolment in the exam's course (final and practice exams need one); null for a contest. */
  enrolmentId: string | null;
  /** The fixed list, for drawMode 'fixed'. */
  questionIds: string[];
}

/**
 * Who may sit an exam: a person on the roster, enrolled in the course for its final and practice exams; for a
 * contest, whose unit lies in the subtree of the course's owner unit.
 */
@Injectable()
export class ExamAccess {
  constructor(
    private readonly exams: ExamRepository,
    private readonly access: LearnerAccess,
    private readonly enrolments: LearnerEnrolmentService,
    private readonly contests: ContestRepository,
  ) {}

  /** 403 off the roster or not enrolled; 404 for an exam that does not exist. */
  async forLearner(actor: Actor, examId: string): Promise<LearnerExam> {
    const personId = await this.access.requirePerson(actor);
    const exam = await this.exams.find(examId);
    if (!exam) throw new NotFoundError(`exam ${examId} not found`);
    // A contest is open to every person on the roster of its course's owner subtree, without an enrolment.
    if (exam.kind === 'contest' && !(await this.contests.inAudience(examId, personId))) {
      throw new ForbiddenError('this contest is for the people of another unit');
    }
    const enrolmentId = exam.kind === 'contest' ? null : (await this.enrolments.forCourse(actor, exam.courseId)).id;
    const questionIds = exam.drawMode === 'fixed' ? await this.exams.questionIds(examId) : [];
    return { exam, personId, enrolmentId, questionIds };
  }

  pool(m: EntityManager, exam: ExamRow, questionIds: string[]): Promise<PoolQuestion[]> {
    return this.exams.pool(
      m,
      exam.courseId,
      exam.drawMode === 'fixed' ? { questionIds } : { topics: exam.drawTopics.map((d) => d.topic) },
    );
  }
}
