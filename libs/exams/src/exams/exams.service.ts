import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, Clock, ConflictError, NotFoundError, ValidationError } from '@app/common';
import { CourseAccess } from '@app/learning';
import { drawPaper, DrawShortfall, DrawSpec } from '../attempts/draw';
import { QuestionRepository } from '../questions/question.repository';
import { CreateExamDto, ExamResponse, UpdateExamDto } from './dto/exam.dto';
import { ExamFields, ExamRepository, ExamRow } from './exam.repository';

const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === constraint;
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * A staggered start is for contests, spreads from the opening time, and leaves the whole time limit to the last
 * participant to start before the exam closes.
 */
function staggerProblems(f: ExamFields): Array<{ field: string; reason: string }> {
  if (f.staggerMinutes === 0) return [];
  if (f.kind !== 'contest') return [{ field: 'staggerMinutes', reason: 'only contests stagger their starts' }];
  if (!f.opensAt) return [{ field: 'opensAt', reason: 'a staggered start spreads from the opening time' }];
  const lastDeadline = f.opensAt.getTime() + (f.staggerMinutes + f.timeLimitMinutes) * 60_000;
  if (f.closesAt && f.closesAt.getTime() < lastDeadline) {
    return [{ field: 'closesAt', reason: 'must leave the time limit after the last staggered start' }];
  }
  return [];
}

/** The draw spec of an exam's settings and fixed list. */
export const drawSpecOf = (exam: Pick<ExamRow, 'drawMode' | 'drawTopics'>, questionIds: string[]): DrawSpec =>
  exam.drawMode === 'fixed' ? { mode: 'fixed', questionIds } : { mode: 'topics', topics: exam.drawTopics };

/**
 * Exams of a course, for whoever authors the course (404 to anyone else). A course has at most one final exam;
 * its papers are drawn from the course's pool (its bank and the shared questions of its owner unit's courses).
 */
@Injectable()
export class ExamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly exams: ExamRepository,
    private readonly questions: QuestionRepository,
    private readonly courses: CourseAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, courseId: string, dto: CreateExamDto): Promise<ExamResponse> {
    await this.courses.authorCourse(actor, courseId);
    const fields: ExamFields = {
      title: dto.title,
      kind: dto.kind,
      drawMode: dto.drawMode,
      drawTopics: (dto.drawTopics ?? []).map((d) => ({ topic: d.topic, count: d.count })),
      timeLimitMinutes: dto.timeLimitMinutes,
      passPercent: dto.passPercent,
      attemptsAllowed: dto.attemptsAllowed ?? null,
      attemptRule: dto.attemptRule ?? 'best',
      shuffleQuestions: dto.shuffleQuestions ?? true,
      shuffleOptions: dto.shuffleOptions ?? true,
      opensAt: dto.opensAt ? new Date(dto.opensAt) : null,
      closesAt: dto.closesAt ? new Date(dto.closesAt) : null,
      reviewPolicy: dto.reviewPolicy ?? 'score_only',
      staggerMinutes: dto.staggerMinutes ?? 0,
      leaderboardNames: dto.leaderboardNames ?? 'initials',
    };
    const questionIds = dto.questionIds ?? [];
    const id = await this.withFinalCheck(() =>
      this.db.transaction(async (m) => {
        await this.check(m, courseId, fields, questionIds);
        const examId = await this.exams.insert(m, courseId, fields, actor.accountId, this.clock.now());
        await this.exams.setQuestions(m, examId, fields.drawMode === 'fixed' ? questionIds : []);
        await this.audit.record(
          { action: 'exam.create', entity: 'exam', entityId: examId, details: { courseId, kind: fields.kind } },
          { actor },
          m,
        );
        return examId;
      }),
    );
    return this.response(id);
  }

  async update(actor: Actor, examId: string, dto: UpdateExamDto): Promise<ExamResponse> {
    await this.withFinalCheck(() =>
      this.db.transaction(async (m) => {
        const exam = await this.authorExam(actor, examId, m);
        const questionIds = dto.questionIds ?? (await this.exams.questionIds(examId, m));
        const next: ExamFields = {
          title: dto.title ?? exam.title,
          kind: dto.kind ?? exam.kind,
          drawMode: dto.drawMode ?? exam.drawMode,
          drawTopics: dto.drawTopics?.map((d) => ({ topic: d.topic, count: d.count })) ?? exam.drawTopics,
          timeLimitMinutes: dto.timeLimitMinutes ?? exam.timeLimitMinutes,
          passPercent: dto.passPercent ?? exam.passPercent,
          attemptsAllowed: dto.attemptsAllowed === undefined ? exam.attemptsAllowed : dto.attemptsAllowed,
          attemptRule: dto.attemptRule ?? exam.attemptRule,
          shuffleQuestions: dto.shuffleQuestions ?? exam.shuffleQuestions,
          shuffleOptions: dto.shuffleOptions ?? exam.shuffleOptions,
          opensAt: dto.opensAt === undefined ? exam.opensAt : dto.opensAt ? new Date(dto.opensAt) : null,
          closesAt: dto.closesAt === undefined ? exam.closesAt : dto.closesAt ? new Date(dto.closesAt) : null,
          reviewPolicy: dto.reviewPolicy ?? exam.reviewPolicy,
          staggerMinutes: dto.staggerMinutes ?? exam.staggerMinutes,
          leaderboardNames: dto.leaderboardNames ?? exam.leaderboardNames,
        };
        await this.check(m, exam.courseId, next, questionIds);
        await this.exams.update(m, examId, next, this.clock.now());
        await this.exams.setQuestions(m, examId, next.drawMode === 'fixed' ? questionIds : []);
        await this.audit.record(
          {
            action: 'exam.update',
            entity: 'exam',
            entityId: examId,
            details: { fields: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined) },
          },
          { actor },
          m,
        );
      }),
    );
    return this.response(examId);
  }

  async get(actor: Actor, examId: string): Promise<ExamResponse> {
    await this.authorExam(actor, examId);
    return this.response(examId);
  }

  async list(actor: Actor, courseId: string): Promise<ExamResponse[]> {
    await this.courses.authorCourse(actor, courseId);
    const exams = await this.exams.listForCourse(courseId);
    return Promise.all(exams.map((e) => this.toResponse(e)));
  }

  /** The exam when the actor authors its course (locked when `m` is given); 404 under its own id otherwise. */
  private async authorExam(actor: Actor, examId: string, m?: EntityManager): Promise<ExamRow> {
    const exam = await this.exams.find(examId, m, !!m);
    if (!exam || !(await this.courses.canAuthor(actor, exam.courseId))) {
      throw new NotFoundError(`exam ${examId} not found`);
    }
    return exam;
  }

  private async check(m: EntityManager, courseId: string, f: ExamFields, questionIds: string[]): Promise<void> {
    const problems: Array<{ field: string; reason: string }> = [];
    if (f.opensAt && f.closesAt && f.closesAt <= f.opensAt) {
      problems.push({ field: 'closesAt', reason: 'must be after opensAt' });
    }
    problems.push(...staggerProblems(f));
    if (f.drawMode === 'topics') {
      const topics = f.drawTopics.map((d) => d.topic);
      if (topics.length === 0) problems.push({ field: 'drawTopics', reason: 'at least one topic to draw from' });
      if (new Set(topics).size !== topics.length) problems.push({ field: 'drawTopics', reason: 'a topic twice' });
      if (f.drawTopics.reduce((sum, d) => sum + d.count, 0) > 200) {
        problems.push({ field: 'drawTopics', reason: 'at most 200 questions on a paper' });
      }
    } else {
      if (questionIds.length === 0) problems.push({ field: 'questionIds', reason: 'at least one question' });
      if (new Set(questionIds).size !== questionIds.length) {
        problems.push({ field: 'questionIds', reason: 'a question twice' });
      }
      const found = await this.questions.inPool(m, courseId, questionIds);
      const missing = questionIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        problems.push({ field: 'questionIds', reason: `not in this course's question bank: ${missing.join(', ')}` });
      }
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
    }
  }

  private async withFinalCheck<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (!isUniqueViolation(e, 'uq_exam_course_id_final')) throw e;
      throw new ConflictError('this course already has a final exam', [
        { field: 'kind', reason: 'a course has one final exam' },
      ]);
    }
  }

  private async response(id: string): Promise<ExamResponse> {
    const exam = await this.exams.find(id);
    if (!exam) throw new NotFoundError(`exam ${id} not found`);
    return this.toResponse(exam);
  }

  /** Topics (or listed questions) the pool cannot fill today. */
  async shortfall(m: EntityManager, exam: ExamRow, questionIds: string[]): Promise<DrawShortfall[]> {
    const spec = drawSpecOf(exam, questionIds);
    const only = spec.mode === 'fixed' ? { questionIds } : { topics: exam.drawTopics.map((d) => d.topic) };
    const drawn = drawPaper(await this.exams.pool(m, exam.courseId, only), spec, {
      seed: 0,
      shuffleQuestions: false,
      shuffleOptions: false,
    });
    return drawn.ok ? [] : drawn.shortfall;
  }

  private async toResponse(exam: ExamRow): Promise<ExamResponse> {
    const questionIds = await this.exams.questionIds(exam.id);
    return {
      id: exam.id,
      courseId: exam.courseId,
      title: exam.title,
      kind: exam.kind,
      drawMode: exam.drawMode,
      drawTopics: exam.drawTopics,
      questionIds,
      questionCount:
        exam.drawMode === 'fixed' ? questionIds.length : exam.drawTopics.reduce((sum, d) => sum + d.count, 0),
      timeLimitMinutes: exam.timeLimitMinutes,
      passPercent: exam.passPercent,
      attemptsAllowed: exam.attemptsAllowed,
      attemptRule: exam.attemptRule,
      shuffleQuestions: exam.shuffleQuestions,
      shuffleOptions: exam.shuffleOptions,
      opensAt: iso(exam.opensAt),
      closesAt: iso(exam.closesAt),
      reviewPolicy: exam.reviewPolicy,
      staggerMinutes: exam.staggerMinutes,
      leaderboardNames: exam.leaderboardNames,
      shortfall: await this.shortfall(this.db.manager, exam, questionIds),
      createdAt: exam.createdAt.toISOString(),
      updatedAt: exam.updatedAt.toISOString(),
    };
  }
}
