import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, Clock, Permission, ValidationError } from '@app/common';
import { stableUuid } from '@app/org';
import { AssignmentEnrolment } from '../assignments/assignment-enrolment';
import { AssignmentEnrolmentRepository } from '../assignments/assignment-enrolment.repository';
import { sanitizeLessonHtml } from '../courses/lesson-html';
import { CourseCompletedHooks } from '../learner/course-completed-hooks';
import { CourseCompletionService } from '../learner/course-completion.service';
import { EnrolmentRepository } from '../learner/enrolment.repository';
import { DEMO_COURSE, DemoCourse, demoCourseMinutes } from './demo-course.content';

/** The roles the plans set training targets for: the demo course is assigned to them. */
export const DEMO_COURSE_ROLE_CODES: readonly string[] = [
  'HR_OFFICIAL',
  'ICT_MANAGER',
  'PRESS_FOREIGN_INFO',
  'SOCIO_POLITICAL_KEY',
];

/**
 * Shares of the assigned people the seeder puts part-way (started) and at the end (every required lesson done), by a
 * hash of their id. The course ends with a final exam: libs/exams' demo step has those at the end sit it.
 */
export const DEMO_PROGRESS = { completedPercent: 10, startedPercent: 30 } as const;

/** Demo learner accounts that always finish every required lesson (a demo shows one who finished the course). */
export const DEMO_AT_END_LOGINS: readonly string[] = ['demo.hocvien2'];

/** Days before "now" the seeded assignment (and so its enrolments) is dated, so the progress has room. */
export const DEMO_ASSIGNED_DAYS_AGO = 14;

export interface DemoCourseIds {
  courseId: string;
  versionId: string;
  moduleIds: string[];
  /** Per module, its lessons' ids in order. */
  lessonIds: string[][];
}

/** The ids the course, its version 1, modules and lessons get: derived from the course code, the same everywhere. */
export function demoCourseIds(course: DemoCourse = DEMO_COURSE): DemoCourseIds {
  const base = `moc-demo-course:${course.code}`;
  const versionId = stableUuid(`${base}:v1`);
  return {
    courseId: stableUuid(base),
    versionId,
    moduleIds: course.modules.map((_, mi) => stableUuid(`${base}:v1:module:${mi + 1}`)),
    lessonIds: course.modules.map((m, mi) =>
      m.lessons.map((_, li) => stableUuid(`${base}:v1:module:${mi + 1}:lesson:${li + 1}`)),
    ),
  };
}

/** 31 December of the year of `today` (yyyy-mm-dd): the demo assignment's due date. */
export const endOfYear = (today: string): string => `${today.slice(0, 4)}-12-31`;

export interface DemoCourseSeedOptions {
  /** The province whose organisers own the course and whose people it is assigned to; null: owned by the root. */
  provinceId: string | null;
  now: Date;
  /** yyyy-mm-dd: the roster day the assignment matches people on; the due date is 31/12 of its year. */
  today: string;
  /** Assign the course to the province's target roles (default: true when provinceId is set). */
  assign?: boolean;
  /** Put some of the assigned learners part-way and some at the end (default: same as assign). */
  progress?: boolean;
  /** Checked between steps: once aborted, the next step throws; what committed stays and the next run finishes it. */
  signal?: AbortSignal;
}

export interface DemoCourseSeedReport {
  /** 'exists': the course was there already; 'code-taken': another course holds the code (nothing written). */
  course: 'created' | 'exists' | 'code-taken';
  courseId: string;
  modules: number;
  lessons: number;
  /** 'exists': the province already has an assignment of the course; 'skipped': not asked for (or code taken). */
  assignment: 'created' | 'exists' | 'skipped';
  assignmentId: string | null;
  dueDate: string | null;
  /** Enrolments of the course after the run, and how many of them are started (not completed) and completed. */
  enrolled: number;
  started: number;
  completed: number;
  ms: number;
}

const LOCK = 'moc:seed:demo-course';

interface AssignmentState {
  id: string;
  dueDate: string;
  createdAt: Date;
  synced: boolean;
  anyStarted: boolean;
}

/**
 * Writes the demo course (published version 1 with its modules and lessons, deterministic ids) and, for a province,
 * assigns it to the province's target roles with a due date of 31/12 (dated DEMO_ASSIGNED_DAYS_AGO days back,
 * by the province's demo organiser when there is one), enrols the people it matches with the assignments' own
 * enrolment (what the `learning.assignment.enrol` job runs), and puts some learners part-way, deterministically by
 * a hash of the person's id, with the learner side's completion rule. Idempotent: a second run writes nothing.
 * Three transactions (course and assignment; enrolment; progress); a run cut short is finished by the next one.
 */
export async function seedDemoCourse(db: DataSource, options: DemoCourseSeedOptions): Promise<DemoCourseSeedReport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new ValidationError('today must be yyyy-mm-dd', [{ field: 'today', reason: 'invalid' }]);
  }
  const started = Date.now();
  const provinceId = options.provinceId;
  const assign = (options.assign ?? provinceId !== null) && provinceId !== null;
  const progress = options.progress ?? assign;
  const ids = demoCourseIds();
  const report: DemoCourseSeedReport = {
    course: 'exists',
    courseId: ids.courseId,
    modules: ids.moduleIds.length,
    lessons: ids.lessonIds.flat().length,
    assignment: 'skipped',
    assignmentId: null,
    dueDate: null,
    enrolled: 0,
    started: 0,
    completed: 0,
    ms: 0,
  };
  const signal = options.signal;
  signal?.throwIfAborted();
  const assignment = await db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK]);
    report.course = await writeCourse(m, DEMO_COURSE, ids, provinceId ?? (await rootUnitId(m)), options.now);
    if (report.course === 'code-taken' || !assign) return null;
    const found = await findAssignment(m, ids.courseId, provinceId);
    if (found) {
      report.assignment = 'exists';
      return found;
    }
    report.assignment = 'created';
    return createAssignment(m, ids.courseId, provinceId, options);
  });
  if (assignment) {
    report.assignmentId = assignment.id;
    report.dueDate = assignment.dueDate;
    // Enrolment runs "at" the assignment's time, matching the roster of today.
    const clock: Clock = { now: () => assignment.createdAt, today: () => options.today };
    signal?.throwIfAborted();
    const enrolment = new AssignmentEnrolment(new AssignmentEnrolmentRepository(db), clock);
    if (!assignment.synced) await enrolment.syncAssignment(assignment.id);
    signal?.throwIfAborted();
    if (progress && !assignment.anyStarted) await writeProgress(db, assignment.id, ids, options.now, signal);
  }
  const [counts] = await db.query<Array<{ enrolled: number; started: number; completed: number }>>(
    `SELECT count(*)::int AS enrolled,
            count(*) FILTER (WHERE started_at IS NOT NULL AND completed_at IS NULL)::int AS started,
            count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed
       FROM enrolment WHERE course_id = $1`,
    [ids.courseId],
  );
  return { ...report, ...counts, ms: Date.now() - started };
}

async function rootUnitId(m: EntityManager): Promise<string> {
  const [root] = await m.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE parent_id IS NULL LIMIT 1`);
  if (!root) throw new ValidationError('the root unit is missing: run the migrations first');
  return root.id;
}

/** The course, version 1 (published), modules and lessons, unless the course is there already. */
async function writeCourse(
  m: EntityManager,
  course: DemoCourse,
  ids: DemoCourseIds,
  ownerId: string,
  now: Date,
): Promise<DemoCourseSeedReport['course']> {
  const [holder] = await m.query<Array<{ id: string }>>(`SELECT id FROM course WHERE lower(code) = lower($1)`, [
    course.code,
  ]);
  if (holder) return holder.id === ids.courseId ? 'exists' : 'code-taken';

  await m.query(
    `INSERT INTO course (id, code, owner_unit_id, status, open_enrolment, created_at, updated_at)
     VALUES ($1, $2, $3, 'published', true, $4, $4)`,
    [ids.courseId, course.code, ownerId, now],
  );
  await m.query(
    `INSERT INTO course_version (id, course_id, version_no, title, summary, language, tags, estimated_minutes,
                                 final_exam, created_at, published_at)
     VALUES ($1, $2, 1, $3, $4, $5, $6::text[], $7, $9, $8, $8)`,
    [
      ids.versionId,
      ids.courseId,
      course.title.normalize('NFC'),
      course.summary.normalize('NFC'),
      course.language,
      course.tags,
      requiredMinutes(course),
      now,
      course.finalExam,
    ],
  );
  await m.query(`UPDATE course SET published_version_id = $2 WHERE id = $1`, [ids.courseId, ids.versionId]);
  await m.query(
    `INSERT INTO course_module (id, version_id, position, title)
     SELECT id, $1, position, title FROM unnest($2::uuid[], $3::int[], $4::text[]) AS x(id, position, title)`,
    [
      ids.versionId,
      ids.moduleIds,
      course.modules.map((_, i) => i + 1),
      course.modules.map((mod) => mod.title.normalize('NFC')),
    ],
  );
  const lessons = course.modules.flatMap((mod, mi) =>
    mod.lessons.map((l, li) => ({ ...l, id: ids.lessonIds[mi][li], moduleId: ids.moduleIds[mi], position: li + 1 })),
  );
  await m.query(
    `INSERT INTO lesson (id, version_id, module_id, position, kind, title, body_html, url, required, estimated_minutes)
     SELECT id, $1, module_id, position, kind, title, body_html, url, required, minutes
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[],
                   $10::int[]) AS x(id, module_id, position, kind, title, body_html, url, required, minutes)`,
    [
      ids.versionId,
      lessons.map((l) => l.id),
      lessons.map((l) => l.moduleId),
      lessons.map((l) => l.position),
      lessons.map((l) => l.kind),
      lessons.map((l) => l.title.normalize('NFC')),
      lessons.map((l) => sanitizeLessonHtml(l.bodyHtml)), // like every other write of lesson HTML
      lessons.map((l) => (l.kind === 'link' ? l.url : null)),
      lessons.map((l) => l.required ?? true),
      lessons.map((l) => l.estimatedMinutes),
    ],
  );
  return 'created';
}

/** The course's estimated time: its required lessons (optional reading is extra). */
const requiredMinutes = (course: DemoCourse): number =>
  demoCourseMinutes({
    ...course,
    modules: course.modules.map((mod) => ({ ...mod, lessons: mod.lessons.filter((l) => l.required ?? true) })),
  });

const ASSIGNMENT_STATE = `SELECT a.id, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.created_at AS "createdAt",
       a.synced_at IS NOT NULL AS synced,
       EXISTS (SELECT 1 FROM assignment_member am JOIN enrolment e ON e.id = am.enrolment_id
                WHERE am.assignment_id = a.id AND e.started_at IS NOT NULL) AS "anyStarted"
  FROM assignment a`;

async function findAssignment(m: EntityManager, courseId: string, unitId: string): Promise<AssignmentState | null> {
  const rows = await m.query<AssignmentState[]>(
    `${ASSIGNMENT_STATE} WHERE a.course_id = $1 AND a.unit_id = $2 AND a.status = 'active'
      ORDER BY a.created_at LIMIT 1`,
    [courseId, unitId],
  );
  return rows[0] ?? null;
}

/**
 * The assignment and its roles (as AssignmentsService.create writes them), made by the province's demo organiser
 * when the roster seeder created one, and audited. Its enrolment follows in its own transaction.
 */
async function createAssignment(
  m: EntityManager,
  courseId: string,
  unitId: string,
  options: DemoCourseSeedOptions,
): Promise<AssignmentState> {
  const roles = await m.query<Array<{ id: string }>>(
    `SELECT id FROM role WHERE code = ANY($1::text[]) ORDER BY sort_order, code`,
    [DEMO_COURSE_ROLE_CODES],
  );
  if (roles.length !== DEMO_COURSE_ROLE_CODES.length) {
    throw new ValidationError(`the roles ${DEMO_COURSE_ROLE_CODES.join(', ')} must exist: run the migrations first`);
  }
  const [organiser] = await m.query<Array<{ accountId: string }>>(
    `SELECT g.account_id AS "accountId" FROM account_grant g JOIN account a ON a.id = g.account_id
      WHERE g.permission = 'organiser' AND g.scope_unit_id = $1 ORDER BY a.login LIMIT 1`,
    [unitId],
  );
  const createdAt = new Date(options.now.getTime() - DEMO_ASSIGNED_DAYS_AGO * 86_400_000);
  const dueDate = endOfYear(options.today);
  const roleIds = roles.map((r) => r.id);
  const [row] = await m.query<Array<{ id: string }>>(
    `INSERT INTO assignment (id, course_id, unit_id, due_date, created_by, created_at)
     VALUES ($1, $2, $3, $4::date, $5, $6) RETURNING id`,
    [
      stableUuid(`moc-demo-course:assignment:${courseId}:${unitId}`),
      courseId,
      unitId,
      dueDate,
      organiser?.accountId ?? null,
      createdAt,
    ],
  );
  await m.query(`INSERT INTO assignment_role (assignment_id, role_id) SELECT $1, unnest($2::uuid[])`, [
    row.id,
    roleIds,
  ]);
  const actor: Actor | null = organiser
    ? {
        accountId: organiser.accountId,
        grants: [{ permission: Permission.Organiser, scopeUnitId: unitId }],
        via: 'api',
      }
    : null;
  const audit = new AuditService(m.connection);
  const details = { courseId, unitId, roleIds, dueDate, via: 'seed' };
  await audit.record({ action: 'assignment.create', entity: 'assignment', entityId: row.id, details }, { actor }, m);
  return { id: row.id, dueDate, createdAt, synced: false, anyStarted: false };
}

/**
 * Some of the assignment's learners part-way, deterministically: a hash of the person's id picks a bucket 0–99;
 * the first DEMO_PROGRESS.completedPercent buckets finish every required lesson, the next startedPercent buckets
 * finish the first 1…n−1 required lessons (in course order) and have the next one open. Writes lesson_progress,
 * the 'started' and 'lesson_completed' events and the enrolment's started_at and resume point (last_lesson_id), then
 * lets the completion rule (CourseCompletionService.recompute) set progress_percent, completed_at and
 * 'course_completed'. Only enrolments not yet started are touched; times fall between the enrolment and `now`.
 */
async function writeProgress(
  db: DataSource,
  assignmentId: string,
  ids: DemoCourseIds,
  now: Date,
  signal?: AbortSignal,
): Promise<void> {
  const { completedPercent, startedPercent } = DEMO_PROGRESS;
  // No completion hooks: the certificates these completions are due are issued by certificates' due-sweep job.
  const completion = new CourseCompletionService(
    new EnrolmentRepository(db),
    { now: () => now, today: () => '' },
    new CourseCompletedHooks(),
  );
  await db.transaction(async (m) => {
    await m.query(
      `CREATE TEMP TABLE demo_progress ON COMMIT DROP AS
       WITH total AS (SELECT count(*)::int AS n FROM lesson WHERE version_id = $2 AND required),
       picked AS (
         SELECT e.id AS enrolment_id, e.enrolled_at,
                CASE WHEN acc.login = ANY($5::text[]) THEN 0
                     ELSE ('x' || substr(md5(e.person_id::text || ':demo-progress'), 1, 8))::bit(32)::bigint END AS h
           FROM assignment_member am JOIN enrolment e ON e.id = am.enrolment_id
           JOIN person pe ON pe.id = e.person_id LEFT JOIN account acc ON acc.id = pe.account_id
          WHERE am.assignment_id = $1 AND e.version_id = $2 AND e.started_at IS NULL
       )
       SELECT p.enrolment_id, p.enrolled_at, t.n AS required,
              CASE WHEN p.h % 100 < $3 THEN t.n ELSE 1 + ((p.h / 100) % GREATEST(t.n - 1, 1))::int END AS done
         FROM picked p CROSS JOIN total t
        WHERE p.h % 100 < $3 + $4 AND t.n > 0`,
      [assignmentId, ids.versionId, completedPercent, startedPercent, DEMO_AT_END_LOGINS],
    );
    // The k-th required lesson is viewed (and done) at enrolled_at + k/(done + 2) of the time since: before now.
    const at = (k: string): string =>
      `p.enrolled_at + ($1::timestamptz - p.enrolled_at) * (${k})::float8 / (p.done + 2)`;
    await m.query(
      `WITH req AS (
         SELECT l.id, row_number() OVER (ORDER BY cm.position, l.position)::int AS n
           FROM lesson l JOIN course_module cm ON cm.id = l.module_id
          WHERE l.version_id = $2 AND l.required
       )
       INSERT INTO lesson_progress (enrolment_id, lesson_id, first_viewed_at, last_viewed_at, completed_at)
       SELECT p.enrolment_id, r.id, ${at('r.n')}, ${at('r.n')}, CASE WHEN r.n <= p.done THEN ${at('r.n')} END
         FROM demo_progress p JOIN req r ON r.n <= p.done + 1 AND r.n <= p.required
       ON CONFLICT DO NOTHING`,
      [now, ids.versionId],
    );
    await m.query(
      `INSERT INTO learning_event (enrolment_id, lesson_id, kind, at)
       SELECT lp.enrolment_id, NULL, 'started', min(lp.first_viewed_at)
         FROM lesson_progress lp JOIN demo_progress p ON p.enrolment_id = lp.enrolment_id GROUP BY lp.enrolment_id
       UNION ALL
       SELECT lp.enrolment_id, lp.lesson_id, 'lesson_completed', lp.completed_at
         FROM lesson_progress lp JOIN demo_progress p ON p.enrolment_id = lp.enrolment_id
        WHERE lp.completed_at IS NOT NULL
       ON CONFLICT DO NOTHING`,
    );
    // (UPDATE … RETURNING through TypeORM answers [rows, count]: select from a CTE to get the rows.)
    const touched = await m.query<Array<{ id: string; lastDone: Date | null }>>(
      `WITH u AS (
         UPDATE enrolment e
            SET started_at = s.first_at, last_lesson_id = s.last_lesson
           FROM (SELECT lp.enrolment_id, min(lp.first_viewed_at) AS first_at, max(lp.completed_at) AS last_done,
                        (array_agg(lp.lesson_id ORDER BY lp.last_viewed_at DESC))[1] AS last_lesson
                   FROM lesson_progress lp JOIN demo_progress p ON p.enrolment_id = lp.enrolment_id
                  GROUP BY lp.enrolment_id) s
          WHERE e.id = s.enrolment_id
          RETURNING e.id, s.last_done AS "lastDone")
       SELECT * FROM u ORDER BY id`,
    );
    for (const t of touched) {
      signal?.throwIfAborted(); // the transaction rolls back: the next run writes the progress again
      await completion.recompute(t.id, m, t.lastDone ?? now);
    }
  });
}
