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
    const checked = await this.checkedExam(actor, examId);
    const enrolmentId =
      checked.exam.kind === 'contest' ? null : (await this.enrolments.forCourse(actor, checked.exam.courseId)).id;
    return { ...checked, enrolmentId };
  }

  /**
   * The person, the exam and its fixed list, with the contest audience checked, but not the enrolment: 403 off the
   * roster or outside a contest's audience; 404 for an exam that does not exist. `m`: the caller's transaction, so
   * a start reads all it needs on the one connection it holds instead of queueing for the pool once per read.
   */
  async checkedExam(actor: Actor, examId: string, m?: EntityManager): Promise<Omit<LearnerExam, 'enrolmentId'>> {
    const personId = await this.access.requirePerson(actor, m);
    const exam = await this.exams.find(examId, m);
    if (!exam) throw new NotFoundError(`exam ${examId} not found`);
    // A contest is open to every person on the roster of its course's owner subtree, without an enrolment.
    if (exam.kind === 'contest' && !(await this.contests.inAudience(examId, personId, m))) {
      throw new ForbiddenError('this contest is for the people of another unit');
    }
    const questionIds = exam.drawMode === 'fixed' ? await this.exams.questionIds(examId, m) : [];
    return { exam, personId, questionIds };
  }

  /**
   * The learner's enrolment for a final or practice exam (403 when not enrolled); null for a contest or an exam that
   * does not exist (checkedExam then answers 404). Read on connections of its own: learning's reads do not join a
   * transaction, and waiting for a second connection while holding one could exhaust the pool.
   */
  async enrolmentIdFor(actor: Actor, examId: string): Promise<string | null> {
    const exam = await this.exams.find(examId);
    if (!exam || exam.kind === 'contest') return null;
    return (await this.enrolments.forCourse(actor, exam.courseId)).id;
  }

  pool(m: EntityManager, exam: ExamRow, questionIds: string[]): Promise<PoolQuestion[]> {
    return this.exams.pool(
      m,
      exam.courseId,
      exam.drawMode === 'fixed' ? { questionIds } : { topics: exam.drawTopics.map((d) => d.topic) },
    );
  }
}
