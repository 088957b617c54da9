import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, Clock, ConflictError, NotFoundError, ValidationError } from '@app/common';
import { CourseAccess, orderTopicTags } from '@app/learning';
import { CreateQuestionDto, ListQuestionsQueryDto, QuestionResponse, UpdateQuestionDto } from './dto/question.dto';
import { changedKeys } from './question-content';
import { QuestionContent } from './question-model';
import { QuestionRepository } from './question.repository';
import { checkQuestion } from './question-rules';

const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === constraint;
};

/**
 * The question bank of a course. Whoever authors the course (administrators, organisers of the owner unit's subtree)
 * authors its questions; to anyone else the bank and its questions do not exist (404). Editing the content of a
 * version that an attempt has drawn adds a new version; past papers keep pointing at theirs.
 */
@Injectable()
export class QuestionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly questions: QuestionRepository,
    private readonly courses: CourseAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, courseId: string, dto: CreateQuestionDto): Promise<QuestionResponse> {
    await this.courses.authorCourse(actor, courseId);
    const content = this.checked({
      type: dto.type,
      name: dto.name,
      stem: dto.stem,
      options: (dto.options ?? []).map((o) => ({ ...o, feedback: o.feedback ?? null })),
      shortAnswer: dto.shortAnswer
        ? { accepted: dto.shortAnswer.accepted, ignoreDiacritics: dto.shortAnswer.ignoreDiacritics ?? false }
        : null,
      topics: orderTopicTags(dto.topics ?? []),
      difficulty: dto.difficulty ?? null,
      explanation: dto.explanation || null,
    });
    const id = await this.withNameCheck(dto.name, () =>
      this.db.transaction(async (m) => {
        if (await this.questions.nameTaken(m, courseId, dto.name)) throw this.nameTaken(dto.name);
        const now = this.clock.now();
        const questionId = await this.questions.insertQuestion(m, {
          courseId,
          name: dto.name,
          shared: dto.shared ?? false,
          createdBy: actor.accountId,
          now,
        });
        const versionId = await this.questions.insertVersion(m, questionId, content, actor.accountId, now);
        await this.audit.record(
          { action: 'question.create', entity: 'question', entityId: questionId, details: { courseId, versionId } },
          { actor },
          m,
        );
        return questionId;
      }),
    );
    return this.response(id);
  }

  async list(
    actor: Actor,
    courseId: string,
    q: ListQuestionsQueryDto,
  ): Promise<{ items: QuestionResponse[]; total: number }> {
    await this.courses.authorCourse(actor, courseId);
    return this.questions.listPool(courseId, { topic: q.topic, limit: q.limit, offset: q.offset });
  }

  async get(actor: Actor, questionId: string): Promise<QuestionResponse> {
    await this.authorQuestion(actor, questionId);
    return this.response(questionId);
  }

  async update(actor: Actor, questionId: string, dto: UpdateQuestionDto): Promise<QuestionResponse> {
    await this.withNameCheck(dto.name ?? '', () =>
      this.db.transaction(async (m) => {
        const question = await this.authorQuestion(actor, questionId, m);
        const current = (await this.questions.response(questionId, m))!;
        const now = this.clock.now();
        const fields: string[] = [];
        if (dto.name !== undefined && dto.name !== question.name) {
          if (await this.questions.nameTaken(m, question.courseId, dto.name, questionId)) {
            throw this.nameTaken(dto.name);
          }
          fields.push('name');
        }
        if (dto.shared !== undefined && dto.shared !== question.shared) fields.push('shared');
        if (dto.archived !== undefined && dto.archived !== (question.archivedAt !== null)) fields.push('archived');

        const next = this.checked(this.merged(current, dto));
        const changed = changedKeys(next, current);
        let versionId = current.versionId;
        let newVersion = false;
        if (changed.length > 0) {
          newVersion = await this.questions.lockAndCheckDrawn(m, current.versionId);
          if (newVersion) {
            versionId = await this.questions.insertVersion(m, questionId, next, actor.accountId, now);
          } else {
            await this.questions.updateVersion(m, current.versionId, next);
          }
          fields.push(...changed);
        }
        if (fields.length === 0) return;
        await this.questions.updateQuestion(
          m,
          questionId,
          { name: dto.name, shared: dto.shared, archived: dto.archived },
          now,
        );
        await this.audit.record(
          {
            action: 'question.update',
            entity: 'question',
            entityId: questionId,
            details: { versionId, newVersion, fields },
          },
          { actor },
          m,
        );
      }),
    );
    return this.response(questionId);
  }

  /** The question when the actor authors its course (locked when `m` is given); 404 under its own id otherwise. */
  private async authorQuestion(actor: Actor, questionId: string, m?: EntityManager) {
    const question = await this.questions.find(questionId, m, !!m);
    if (!question || !(await this.courses.canAuthor(actor, question.courseId))) {
      throw new NotFoundError(`question ${questionId} not found`);
    }
    return question;
  }

  private merged(current: QuestionResponse, dto: UpdateQuestionDto): QuestionContent {
    const type = dto.type ?? current.type;
    return {
      type,
      name: dto.name ?? current.name,
      stem: dto.stem ?? current.stem,
      options:
        dto.options?.map((o) => ({ ...o, feedback: o.feedback ?? null })) ??
        (type === 'short_answer' && dto.type ? [] : current.options),
      shortAnswer:
        dto.shortAnswer === undefined
          ? type === 'short_answer'
            ? current.shortAnswer
            : null
          : dto.shortAnswer && {
              accepted: dto.shortAnswer.accepted,
              ignoreDiacritics: dto.shortAnswer.ignoreDiacritics ?? false,
            },
      topics: dto.topics ? orderTopicTags(dto.topics) : current.topics,
      difficulty: dto.difficulty === undefined ? current.difficulty : dto.difficulty,
      explanation: dto.explanation === undefined ? current.explanation : dto.explanation || null,
    };
  }

  private checked(content: QuestionContent): QuestionContent {
    const problem = checkQuestion(content);
    if (problem) {
      throw new ValidationError(`${problem.reasonVi} (the question is not valid: ${problem.field} ${problem.reason})`, [
        { field: problem.field, reason: problem.reason },
      ]);
    }
    return content;
  }

  private async withNameCheck<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw isUniqueViolation(e, 'uq_question_course_id_name') ? this.nameTaken(name) : e;
    }
  }

  private nameTaken(name: string): ConflictError {
    return new ConflictError(`a question named "${name}" is already in this bank`, [
      { field: 'name', reason: 'already used in this bank (names ignore case)' },
    ]);
  }

  private async response(id: string): Promise<QuestionResponse> {
    const found = await this.questions.response(id);
    if (!found) throw new NotFoundError(`question ${id} not found`);
    return found;
  }
}
