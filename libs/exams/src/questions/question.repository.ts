import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QuestionResponse } from './dto/question.dto';
import { QuestionContent } from './question-model';

export interface QuestionRow {
  id: string;
  courseId: string;
  name: string;
  shared: boolean;
  archivedAt: Date | null;
  currentVersionId: string;
}

const QUESTION_RESPONSE = `SELECT q.id, q.course_id AS "courseId", q.name, q.shared, q.archived_at IS NOT NULL AS "archived",
    v.id AS "versionId", v.version_no AS "versionNo", v.type, v.stem, v.options, v.short_answer AS "shortAnswer",
    v.topics, v.difficulty, v.explanation, to_char(q.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
  FROM question q JOIN question_version v ON v.id = q.current_version_id`;

/**
 * The questions a course's exams may draw (a condition on `question q`, course id as $1): its own bank, and the
 * shared questions of the other courses owned by the same unit (read from learning's course table; served by
 * idx_course_owner_unit_id and uq_question_course_id_name). Archived questions are out.
 */
export const IN_COURSE_POOL = `q.archived_at IS NULL
  AND q.course_id IN (SELECT c.id FROM course c WHERE c.owner_unit_id = (SELECT owner_unit_id FROM course WHERE id = $1))
  AND (q.course_id = $1 OR q.shared)`;

/** The question bank: questions and their versions. */
@Injectable()
export class QuestionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<QuestionRow | null> {
    const rows = await m.query<QuestionRow[]>(
      `SELECT id, course_id AS "courseId", name, shared, archived_at AS "archivedAt",
              current_version_id AS "currentVersionId"
         FROM question WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async response(id: string, m: EntityManager = this.db.manager): Promise<QuestionResponse | null> {
    const rows = await m.query<QuestionResponse[]>(`${QUESTION_RESPONSE} WHERE q.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** What the course's exams may draw (IN_COURSE_POOL), by name; `topic` filters on the current version's topics. */
  async listPool(
    courseId: string,
    o: { topic?: string; limit: number; offset: number },
  ): Promise<{ items: QuestionResponse[]; total: number }> {
    const rows = await this.db.query<Array<QuestionResponse & { total: number }>>(
      `SELECT r.*, count(*) OVER ()::int AS total FROM (${QUESTION_RESPONSE}
         WHERE ${IN_COURSE_POOL}
           AND ($2::text IS NULL OR v.topics @> ARRAY[$2::text])) r
        ORDER BY (r."courseId" = $1) DESC, lower(r.name), r.id
        LIMIT $3 OFFSET $4`,
      [courseId, o.topic ?? null, o.limit, o.offset],
    );
    return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0]?.total ?? 0 };
  }

  /** Of these question ids, those the course's exams may draw. */
  async inPool(m: EntityManager, courseId: string, questionIds: string[]): Promise<Set<string>> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT q.id FROM question q WHERE ${IN_COURSE_POOL} AND q.id = ANY($2::uuid[])`,
      [courseId, questionIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  async nameTaken(m: EntityManager, courseId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM question WHERE course_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3)`,
      [courseId, name, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async insertQuestion(
    m: EntityManager,
    q: { courseId: string; name: string; shared: boolean; createdBy: string; now: Date },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO question (course_id, name, shared, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [q.courseId, q.name, q.shared, q.createdBy, q.now],
    );
    return row.id;
  }

  /** A new version (n + 1) that becomes the question's current one. */
  async insertVersion(
    m: EntityManager,
    questionId: string,
    c: QuestionContent,
    createdBy: string,
    now: Date,
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO question_version (question_id, version_no, type, stem, options, short_answer, topics, difficulty,
                                     explanation, created_by, created_at)
       VALUES ($1, (SELECT coalesce(max(version_no), 0) + 1 FROM question_version WHERE question_id = $1),
               $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING id`,
      [
        questionId,
        c.type,
        c.stem,
        JSON.stringify(c.options),
        c.shortAnswer ? JSON.stringify(c.shortAnswer) : null,
        c.topics,
        c.difficulty,
        c.explanation,
        createdBy,
        now,
      ],
    );
    await m.query(`UPDATE question SET current_version_id = $2 WHERE id = $1`, [questionId, row.id]);
    return row.id;
  }

  /** Rewrites a version that no attempt has drawn yet. */
  async updateVersion(m: EntityManager, versionId: string, c: QuestionContent): Promise<void> {
    await m.query(
      `UPDATE question_version SET type = $2, stem = $3, options = $4, short_answer = $5, topics = $6,
              difficulty = $7, explanation = $8
        WHERE id = $1`,
      [
        versionId,
        c.type,
        c.stem,
        JSON.stringify(c.options),
        c.shortAnswer ? JSON.stringify(c.shortAnswer) : null,
        c.topics,
        c.difficulty,
        c.explanation,
      ],
    );
  }

  /**
   * Locks the version (FOR UPDATE conflicts with the KEY SHARE lock that drawing it into a paper takes through
   * fk_exam_attempt_question_question_version_id), then tells whether any attempt has drawn it
   * (idx_exam_attempt_question_question_version_id). A draw in flight is thus either seen, or waits for the edit.
   */
  async lockAndCheckDrawn(m: EntityManager, versionId: string): Promise<boolean> {
    await m.query(`SELECT id FROM question_version WHERE id = $1 FOR UPDATE`, [versionId]);
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM exam_attempt_question WHERE question_version_id = $1 LIMIT 1`,
      [versionId],
    );
    return rows.length > 0;
  }

  async updateQuestion(
    m: EntityManager,
    id: string,
    set: { name?: string; shared?: boolean; archived?: boolean },
    now: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE question SET name = coalesce($2, name), shared = coalesce($3, shared),
              archived_at = CASE WHEN $4::boolean IS NULL THEN archived_at
                                 WHEN $4 THEN coalesce(archived_at, $5) ELSE NULL END,
              updated_at = $5
        WHERE id = $1`,
      [id, set.name ?? null, set.shared ?? null, set.archived ?? null, now],
    );
  }
}
