import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EnrolmentSource } from './dto/learner.dto';
import { CompletionFacts } from './completion-rule';
import { MyEnrolmentRow } from './my-learning';

export type LearningEventKind = 'enrolled' | 'started' | 'lesson_completed' | 'course_completed' | 'exam_passed';

export interface EnrolmentRow {
  id: string;
  personId: string;
  courseId: string;
  versionId: string;
  source: EnrolmentSource;
  enrolledAt: Date;
  dueDate: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  lastLessonId: string | null;
  progressPercent: number;
  examPassedAt: Date | null;
}

const ENROLMENT_COLUMNS = `e.id, e.person_id AS "personId", e.course_id AS "courseId", e.version_id AS "versionId",
  e.source, e.enrolled_at AS "enrolledAt", to_char(e.due_date, 'YYYY-MM-DD') AS "dueDate", e.started_at AS "startedAt",
  e.completed_at AS "completedAt", e.last_lesson_id AS "lastLessonId", e.progress_percent AS "progressPercent",
  e.exam_passed_at AS "examPassedAt"`;

/** Enrolments, their learning events and the facts the completion rule reads. */
@Injectable()
export class EnrolmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The person on the roster linked to the account (uq_person_account_id), or null. */
  async personIdOf(accountId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM person WHERE account_id = $1`, [accountId]);
    return rows[0]?.id ?? null;
  }

  /** One enrolment; `lock` takes its row lock so progress writes of one enrolment run one at a time. */
  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<EnrolmentRow | null> {
    const rows = await m.query<EnrolmentRow[]>(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolment e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The person's enrolment in a course (uq_enrolment_person_id_course_id). */
  async findByCourse(
    personId: string,
    courseId: string,
    m: EntityManager = this.db.manager,
  ): Promise<EnrolmentRow | null> {
    const rows = await m.query<EnrolmentRow[]>(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolment e WHERE e.person_id = $1 AND e.course_id = $2`,
      [personId, courseId],
    );
    return rows[0] ?? null;
  }

  /** Inserts the enrolment unless the person already has one for the course; the new id, or null. */
  async insert(
    m: EntityManager,
    e: { personId: string; courseId: string; versionId: string; source: EnrolmentSource; at: Date },
  ): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(
      `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_enrolment_person_id_course_id DO NOTHING
       RETURNING id`,
      [e.personId, e.courseId, e.versionId, e.source, e.at],
    );
    return rows[0]?.id ?? null;
  }

  /** Records an event once per (enrolment, lesson, kind); true when it is new. */
  async recordEvent(
    m: EntityManager,
    enrolmentId: string,
    lessonId: string | null,
    kind: LearningEventKind,
    at: Date,
  ): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `INSERT INTO learning_event (enrolment_id, lesson_id, kind, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_learning_event_enrolment_id_lesson_id_kind DO NOTHING RETURNING id`,
      [enrolmentId, lessonId, kind, at],
    );
    return rows.length > 0;
  }

  /** Sets started_at once and remembers the lesson to resume from. */
  async markOpened(m: EntityManager, enrolmentId: string, lessonId: string, at: Date): Promise<void> {
    await m.query(`UPDATE enrolment SET last_lesson_id = $2, started_at = coalesce(started_at, $3) WHERE id = $1`, [
      enrolmentId,
      lessonId,
      at,
    ]);
  }

  /** What the completion rule needs: required lessons of the enrolment's version and those done. */
  async completionFacts(
    m: EntityManager,
    enrolmentId: string,
  ): Promise<CompletionFacts & { completedAt: Date | null }> {
    const [row] = await m.query<Array<CompletionFacts & { completedAt: Date | null }>>(
      `SELECT (SELECT count(*)::int FROM lesson l WHERE l.version_id = e.version_id AND l.required) AS "requiredLessons",
              (SELECT count(*)::int FROM lesson_progress lp JOIN lesson l ON l.id = lp.lesson_id
                WHERE lp.enrolment_id = e.id AND lp.completed_at IS NOT NULL
                  AND l.version_id = e.version_id AND l.required) AS "doneRequiredLessons",
              v.final_exam AS "finalExam", e.exam_passed_at IS NOT NULL AS "examPassed",
              e.started_at IS NOT NULL AS started, e.completed_at AS "completedAt"
         FROM enrolment e JOIN course_version v ON v.id = e.version_id
        WHERE e.id = $1`,
      [enrolmentId],
    );
    return row;
  }

  /** Stores the percentage; completed_at is set once and never moved. */
  async saveProgress(
    m: EntityManager,
    enrolmentId: string,
    percent: number,
    completedAt: Date | null,
  ): Promise<Date | null> {
    // An UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [rows] = await m.query<[Array<{ completedAt: Date | null }>, number]>(
      `UPDATE enrolment SET progress_percent = $2, completed_at = coalesce(completed_at, $3)
        WHERE id = $1 RETURNING completed_at AS "completedAt"`,
      [enrolmentId, percent, completedAt],
    );
    return rows[0]?.completedAt ?? null;
  }

  /** Sets exam_passed_at once; false when the enrolment does not exist. */
  async setExamPassed(m: EntityManager, enrolmentId: string, at: Date): Promise<boolean> {
    const [rows] = await m.query<[unknown[], number]>(
      `UPDATE enrolment SET exam_passed_at = coalesce(exam_passed_at, $2) WHERE id = $1 RETURNING id`,
      [enrolmentId, at],
    );
    return rows.length > 0;
  }

  /** The person's enrolments with the title of their version and their latest lesson activity. */
  mine(personId: string): Promise<MyEnrolmentRow[]> {
    return this.db.query<MyEnrolmentRow[]>(
      `SELECT e.id AS "enrolmentId", e.course_id AS "courseId", c.code, v.title, v.version_no AS "versionNo", e.source,
              ${iso('e.enrolled_at')} AS "enrolledAt", to_char(e.due_date, 'YYYY-MM-DD') AS "dueDate",
              ${iso('e.started_at')} AS "startedAt", ${iso('e.completed_at')} AS "completedAt",
              e.progress_percent AS "progressPercent", e.last_lesson_id AS "lastLessonId",
              ${iso('(SELECT max(lp.last_viewed_at) FROM lesson_progress lp WHERE lp.enrolment_id = e.id)')} AS "lastActivityAt"
         FROM enrolment e
         JOIN course c ON c.id = e.course_id
         JOIN course_version v ON v.id = e.version_id
        WHERE e.person_id = $1`,
      [personId],
    );
  }
}

/** An instant as an ISO-8601 UTC string (null stays null), so rows can be compared and sorted as text. */
const iso = (expr: string): string => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
