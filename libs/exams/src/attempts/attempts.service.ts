import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, Clock, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { LearnerAccess } from '@app/learning';
import { staggeredStartAt } from '../contests/stagger';
import { drawSpecOf } from '../exams/exams.service';
import { AnswerResponse } from '../grading/grade';
import { drawPaper } from './draw';
import { AttemptGrader } from './attempt-grader';
import { countedAttempt, ruleAllowsAnother } from './attempt-rule';
import { AttemptRepository, AttemptRow } from './attempt.repository';
import { remainingSeconds, toAttemptResponse } from './attempt-view';
import { AttemptResponse, SaveAnswerDto, SavedAnswerResponse } from './dto/attempt.dto';
import { ExamAccess } from './exam-access';

export interface StartResult {
  /** false when the active attempt was returned. */
  created: boolean;
  attempt: AttemptResponse;
}

/**
 * A learner's attempts: start (or resume), the paper, answers saved one by one, submit. Times come from the
 * server's clock. Someone else's attempt answers 403. Nothing sent while an attempt is in progress carries the
 * answer key (see attempt-view.ts).
 */
@Injectable()
export class AttemptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly attempts: AttemptRepository,
    private readonly access: LearnerAccess,
    private readonly examAccess: ExamAccess,
    private readonly grader: AttemptGrader,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts an attempt, or returns the one in progress. 409 when the exam is not open yet, has closed, has no
   * attempts left for the person, or its bank cannot fill a paper. The deadline is the time limit from now, capped
   * by the exam's closing time.
   */
  async start(actor: Actor, examId: string): Promise<StartResult> {
    const { exam, personId, enrolmentId, questionIds } = await this.examAccess.forLearner(actor, examId);
    const result = await this.db.transaction(async (m) => {
      await this.attempts.lockStart(m, examId, personId);
      const activeId = await this.attempts.findActiveId(m, examId, personId);
      const now = this.clock.now();
      if (activeId) {
        const active = (await this.attempts.find(activeId, m, 'update'))!;
        if (now < active.deadlineAt) return { created: false, id: activeId };
        await this.grader.gradeLocked(m, active, now);
      }
      if (exam.opensAt && now < exam.opensAt) {
        throw new ConflictError(`this exam opens at ${exam.opensAt.toISOString()}`, [
          { field: 'opensAt', reason: 'not open yet' },
        ]);
      }
      if (exam.closesAt && now >= exam.closesAt) {
        throw new ConflictError('this exam has closed', [{ field: 'closesAt', reason: 'closed' }]);
      }
      const ownStart = exam.kind === 'contest' ? staggeredStartAt(exam, personId) : null;
      if (ownStart && now < ownStart) {
        throw new ConflictError(`your start time in this contest is ${ownStart.toISOString()}`, [
          { field: 'startsAt', reason: 'staggered start', startsAt: ownStart.toISOString() },
        ]);
      }
      const used = await this.attempts.countAttempts(m, examId, personId);
      if (exam.attemptsAllowed !== null && used >= exam.attemptsAllowed) {
        throw new ConflictError(`no attempts left: ${exam.attemptsAllowed} allowed, all used`, [
          { field: 'attemptsAllowed', reason: 'all attempts used' },
        ]);
      }
      if (exam.attemptRule === 'last' && exam.kind === 'final') {
        const counted = countedAttempt(exam.attemptRule, await this.attempts.listOwn(examId, personId, m));
        if (!ruleAllowsAnother(exam.attemptRule, exam.kind, counted)) {
          throw new ConflictError(
            'you passed this exam: under its last-attempt rule another attempt would replace that result',
            [{ field: 'attemptRule', reason: 'passed; the last attempt counts' }],
          );
        }
      }
      const seed = randomInt(0, 2 ** 31);
      const spec = drawSpecOf(exam, questionIds);
      const pool = await this.examAccess.pool(m, exam, questionIds);
      const drawn = drawPaper(pool, spec, {
        seed,
        shuffleQuestions: exam.shuffleQuestions,
        shuffleOptions: exam.shuffleOptions,
      });
      if (!drawn.ok) {
        throw new ConflictError('the question bank cannot fill a paper for this exam yet: ask the organiser', [
          { field: 'drawTopics', reason: 'not enough questions', shortfall: drawn.shortfall },
        ]);
      }
      const limit = new Date(now.getTime() + exam.timeLimitMinutes * 60_000);
      const id = await this.attempts.insert(m, {
        examId,
        personId,
        enrolmentId,
        attemptNo: used + 1,
        seed,
        startedAt: now,
        deadlineAt: exam.closesAt && exam.closesAt < limit ? exam.closesAt : limit,
        passPercent: exam.passPercent,
      });
      await this.attempts.insertPaper(m, id, drawn.paper);
      return { created: true, id };
    });
    return { created: result.created, attempt: await this.view(result.id) };
  }

  /** The attempt (paper, saved answers, remaining time; the result once graded). Past its deadline it is graded. */
  async get(actor: Actor, attemptId: string): Promise<AttemptResponse> {
    const attempt = await this.ownAttempt(actor, attemptId);
    if (attempt.status === 'in_progress' && this.clock.now() >= attempt.deadlineAt) {
      await this.grader.finalize(attemptId, false);
    }
    return this.view(attemptId);
  }

  /**
   * Saves one answer (idempotent: the same answer again changes nothing). 409 once the attempt is graded or its
   * deadline has passed (it is graded then), 404 for a question not on the paper, 400 for an answer that does not
   * fit the question.
   */
  async saveAnswer(
    actor: Actor,
    attemptId: string,
    questionVersionId: string,
    dto: SaveAnswerDto,
  ): Promise<SavedAnswerResponse> {
    const personId = await this.access.requirePerson(actor);
    const outcome = await this.db.transaction(async (m) => {
      const attempt = await this.attempts.find(attemptId, m, 'key share');
      this.assertOwn(attempt, attemptId, personId);
      if (attempt.status !== 'in_progress') throw this.graded();
      const now = this.clock.now();
      if (now >= attempt.deadlineAt) return { late: true as const };
      const item = await this.attempts.findItem(m, attemptId, questionVersionId);
      if (!item) {
        throw new NotFoundError(`question ${questionVersionId} is not on this paper`, [
          { field: 'questionVersionId', reason: 'not on this paper' },
        ]);
      }
      const answer = this.answerFor(item, dto);
      const savedAt = await this.attempts.upsertAnswer(m, attemptId, questionVersionId, answer, now);
      return { late: false as const, answer, savedAt, deadlineAt: attempt.deadlineAt, now };
    });
    if (outcome.late) {
      await this.grader.finalize(attemptId, false);
      throw new ConflictError('the time for this attempt is up: answers are no longer saved', [
        { field: 'deadlineAt', reason: 'deadline passed' },
      ]);
    }
    return {
      questionVersionId,
      answer: outcome.answer,
      savedAt: outcome.savedAt.toISOString(),
      remainingSeconds: remainingSeconds(outcome.deadlineAt, outcome.now),
    };
  }

  /** Submits and grades (idempotent: once graded, every submit returns the same result). */
  async submit(actor: Actor, attemptId: string): Promise<AttemptResponse> {
    await this.ownAttempt(actor, attemptId);
    await this.grader.finalize(attemptId, true);
    return this.view(attemptId);
  }

  private async ownAttempt(actor: Actor, attemptId: string): Promise<AttemptRow> {
    const personId = await this.access.requirePerson(actor);
    const attempt = await this.attempts.find(attemptId);
    this.assertOwn(attempt, attemptId, personId);
    return attempt;
  }

  private assertOwn(attempt: AttemptRow | null, attemptId: string, personId: string): asserts attempt is AttemptRow {
    if (!attempt) throw new NotFoundError(`attempt ${attemptId} not found`);
    if (attempt.personId !== personId) throw new ForbiddenError('this attempt is someone else’s');
  }

  private answerFor(item: { type: string; optionKeys: string[] }, dto: SaveAnswerDto): AnswerResponse {
    if (item.type === 'short_answer') {
      if (dto.text === undefined || dto.selected !== undefined) {
        throw new ValidationError('a short-answer question takes `text`', [{ field: 'text', reason: 'required' }]);
      }
      return { text: dto.text };
    }
    if (dto.selected === undefined || dto.text !== undefined) {
      throw new ValidationError('a choice question takes `selected`', [{ field: 'selected', reason: 'required' }]);
    }
    const selected = [...new Set(dto.selected)];
    if (selected.some((key) => !item.optionKeys.includes(key))) {
      throw new ValidationError('selected holds a key that is not an option of this question', [
        { field: 'selected', reason: 'unknown option key' },
      ]);
    }
    if (item.type !== 'multiple_choice' && selected.length > 1) {
      throw new ValidationError('this question takes one answer', [{ field: 'selected', reason: 'one key at most' }]);
    }
    return { selected };
  }

  private graded(): ConflictError {
    return new ConflictError('this attempt has been submitted: answers can no longer change', [
      { field: 'status', reason: 'graded' },
    ]);
  }

  private async view(attemptId: string): Promise<AttemptResponse> {
    const attempt = await this.attempts.find(attemptId);
    if (!attempt) throw new NotFoundError(`attempt ${attemptId} not found`);
    return toAttemptResponse(attempt, await this.attempts.paper(attemptId), this.clock.now());
  }
}
