import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/db';
// The demo roster with its accounts (a test may use the library above this one).
import { seedDemo } from '@app/demo';
import { onRosterOn, periodOpenOn } from '@app/org';
import { createTestDatabase, dropTestDatabase } from '../../../../test/setup/test-database';
import { sanitizeLessonHtml } from '../courses/lesson-html';
import { isTopicTag } from '../courses/topic-tags';
import { evaluateCompletion } from '../learner/completion-rule';
import { DEMO_COURSE } from './demo-course.content';
import { DEMO_COURSE_ROLE_CODES, demoCourseIds, DemoCourseSeedReport, seedDemoCourse } from './demo-course.seed';

const TODAY = '2026-03-15';
const NOW = new Date(`${TODAY}T09:00:00Z`);

const TABLES = [
  'course',
  'course_version',
  'course_module',
  'lesson',
  'assignment',
  'assignment_role',
  'assignment_member',
  'enrolment',
  'lesson_progress',
  'learning_event',
  'audit_log',
];

async function counts(db: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = row.n;
  }
  return out;
}

const one = async (db: DataSource, sql: string, params: unknown[] = []): Promise<number> => {
  const [row] = await db.query<Array<{ n: number }>>(`SELECT (${sql})::int AS n`, params);
  return row.n;
};

describe('seed: the demo course in the demo province', () => {
  let url: string;
  let db: DataSource;
  let provinceId: string;
  let bare: DemoCourseSeedReport;
  let first: DemoCourseSeedReport;
  let afterFirst: Record<string, number>;
  const ids = demoCourseIds();

  beforeAll(async () => {
    url = await createTestDatabase();
    db = new DataSource({ ...dataSourceOptions(url), extra: { max: 3 } });
    await db.initialize();
    const roster = await seedDemo(db, { size: 'demo', today: TODAY, demoPassword: 'demo-password-0123' });
    provinceId = roster.provinceIds[0];
    // Without progress first (as if the run had stopped after enrolling): the next run adds it.
    bare = await seedDemoCourse(db, { provinceId, now: NOW, today: TODAY, progress: false });
    first = await seedDemoCourse(db, { provinceId, now: NOW, today: TODAY });
    afterFirst = await counts(db);
  }, 120_000);
  afterAll(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  }, 60_000);

  it('writes the course published, version 1, five modules of Vietnamese lessons owned by the province', async () => {
    expect(bare).toMatchObject({ course: 'created', assignment: 'created', modules: 5, courseId: ids.courseId });
    expect(bare).toMatchObject({ started: 0, completed: 0 });
    expect(first).toMatchObject({ course: 'exists', assignment: 'exists', assignmentId: bare.assignmentId });
    const [course] = await db.query(
      `SELECT c.code, c.status, c.owner_unit_id AS "ownerUnitId", c.open_enrolment AS "open",
              c.published_version_id AS "publishedVersionId", c.draft_version_id AS "draftVersionId",
              v.version_no AS "versionNo", v.title, v.language, v.tags, v.estimated_minutes AS "minutes",
              v.published_at IS NOT NULL AS "published", v.final_exam AS "finalExam"
         FROM course c JOIN course_version v ON v.id = c.published_version_id WHERE c.id = $1`,
      [ids.courseId],
    );
    expect(course).toMatchObject({
      code: 'QCN-CB-01',
      status: 'published',
      ownerUnitId: provinceId,
      open: true,
      publishedVersionId: ids.versionId,
      draftVersionId: null,
      versionNo: 1,
      title: 'Kiến thức cơ bản về quyền con người và truyền thông về quyền con người',
      language: 'vi',
      published: true,
      finalExam: true,
    });
    expect(course.tags.length).toBeGreaterThanOrEqual(5);
    expect(course.tags.every((t: string) => isTopicTag(t))).toBe(true);
    const modules = await db.query<Array<{ position: number; lessons: number }>>(
      `SELECT m.position, count(l.id)::int AS lessons FROM course_module m LEFT JOIN lesson l ON l.module_id = m.id
        WHERE m.version_id = $1 GROUP BY m.position ORDER BY m.position`,
      [ids.versionId],
    );
    expect(modules.map((m) => m.position)).toEqual([1, 2, 3, 4, 5]);
    expect(modules.every((m) => m.lessons >= 2)).toBe(true);
    // Estimated time: the required lessons' minutes.
    const [sum] = await db.query(
      `SELECT sum(estimated_minutes)::int AS n FROM lesson WHERE version_id = $1 AND required`,
      [ids.versionId],
    );
    expect(course.minutes).toBe(sum.n);
  }, 60_000);

  it('holds clean lesson HTML that the lesson sanitiser leaves as it is, and the facts the course must teach', async () => {
    const lessons = await db.query<Array<{ kind: string; body: string; url: string | null; title: string }>>(
      `SELECT kind, body_html AS body, url, title FROM lesson WHERE version_id = $1`,
      [ids.versionId],
    );
    for (const l of lessons) {
      expect(sanitizeLessonHtml(l.body)).toBe(l.body);
      expect(l.body).not.toMatch(/<script|style=|class=|on\w+=/i);
      expect(l.body).toBe(l.body.normalize('NFC'));
      if (l.kind === 'link') expect(l.url).toMatch(/^https:\/\/www\.(un|ohchr)\.org/);
    }
    const all = lessons.map((l) => l.body).join('\n');
    for (const fact of [
      '10/12/1948',
      'Gia nhập ngày 24/9/1982',
      'Ký năm 1980, phê chuẩn năm 1982',
      'Phê chuẩn năm 1990',
      'Ký năm 2013, phê chuẩn năm 2015',
      'Ký năm 2007, phê chuẩn năm 2015',
      'Nhiệm kỳ <strong>2023 - 2025</strong>',
      'Nhiệm kỳ <strong>2014 - 2016</strong>',
      'Khuyến nghị số 63',
      'Khuyến nghị số 67',
      'Khuyến nghị số 86',
      'Không chia sẻ',
      'báo cáo cơ quan có thẩm quyền',
      '1079/QĐ-TTg',
    ]) {
      expect(all).toContain(fact);
    }
    expect(lessons.filter((l) => l.kind === 'text').length).toBeGreaterThanOrEqual(14);
  }, 60_000);

  it('assigns it to the four target roles of the province, due 31/12, and enrols exactly the matching people', async () => {
    const [assignment] = await db.query(
      `SELECT a.id, a.unit_id AS "unitId", to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.status,
              a.member_count AS "memberCount", a.created_by AS "createdBy", a.created_at AS "createdAt",
              a.synced_at AS "syncedAt", array(SELECT r.code FROM assignment_role ar JOIN role r ON r.id = ar.role_id
                                                     WHERE ar.assignment_id = a.id ORDER BY r.code) AS roles
         FROM assignment a WHERE a.course_id = $1`,
      [ids.courseId],
    );
    expect(assignment).toMatchObject({ unitId: provinceId, dueDate: '2026-12-31', status: 'active' });
    expect(assignment.roles).toEqual([...DEMO_COURSE_ROLE_CODES].sort());
    // Made by the province's demo organiser two weeks ago, and audited as theirs.
    const [organiser] = await db.query(`SELECT id FROM account WHERE login = 'demo.tochuc.tinh'`);
    expect(assignment.createdBy).toBe(organiser.id);
    expect(assignment.createdAt.getTime()).toBe(NOW.getTime() - 14 * 86_400_000);
    expect(assignment.syncedAt.getTime()).toBe(assignment.createdAt.getTime());
    expect(
      await one(
        db,
        `SELECT count(*) FROM audit_log WHERE action = 'assignment.create' AND entity_id = $1 AND actor_account_id = $2`,
        [assignment.id, organiser.id],
      ),
    ).toBe(1);
    // The people on the roster today (org's one roster rule) holding a target role, computed apart from the job.
    const targets = await db.query<Array<{ id: string }>>(
      `SELECT DISTINCT p.id FROM person p
         JOIN person_membership m ON m.person_id = p.id AND ${onRosterOn('$1')}
         JOIN org_unit_closure c ON c.descendant_id = m.unit_id AND c.ancestor_id = $2
         JOIN person_role pr ON pr.person_id = p.id AND ${periodOpenOn('$1', 'pr')}
         JOIN role r ON r.id = pr.role_id AND r.code = ANY($3::text[])`,
      [TODAY, provinceId, DEMO_COURSE_ROLE_CODES],
    );
    const enrolled = await db.query<Array<{ id: string }>>(
      `SELECT person_id AS id FROM enrolment WHERE course_id = $1`,
      [ids.courseId],
    );
    expect(targets.length).toBeGreaterThan(500);
    expect(targets.length).toBeLessThan(3000); // the province also has reporters, propagandists, rapporteurs
    expect(new Set(enrolled.map((e) => e.id))).toEqual(new Set(targets.map((t) => t.id)));
    expect(assignment.memberCount).toBe(targets.length);
    expect(first.enrolled).toBe(targets.length);
    expect(
      await one(
        db,
        `SELECT count(*) FROM enrolment e JOIN assignment_member am ON am.enrolment_id = e.id AND am.person_id = e.person_id
          WHERE e.course_id = $1 AND e.source = 'assignment' AND e.due_date = '2026-12-31' AND e.version_id = $2`,
        [ids.courseId, ids.versionId],
      ),
    ).toBe(targets.length);
    expect(await one(db, `SELECT count(*) FROM learning_event WHERE kind = 'enrolled' AND lesson_id IS NULL`)).toBe(
      targets.length,
    );
  }, 60_000);

  it('puts ~30% part-way and ~10% at the end, consistently with their lesson progress and events', async () => {
    const n = first.enrolled;
    // The course ends with a final exam: nobody completes it here (libs/exams' demo step sits the exam).
    expect(first.completed).toBe(0);
    const atEnd = await one(
      db,
      `SELECT count(*) FROM enrolment e WHERE e.course_id = $1 AND NOT EXISTS (
         SELECT 1 FROM lesson l WHERE l.version_id = e.version_id AND l.required AND NOT EXISTS (
           SELECT 1 FROM lesson_progress lp WHERE lp.enrolment_id = e.id AND lp.lesson_id = l.id AND lp.completed_at IS NOT NULL))`,
      [ids.courseId],
    );
    expect(atEnd).toBeGreaterThan(n * 0.05);
    expect(atEnd).toBeLessThan(n * 0.15);
    expect(first.started - atEnd).toBeGreaterThan(n * 0.2);
    expect(first.started - atEnd).toBeLessThan(n * 0.4);
    const rows = await db.query<
      Array<{
        percent: number;
        startedAt: Date | null;
        completedAt: Date | null;
        lastLessonOk: boolean;
        required: number;
        done: number;
        viewed: number;
        events: number;
        lessonEvents: number;
        completedEvents: number;
        enrolledAt: Date;
        lastAt: Date | null;
      }>
    >(
      `SELECT e.progress_percent AS percent, e.started_at AS "startedAt", e.completed_at AS "completedAt",
              e.enrolled_at AS "enrolledAt",
              (e.last_lesson_id IS NULL AND e.started_at IS NULL)
                OR EXISTS (SELECT 1 FROM lesson l WHERE l.id = e.last_lesson_id AND l.version_id = e.version_id) AS "lastLessonOk",
              (SELECT count(*)::int FROM lesson l WHERE l.version_id = e.version_id AND l.required) AS required,
              (SELECT count(*)::int FROM lesson_progress lp JOIN lesson l ON l.id = lp.lesson_id AND l.required
                WHERE lp.enrolment_id = e.id AND lp.completed_at IS NOT NULL) AS done,
              (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrolment_id = e.id) AS viewed,
              (SELECT count(*)::int FROM learning_event le WHERE le.enrolment_id = e.id AND le.kind = 'started') AS events,
              (SELECT count(*)::int FROM learning_event le WHERE le.enrolment_id = e.id AND le.kind = 'lesson_completed') AS "lessonEvents",
              (SELECT count(*)::int FROM learning_event le WHERE le.enrolment_id = e.id AND le.kind = 'course_completed') AS "completedEvents",
              (SELECT max(lp.last_viewed_at) FROM lesson_progress lp WHERE lp.enrolment_id = e.id) AS "lastAt"
         FROM enrolment e WHERE e.course_id = $1`,
      [ids.courseId],
    );
    for (const r of rows) {
      const rule = evaluateCompletion({
        requiredLessons: r.required,
        doneRequiredLessons: r.done,
        finalExam: true,
        examPassed: false,
        started: r.startedAt !== null,
      });
      expect({ percent: r.percent, complete: r.completedAt !== null }).toEqual({
        percent: rule.progressPercent,
        complete: rule.complete,
      });
      expect(r.lastLessonOk).toBe(true);
      expect(r.startedAt !== null).toBe(r.viewed > 0);
      expect(r.events).toBe(r.viewed > 0 ? 1 : 0);
      expect(r.lessonEvents).toBe(r.done);
      expect(r.completedEvents).toBe(r.completedAt ? 1 : 0);
      if (r.lastAt) {
        expect(r.lastAt.getTime()).toBeGreaterThan(r.enrolledAt.getTime());
        expect(r.lastAt.getTime()).toBeLessThan(NOW.getTime());
      }
    }
    // Part-way learners have a next lesson open that they have not finished: resume goes there.
    expect(
      await one(
        db,
        `SELECT count(*) FROM enrolment e JOIN lesson_progress lp ON lp.enrolment_id = e.id AND lp.lesson_id = e.last_lesson_id
          WHERE e.course_id = $1 AND e.started_at IS NOT NULL AND e.completed_at IS NULL AND lp.completed_at IS NULL`,
        [ids.courseId],
      ),
    ).toBe(first.started - atEnd);
  }, 60_000);

  it('changes nothing when run again (same counts, same report), even on a later day', async () => {
    const again = await seedDemoCourse(db, {
      provinceId,
      now: new Date(NOW.getTime() + 86_400_000),
      today: '2026-03-16',
    });
    expect(again).toMatchObject({
      course: 'exists',
      assignment: 'exists',
      assignmentId: first.assignmentId,
      enrolled: first.enrolled,
      started: first.started,
      completed: first.completed,
    });
    expect(await counts(db)).toEqual(afterFirst);
  }, 60_000);

  it('leaves a course that holds the code alone, and needs a yyyy-mm-dd day', async () => {
    await db.query(`UPDATE course SET code = 'QCN-CB-01-OLD' WHERE id = $1`, [ids.courseId]);
    await db.query(
      `INSERT INTO course (code, owner_unit_id, created_at, updated_at) VALUES ('qcn-cb-01', $1, now(), now())`,
      [provinceId],
    );
    const before = await counts(db);
    const r = await seedDemoCourse(db, { provinceId, now: NOW, today: TODAY });
    expect(r).toMatchObject({ course: 'code-taken', assignment: 'skipped' });
    expect(await counts(db)).toEqual(before);
    await expect(seedDemoCourse(db, { provinceId, now: NOW, today: '15/03/2026' })).rejects.toThrow(/yyyy-mm-dd/);
  }, 60_000);

  it('teaches the five content areas, in the plans’ order', () => {
    expect(DEMO_COURSE.modules.map((m) => m.title)).toEqual([
      expect.stringContaining('Luật pháp quốc tế'),
      expect.stringContaining('Chủ trương của Đảng'),
      expect.stringContaining('thành tựu'),
      expect.stringContaining('thông tin sai lệch'),
      expect.stringContaining('Đối ngoại'),
    ]);
  });
});
