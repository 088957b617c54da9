import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { LearnerAccess } from '@app/learning';
import { staggeredStartAt } from '../contests/stagger';
import { ExamRow } from '../exams/exam.repository';
import { drawSpecOf } from '../exams/exams.service';
import { AnswerResponse } from '../grading/grade';
import { drawPaper } from './draw';
import { checkAnswer } from './answer-check';
import { AttemptGrader } from './attempt-grader';
import { countedAttempt, ruleAllowsAnother } from './attempt-rule';
import { AttemptRepository, AttemptRow } from './attempt.repository';
import { remainingSeconds, toAttemptResponse } from './attempt-view';
import { AttemptResponse, SaveAnswerDto, SavedAnswerResponse } from './dto/attempt.dto';
import { ExamAccess } from './exam-access';
import { PaperItems } from './paper-items';

/** A start reached an exam that needs the enrolment before it was read (AttemptsService.start reads it, then retries). */
class EnrolmentNeeded extends Error {}

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
    private readonly paperItems: PaperItems,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts an attempt, or returns the one in progress. 409 when the exam is not open yet, has closed, has no
   * attempts left for the person, or its bank cannot fill a paper. The deadline is the time limit from now, capped
   * by the exam's closing time.
   *
   * One transaction from the access checks to the paper shown, every read on the connection it holds: at a
   * synchronised start, queueing for the pool once per read was most of the time taken. A final or practice exam
   * needs the enrolment, which learning reads on a connection of its own: read first, then the transaction again.
   */
  async start(actor: Actor, examId: string): Promise<StartResult> {
    try {
      return await this.db.transaction((m) => this.startIn(m, actor, examId, undefined));
    } catch (e) {
      if (!(e instanceof EnrolmentNeeded)) throw e;
    }
    const enrolmentId = await this.examAccess.enrolmentIdFor(actor, examId);
    return this.db.transaction((m) => this.startIn(m, actor, examId, enrolmentId));
  }

  /** `enrolmentId`: undefined when not read yet (EnrolmentNeeded for an exam that is not a contest). */
  private async startIn(
    m: EntityManager,
    actor: Actor,
    examId: string,
    enrolmentId: string | null | undefined,
  ): Promise<StartResult> {
    const { exam, personId, questionIds } = await this.examAccess.checkedExam(actor, examId, m);
    if (exam.kind !== 'contest' && !enrolmentId) {
      if (enrolmentId === undefined) throw new EnrolmentNeeded();
      throw new ConflictError('this exam changed while it was being started: try again');
    }
    await this.attempts.lockStart(m, examId, personId);
    const { activeId, used } = await this.attempts.startState(m, examId, personId);
    const now = this.clock.now();
    if (activeId) {
      const active = (await this.attempts.find(activeId, m, 'update'))!;
      if (now < active.deadlineAt) return { created: false, attempt: await this.view(activeId, m) };
      await this.grader.gradeLocked(m, active, now);
    }
    await this.assertMayStart(m, exam, personId, used, now);
    const seed = randomInt(0, 2 ** 31);
    const pool = await this.examAccess.pool(m, exam, questionIds);
    const drawn = drawPaper(pool, drawSpecOf(exam, questionIds), {
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
    const attempt: AttemptRow = {
      id: '',
      examId,
      personId,
      enrolmentId: exam.kind === 'contest' ? null : (enrolmentId ?? null),
      attemptNo: used + 1,
      startedAt: now,
      deadlineAt: exam.closesAt && exam.closesAt < limit ? exam.closesAt : limit,
      status: 'in_progress',
      passPercent: exam.passPercent,
      score: null,
      maxScore: null,
      percent: null,
      passed: null,
      submittedAt: null,
      examTitle: exam.title,
      examKind: exam.kind,
      reviewPolicy: exam.reviewPolicy,
      closesAt: exam.closesAt,
    };
    attempt.id = await this.attempts.insert(m, { ...attempt, seed }, drawn.paper);
    // The row just written is known: only the paper's content is read back.
    return { created: true, attempt: toAttemptResponse(attempt, await this.attempts.paper(attempt.id, m), now) };
  }

  /** 409 when the exam is not open yet, has closed, has not reached the person's staggered start, or no attempt is left. */
  private async assertMayStart(
    m: EntityManager,
    exam: ExamRow,
    personId: string,
    used: number,
    now: Date,
  ): Promise<void> {
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
    if (exam.attemptsAllowed !== null && used >= exam.attemptsAllowed) {
      throw new ConflictError(`no attempts left: ${exam.attemptsAllowed} allowed, all used`, [
        { field: 'attemptsAllowed', reason: 'all attempts used' },
      ]);
    }
    if (exam.attemptRule === 'last' && exam.kind === 'final') {
      const counted = countedAttempt(exam.attemptRule, await this.attempts.listOwn(exam.id, personId, m));
      if (!ruleAllowsAnother(exam.attemptRule, exam.kind, counted)) {
        throw new ConflictError(
          'you passed this exam: under its last-attempt rule another attempt would replace that result',
          [{ field: 'attemptRule', reason: 'passed; the last attempt counts' }],
        );
      }
    }
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
   * deadline has passed (it is graded then), 403 for someone else's attempt, 404 for a question not on the paper,
   * 400 for an answer that does not fit the question.
   *
   * The usual save is one statement (AttemptRepository.saveIfOpen: ownership, state and deadline checked as it
   * upserts) after checking the answer against the cached paper (PaperItems). Whenever that saves nothing, the
   * checked path below runs and gives the reason, so both answer the same.
   */
  async saveAnswer(
    actor: Actor,
    attemptId: string,
    questionVersionId: string,
    dto: SaveAnswerDto,
  ): Promise<SavedAnswerResponse> {
    const item = await this.paperItems.find(attemptId, questionVersionId);
    const answer = item ? checkAnswer(item, dto) : null;
    if (answer && !(answer instanceof ValidationError)) {
      const now = this.clock.now();
      const saved = await this.attempts.saveIfOpen(attemptId, questionVersionId, actor.accountId, answer, now);
      if (saved) return this.savedResponse(questionVersionId, answer, saved.savedAt, saved.deadlineAt, now);
    }
    return this.saveAnswerChecked(actor, attemptId, questionVersionId, dto);
  }

  /** The save step by step in a transaction, each check with its own error. */
  private async saveAnswerChecked(
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
      const answer = checkAnswer(item, dto);
      if (answer instanceof ValidationError) throw answer;
      const savedAt = await this.attempts.upsertAnswer(m, attemptId, questionVersionId, answer, now);
      return { late: false as const, answer, savedAt, deadlineAt: attempt.deadlineAt, now };
    });
    if (outcome.late) {
      await this.grader.finalize(attemptId, false);
      throw new ConflictError('the time for this attempt is up: answers are no longer saved', [
        { field: 'deadlineAt', reason: 'deadline passed' },
      ]);
    }
    return this.savedResponse(questionVersionId, outcome.answer, outcome.savedAt, outcome.deadlineAt, outcome.now);
  }

  private savedResponse(
    questionVersionId: string,
    answer: AnswerResponse,
    savedAt: Date,
    deadlineAt: Date,
    now: Date,
  ): SavedAnswerResponse {
    return {
      questionVersionId,
      answer,
      savedAt: savedAt.toISOString(),
      remainingSeconds: remainingSeconds(deadlineAt, now),
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

  private graded(): ConflictError {
    return new ConflictError('this attempt has been submitted: answers can no longer change', [
      { field: 'status', reason: 'graded' },
    ]);
  }

  private async view(attemptId: string, m?: EntityManager): Promise<AttemptResponse> {
    const attempt = await this.attempts.find(attemptId, m);
    if (!attempt) throw new NotFoundError(`attempt ${attemptId} not found`);
    return toAttemptResponse(attempt, await this.attempts.paper(attemptId, m), this.clock.now());
  }
}
