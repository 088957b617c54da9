import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PoolQuestion } from '../attempts/draw';
import { IN_COURSE_POOL } from '../questions/question.repository';
import { AttemptRule, DrawMode, ExamKind, LeaderboardNames, ReviewPolicy } from './dto/exam.dto';

export interface ExamRow {
  id: string;
  courseId: string;
  title: string;
  kind: ExamKind;
  drawMode: DrawMode;
  drawTopics: Array<{ topic: string; count: number }>;
  timeLimitMinutes: number;
  passPercent: number;
  attemptsAllowed: number | null;
  attemptRule: AttemptRule;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  reviewPolicy: ReviewPolicy;
  /** Contests: starts spread over this many minutes from opensAt (0: everyone at once). */
  staggerMinutes: number;
  /** Contests: how people are named on the leaderboard. */
  leaderboardNames: LeaderboardNames;
  createdAt: Date;
  updatedAt: Date;
}

/** Every setting of an exam, as written. */
export type ExamFields = Omit<ExamRow, 'id' | 'courseId' | 'createdAt' | 'updatedAt'>;

const EXAM_COLUMNS = `e.id, e.course_id AS "courseId", e.title, e.kind, e.draw_mode AS "drawMode",
  e.draw_topics AS "drawTopics", e.time_limit_minutes AS "timeLimitMinutes", e.pass_percent::float8 AS "passPercent",
  e.attempts_allowed AS "attemptsAllowed", e.attempt_rule AS "attemptRule", e.shuffle_questions AS "shuffleQuestions",
  e.shuffle_options AS "shuffleOptions", e.opens_at AS "opensAt", e.closes_at AS "closesAt",
  e.review_policy AS "reviewPolicy", e.stagger_minutes AS "staggerMinutes", e.leaderboard_names AS "leaderboardNames",
  e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const FIELD_COLUMNS: Record<keyof ExamFields, string> = {
  title: 'title',
  kind: 'kind',
  drawMode: 'draw_mode',
  drawTopics: 'draw_topics',
  timeLimitMinutes: 'time_limit_minutes',
  passPercent: 'pass_percent',
  attemptsAllowed: 'attempts_allowed',
  attemptRule: 'attempt_rule',
  shuffleQuestions: 'shuffle_questions',
  shuffleOptions: 'shuffle_options',
  opensAt: 'opens_at',
  closesAt: 'closes_at',
  reviewPolicy: 'review_policy',
  staggerMinutes: 'stagger_minutes',
  leaderboardNames: 'leaderboard_names',
};
const FIELDS = Object.keys(FIELD_COLUMNS) as Array<keyof ExamFields>;
const dbValue = (key: keyof ExamFields, value: unknown): unknown =>
  key === 'drawTopics' ? JSON.stringify(value) : value;

/** Exams, their fixed question lists, and the pool a paper is drawn from. */
@Injectable()
export class ExamRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ExamRow | null> {
    const rows = await m.query<ExamRow[]>(
      `SELECT ${EXAM_COLUMNS} FROM exam e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  listForCourse(courseId: string): Promise<ExamRow[]> {
    return this.db.query<ExamRow[]>(
      `SELECT ${EXAM_COLUMNS} FROM exam e WHERE e.course_id = $1 ORDER BY e.kind = 'final' DESC, e.created_at, e.id`,
      [courseId],
    );
  }

  /** The course's final exam, if any (uq_exam_course_id_final). */
  async finalExamId(courseId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM exam WHERE course_id = $1 AND kind = 'final'`, [
      courseId,
    ]);
    return rows[0]?.id ?? null;
  }

  async insert(m: EntityManager, courseId: string, f: ExamFields, createdBy: string, now: Date): Promise<string> {
    const columns = FIELDS.map((k) => FIELD_COLUMNS[k]);
    const values = FIELDS.map((k) => dbValue(k, f[k]));
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO exam (course_id, created_by, created_at, updated_at, ${columns.join(', ')})
       VALUES ($1, $2, $3, $3, ${columns.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING id`,
      [courseId, createdBy, now, ...values],
    );
    return row.id;
  }

  async update(m: EntityManager, id: string, f: ExamFields, now: Date): Promise<void> {
    const sets = FIELDS.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 3}`);
    await m.query(`UPDATE exam SET updated_at = $2, ${sets.join(', ')} WHERE id = $1`, [
      id,
      now,
      ...FIELDS.map((k) => dbValue(k, f[k])),
    ]);
  }

  async questionIds(examId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT question_id AS id FROM exam_question WHERE exam_id = $1 ORDER BY position`,
      [examId],
    );
    return rows.map((r) => r.id);
  }

  async setQuestions(m: EntityManager, examId: string, questionIds: string[]): Promise<void> {
    await m.query(`DELETE FROM exam_question WHERE exam_id = $1`, [examId]);
    if (questionIds.length === 0) return;
    await m.query(
      `INSERT INTO exam_question (exam_id, question_id, position)
       SELECT $1, id, n FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [examId, questionIds],
    );
  }

  /**
   * The questions a paper of the course's exam may be drawn from (IN_COURSE_POOL), at their current versions, with
   * their option keys in stored order; narrowed to the topics asked or to the fixed list.
   */
  pool(
    m: EntityManager,
    courseId: string,
    only: { topics: string[] } | { questionIds: string[] },
  ): Promise<PoolQuestion[]> {
    const narrow = 'topics' in only ? `v.topics && $2::text[]` : `q.id = ANY($2::uuid[])`;
    return m.query<PoolQuestion[]>(
      `SELECT q.id AS "questionId", v.id AS "versionId", v.type, v.topics,
              ARRAY(SELECT o ->> 'key' FROM jsonb_array_elements(v.options) WITH ORDINALITY AS e(o, n) ORDER BY n)
                AS "optionKeys"
         FROM question q JOIN question_version v ON v.id = q.current_version_id
        WHERE ${IN_COURSE_POOL} AND ${narrow}`,
      [courseId, 'topics' in only ? only.topics : only.questionIds],
    );
  }
}
