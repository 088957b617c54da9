import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AttemptRule, ExamKind, ReviewPolicy } from '../exams/dto/exam.dto';
import type { AnswerResponse } from '../grading/grade';
import type { QuestionOption, QuestionType, ShortAnswerRule } from '../questions/question-model';
import { COUNTED_ORDER } from './attempt-rule';
import type { DrawnQuestion } from './draw';

export type AttemptStatus = 'in_progress' | 'submitted' | 'expired';

export interface AttemptRow {
  id: string;
  examId: string;
  personId: string;
  enrolmentId: string | null;
  attemptNo: number;
  startedAt: Date;
  deadlineAt: Date;
  status: AttemptStatus;
  passPercent: number;
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  passed: boolean | null;
  submittedAt: Date | null;
  examTitle: string;
  examKind: ExamKind;
  reviewPolicy: ReviewPolicy;
  closesAt: Date | null;
}

/** One question of a stored paper with its full content (answer key included) and the learner's saved answer. */
export interface PaperItemRow {
  questionVersionId: string;
  position: number;
  optionOrder: string[];
  score: number | null;
  type: QuestionType;
  stem: string;
  options: QuestionOption[];
  shortAnswer: ShortAnswerRule | null;
  explanation: string | null;
  response: AnswerResponse | null;
  savedAt: Date | null;
}

/** One of a person's attempts (the learner's list). */
export interface OwnAttemptRow {
  id: string;
  attemptNo: number;
  status: AttemptStatus;
  startedAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
  percent: number | null;
  passed: boolean | null;
}

/** One attempt in an exam's results (organisers). */
export interface ExamResultRow {
  id: string;
  attemptNo: number;
  personId: string;
  fullName: string;
  unitName: string | null;
  status: AttemptStatus;
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  passed: boolean | null;
  startedAt: Date;
  submittedAt: Date | null;
  /** The attempt is the person's result by the exam's attempt rule. */
  counted: boolean;
}

/** The id of the counted attempt (attempt-rule.ts) of the person and exam of the attempt aliased `a`. */
const countedAttemptOf = (a: string, rule: AttemptRule): string =>
  `SELECT b.id FROM exam_attempt b WHERE b.exam_id = ${a}.exam_id AND b.person_id = ${a}.person_id
      AND b.status <> 'in_progress' ORDER BY ${COUNTED_ORDER[rule]} LIMIT 1`;

const ATTEMPT_COLUMNS = `a.id, a.exam_id AS "examId", a.person_id AS "personId", a.enrolment_id AS "enrolmentId",
  a.attempt_no AS "attemptNo", a.started_at AS "startedAt", a.deadline_at AS "deadlineAt", a.status,
  a.pass_percent::float8 AS "passPercent", a.score::float8 AS score, a.max_score::float8 AS "maxScore",
  a.percent::float8 AS percent, a.passed, a.submitted_at AS "submittedAt", e.title AS "examTitle",
  e.kind AS "examKind", e.review_policy AS "reviewPolicy", e.closes_at AS "closesAt"`;

/** Attempts, their papers and answers. */
@Injectable()
export class AttemptRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One attempt with its exam's review settings. `lock`: 'update' for grading (one grader at a time), 'key share'
   * for saving an answer (many saves at once, but none while the attempt is being graded).
   */
  async find(
    id: string,
    m: EntityManager = this.db.manager,
    lock: 'update' | 'key share' | null = null,
  ): Promise<AttemptRow | null> {
    const rows = await m.query<AttemptRow[]>(
      `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempt a JOIN exam e ON e.id = a.exam_id WHERE a.id = $1
       ${lock === 'update' ? 'FOR UPDATE OF a' : lock === 'key share' ? 'FOR KEY SHARE OF a' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Serialises starts of one person on one exam (an advisory lock held until the transaction ends). */
  async lockStart(m: EntityManager, examId: string, personId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('exam-start:' || $1 || ':' || $2, 0))`, [
      examId,
      personId,
    ]);
  }

  /**
   * The in-progress attempt of the person at the exam (uq_exam_attempt_exam_id_person_id_in_progress), locked, and
   * how many attempts they have started (uq_exam_attempt_exam_id_person_id_attempt_no). Run under lockStart.
   */
  async startState(
    m: EntityManager,
    examId: string,
    personId: string,
  ): Promise<{ activeId: string | null; used: number }> {
    const [row] = await m.query<Array<{ activeId: string | null; used: number }>>(
      `SELECT (SELECT id FROM exam_attempt WHERE exam_id = $1 AND person_id = $2 AND status = 'in_progress' FOR UPDATE)
                AS "activeId",
              (SELECT count(*)::int FROM exam_attempt WHERE exam_id = $1 AND person_id = $2) AS used`,
      [examId, personId],
    );
    return row;
  }

  /** A new attempt and its drawn paper, in one statement. Returns the attempt's id. */
  async insert(
    m: EntityManager,
    a: {
      examId: string;
      personId: string;
      enrolmentId: string | null;
      attemptNo: number;
      seed: number;
      startedAt: Date;
      deadlineAt: Date;
      passPercent: number;
    },
    paper: DrawnQuestion[],
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `WITH attempt AS (
         INSERT INTO exam_attempt (exam_id, person_id, enrolment_id, attempt_no, seed, started_at, deadline_at, pass_percent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id),
       paper AS (
         INSERT INTO exam_attempt_question (attempt_id, question_version_id, position, option_order)
         SELECT attempt.id, (e.x ->> 'version_id')::uuid, e.n,
                ARRAY(SELECT jsonb_array_elements_text(e.x -> 'option_order'))
           FROM attempt, jsonb_array_elements($9::jsonb) WITH ORDINALITY AS e(x, n))
       SELECT id FROM attempt`,
      [
        a.examId,
        a.personId,
        a.enrolmentId,
        a.attemptNo,
        a.seed,
        a.startedAt,
        a.deadlineAt,
        a.passPercent,
        JSON.stringify(paper.map((q) => ({ version_id: q.questionVersionId, option_order: q.optionOrder }))),
      ],
    );
    return row.id;
  }

  /** The paper in order, with full question content and the saved answers. */
  paper(attemptId: string, m: EntityManager = this.db.manager): Promise<PaperItemRow[]> {
    return m.query<PaperItemRow[]>(
      `SELECT i.question_version_id AS "questionVersionId", i.position, i.option_order AS "optionOrder",
              i.score::float8 AS score, v.type, v.stem, v.options, v.short_answer AS "shortAnswer", v.explanation,
              ans.response, ans.saved_at AS "savedAt"
         FROM exam_attempt_question i
         JOIN question_version v ON v.id = i.question_version_id
         LEFT JOIN exam_answer ans ON ans.attempt_id = i.attempt_id AND ans.question_version_id = i.question_version_id
        WHERE i.attempt_id = $1
        ORDER BY i.position`,
      [attemptId],
    );
  }

  /** A question of the paper (its type and option keys), or null when it is not on it. */
  async findItem(
    m: EntityManager,
    attemptId: string,
    questionVersionId: string,
  ): Promise<{ type: QuestionType; optionKeys: string[] } | null> {
    const rows = await m.query<Array<{ type: QuestionType; optionKeys: string[] }>>(
      `SELECT v.type, i.option_order AS "optionKeys"
         FROM exam_attempt_question i JOIN question_version v ON v.id = i.question_version_id
        WHERE i.attempt_id = $1 AND i.question_version_id = $2`,
      [attemptId, questionVersionId],
    );
    return rows[0] ?? null;
  }

  /** The questions of a paper: their type and the option keys drawn (PaperItems). pk_exam_attempt_question. */
  paperItems(
    attemptId: string,
  ): Promise<Array<{ questionVersionId: string; type: QuestionType; optionKeys: string[] }>> {
    return this.db.query(
      `SELECT i.question_version_id AS "questionVersionId", v.type, i.option_order AS "optionKeys"
         FROM exam_attempt_question i JOIN question_version v ON v.id = i.question_version_id
        WHERE i.attempt_id = $1`,
      [attemptId],
    );
  }

  /**
   * The answer save in one statement, outside any transaction: upserts the answer only when the attempt belongs to
   * the person linked to `accountId` (uq_person_account_id), is in progress and its deadline is after `now`. Takes
   * the attempt's KEY SHARE lock like the checked path, so a grader holding FOR UPDATE makes it wait and then see
   * the graded row (READ COMMITTED rechecks a locked row). The same response again changes nothing (saved_at
   * stays). Null when nothing was saved or the row could not be read back (e.g. an identical save raced this one):
   * the caller then takes the checked path, which says why.
   */
  async saveIfOpen(
    attemptId: string,
    questionVersionId: string,
    accountId: string,
    response: AnswerResponse,
    now: Date,
  ): Promise<{ savedAt: Date; deadlineAt: Date } | null> {
    const rows = await this.db.query<Array<{ savedAt: Date | null; deadlineAt: Date }>>(
      `WITH open_attempt AS (
         SELECT a.id, a.deadline_at FROM exam_attempt a
          WHERE a.id = $1 AND a.status = 'in_progress' AND a.deadline_at > $5::timestamptz
            AND a.person_id = (SELECT p.id FROM person p WHERE p.account_id = $4)
            FOR KEY SHARE OF a),
       up AS (
         INSERT INTO exam_answer (attempt_id, question_version_id, response, saved_at)
         SELECT o.id, $2::uuid, $3::jsonb, $5::timestamptz FROM open_attempt o
         ON CONFLICT ON CONSTRAINT pk_exam_answer DO UPDATE SET response = EXCLUDED.response, saved_at = EXCLUDED.saved_at
          WHERE exam_answer.response IS DISTINCT FROM EXCLUDED.response
         RETURNING saved_at)
       SELECT o.deadline_at AS "deadlineAt",
              coalesce((SELECT saved_at FROM up),
                       (SELECT x.saved_at FROM exam_answer x WHERE x.attempt_id = $1 AND x.question_version_id = $2))
                AS "savedAt"
         FROM open_attempt o`,
      [attemptId, questionVersionId, JSON.stringify(response), accountId, now],
    );
    const row = rows[0];
    return row?.savedAt ? { savedAt: row.savedAt, deadlineAt: row.deadlineAt } : null;
  }

  /** Saves an answer; the same response again changes nothing (saved_at stays). Returns when it was saved. */
  async upsertAnswer(
    m: EntityManager,
    attemptId: string,
    questionVersionId: string,
    response: AnswerResponse,
    at: Date,
  ): Promise<Date> {
    const [row] = await m.query<Array<{ savedAt: Date }>>(
      `WITH up AS (
         INSERT INTO exam_answer (attempt_id, question_version_id, response, saved_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT pk_exam_answer DO UPDATE SET response = EXCLUDED.response, saved_at = EXCLUDED.saved_at
          WHERE exam_answer.response IS DISTINCT FROM EXCLUDED.response
         RETURNING saved_at)
       SELECT saved_at AS "savedAt" FROM up
       UNION ALL
       SELECT saved_at FROM exam_answer WHERE attempt_id = $1 AND question_version_id = $2 AND NOT EXISTS (SELECT 1 FROM up)`,
      [attemptId, questionVersionId, JSON.stringify(response), at],
    );
    return row.savedAt;
  }

  async saveGrade(
    m: EntityManager,
    attemptId: string,
    g: {
      status: AttemptStatus;
      at: Date;
      score: number;
      maxScore: number;
      percent: number;
      passed: boolean;
      scores: Array<{ questionVersionId: string; score: number }>;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE exam_attempt_question i SET score = s.score
         FROM jsonb_to_recordset($2::jsonb) AS s(question_version_id uuid, score numeric)
        WHERE i.attempt_id = $1 AND i.question_version_id = s.question_version_id`,
      [attemptId, JSON.stringify(g.scores.map((s) => ({ question_version_id: s.questionVersionId, score: s.score })))],
    );
    await m.query(
      `UPDATE exam_attempt SET status = $2, submitted_at = $3, score = $4, max_score = $5, percent = $6, passed = $7
        WHERE id = $1`,
      [attemptId, g.status, g.at, g.score, g.maxScore, g.percent, g.passed],
    );
  }

  /** A person's attempts at an exam, in order (uq_exam_attempt_exam_id_person_id_attempt_no). */
  listOwn(examId: string, personId: string, m: EntityManager = this.db.manager): Promise<OwnAttemptRow[]> {
    return m.query<OwnAttemptRow[]>(
      `SELECT a.id, a.attempt_no AS "attemptNo", a.status, a.started_at AS "startedAt", a.deadline_at AS "deadlineAt",
              a.submitted_at AS "submittedAt", a.percent::float8 AS percent, a.passed
         FROM exam_attempt a WHERE a.exam_id = $1 AND a.person_id = $2 ORDER BY a.attempt_no`,
      [examId, personId],
    );
  }

  /**
   * The attempts at an exam by people whose unit lies under one of `scopeUnitIds` (org_unit_closure), newest
   * first, with the person's name and unit.
   */
  async listForScopes(
    examId: string,
    scopeUnitIds: string[],
    page: { limit: number; offset: number },
    rule: AttemptRule = 'best',
  ): Promise<{ items: ExamResultRow[]; total: number }> {
    const where = `a.exam_id = $1 AND EXISTS (SELECT 1 FROM org_unit_closure c
                    WHERE c.descendant_id = p.unit_id AND c.ancestor_id = ANY($2::uuid[]))`;
    const [items, [count]] = await Promise.all([
      this.db.query<ExamResultRow[]>(
        `SELECT a.id, a.attempt_no AS "attemptNo", p.id AS "personId", p.full_name AS "fullName",
                u.name AS "unitName", a.status, a.score::float8 AS score, a.max_score::float8 AS "maxScore",
                a.percent::float8 AS percent, a.passed, a.started_at AS "startedAt", a.submitted_at AS "submittedAt",
                a.id = (${countedAttemptOf('a', rule)}) AS counted
           FROM exam_attempt a JOIN person p ON p.id = a.person_id LEFT JOIN org_unit u ON u.id = p.unit_id
          WHERE ${where}
          ORDER BY coalesce(a.submitted_at, a.started_at) DESC, a.id
          LIMIT $3 OFFSET $4`,
        [examId, scopeUnitIds, page.limit, page.offset],
      ),
      this.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM exam_attempt a JOIN person p ON p.id = a.person_id WHERE ${where}`,
        [examId, scopeUnitIds],
      ),
    ]);
    return { items, total: count.n };
  }

  /**
   * Per person in the scopes with a graded attempt: their result by the attempt rule. Counts people, those whose
   * counted attempt passed, and the average of the counted percentages.
   */
  async ruleSummary(
    examId: string,
    scopeUnitIds: string[],
    rule: AttemptRule,
  ): Promise<{ people: number; passed: number; averagePercent: number | null }> {
    const [row] = await this.db.query<Array<{ people: number; passed: number; averagePercent: number | null }>>(
      `SELECT count(*)::int AS people, count(*) FILTER (WHERE a.passed)::int AS passed,
              round(avg(a.percent), 2)::float8 AS "averagePercent"
         FROM exam_attempt a JOIN person p ON p.id = a.person_id
        WHERE a.exam_id = $1 AND a.id = (${countedAttemptOf('a', rule)})
          AND EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.descendant_id = p.unit_id AND c.ancestor_id = ANY($2::uuid[]))`,
      [examId, scopeUnitIds],
    );
    return row;
  }

  /** In-progress attempts whose deadline has passed (idx_exam_attempt_deadline_at_in_progress). */
  async overdueIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM exam_attempt WHERE status = 'in_progress' AND deadline_at <= $1 ORDER BY deadline_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}
