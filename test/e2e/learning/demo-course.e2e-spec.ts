import { DEMO_QUESTIONS } from '@app/exams';
import { DemoCourseSeeder, demoCourseIds, DEMO_COURSE } from '@app/learning';
import { DemoBootstrapService, seedDemo } from '@app/demo';
import { createTestApp, TestApp } from '../../setup/test-app';

const PASSWORD = 'demo-password-0123';

/**
 * The demo course as the API's first start loads it: the demo's DemoBootstrapService runs the learning step after the
 * roster, and the result is what a demo learner and the demo organiser see through the real routes.
 */
describe('demo course (through the application)', () => {
  let t: TestApp;
  let provinceId: string;
  const ids = demoCourseIds();

  beforeAll(async () => {
    t = await createTestApp();
    const roster = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: PASSWORD });
    provinceId = roster.provinceIds[0];
    await t.app.get(DemoBootstrapService).runSteps();
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  it('is loaded by the demo bootstrap step: published, assigned in the province, some learners part-way', async () => {
    const [row] = await t.db.query(
      `SELECT c.status, c.owner_unit_id AS "ownerUnitId",
              (SELECT count(*)::int FROM assignment a WHERE a.course_id = c.id AND a.unit_id = $2) AS assignments,
              (SELECT count(*)::int FROM enrolment e WHERE e.course_id = c.id) AS enrolled,
              (SELECT count(*)::int FROM enrolment e WHERE e.course_id = c.id AND e.started_at IS NOT NULL) AS started,
              (SELECT count(*)::int FROM enrolment e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL) AS completed
         FROM course c WHERE c.id = $1`,
      [ids.courseId, provinceId],
    );
    expect(row).toMatchObject({ status: 'published', ownerUnitId: provinceId, assignments: 1 });
    expect(row.enrolled).toBeGreaterThan(500);
    expect(row.completed).toBeGreaterThan(0);
    expect(row.started).toBeGreaterThan(row.completed);
  }, 60_000);

  it('runs again without writing anything (every start with demo data runs the step)', async () => {
    const before = await t.db.query(
      `SELECT (SELECT count(*) FROM enrolment)::int AS e, (SELECT count(*) FROM lesson_progress)::int AS p,
              (SELECT count(*) FROM learning_event)::int AS l, (SELECT count(*) FROM assignment)::int AS a,
              (SELECT count(*) FROM question)::int AS q, (SELECT count(*) FROM exam_attempt)::int AS x`,
    );
    await t.app.get(DemoBootstrapService).runSteps();
    const report = await t.app.get(DemoCourseSeeder).seed(provinceId);
    expect(report).toMatchObject({ course: 'exists', assignment: 'exists' });
    const after = await t.db.query(
      `SELECT (SELECT count(*) FROM enrolment)::int AS e, (SELECT count(*) FROM lesson_progress)::int AS p,
              (SELECT count(*) FROM learning_event)::int AS l, (SELECT count(*) FROM assignment)::int AS a,
              (SELECT count(*) FROM question)::int AS q, (SELECT count(*) FROM exam_attempt)::int AS x`,
    );
    expect(after).toEqual(before);
  }, 60_000);

  it('shows in the catalogue (diacritics ignored), on the course page, and in a demo learner’s learning', async () => {
    // A demo learner account linked to a person the assignment enrolled.
    const [learner] = await t.db.query(
      `SELECT a.login FROM account a JOIN person p ON p.account_id = a.id
         JOIN enrolment e ON e.person_id = p.id AND e.course_id = $1
        WHERE a.login LIKE 'demo.hocvien%' ORDER BY a.login LIMIT 1`,
      [ids.courseId],
    );
    expect(learner).toBeDefined();
    const { agent } = await t.given.webLogin({ login: learner.login, password: PASSWORD });
    const catalogue = await agent.get('/courses').query({ q: 'quyen con nguoi' }).expect(200);
    expect(catalogue.text).toContain(DEMO_COURSE.title);
    const page = await agent.get(`/courses/${ids.courseId}`).expect(200);
    for (const m of DEMO_COURSE.modules) expect(page.text).toContain(escapeHtml(m.title));
    const my = await agent.get('/my').expect(200);
    expect(my.text).toContain(DEMO_COURSE.title);
    const firstLesson = ids.lessonIds[0][0];
    const lesson = await agent.get(`/courses/${ids.courseId}/lessons/${firstLesson}`).expect(200);
    expect(lesson.text).toContain('<strong>10/12/1948</strong>'); // the lesson's HTML, rendered as HTML
  }, 60_000);

  it('lets the demo organiser see the assignment with its members and progress', async () => {
    const token = await t.given.tokenFor({ login: 'demo.tochuc.tinh', password: PASSWORD });
    const list = await t.http
      .get('/api/v1/assignments')
      .query({ courseId: ids.courseId })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    const a = list.body.items[0];
    expect(a).toMatchObject({ unitId: provinceId, dueDate: `${t.clock.today().slice(0, 4)}-12-31`, status: 'active' });
    expect(a.roles.map((r: { code: string }) => r.code).sort()).toEqual(
      ['HR_OFFICIAL', 'ICT_MANAGER', 'PRESS_FOREIGN_INFO', 'SOCIO_POLITICAL_KEY'].sort(),
    );
    const progress = await t.http
      .get(`/api/v1/assignments/${a.id}/progress`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(progress.body.totals.assigned).toBe(a.memberCount);
    expect(progress.body.totals.completed).toBeGreaterThan(0);
    expect(progress.body.totals.started).toBeGreaterThan(0);
  }, 60_000);

  it('seeds a 30-question bank and the course’s final exam (20 drawn, 30 minutes, 70%, 3 attempts)', async () => {
    const questions = await t.db.query<Array<{ type: string; topics: string[]; explanation: string | null }>>(
      `SELECT v.type, v.topics, v.explanation FROM question q JOIN question_version v ON v.id = q.current_version_id
        WHERE q.course_id = $1`,
      [ids.courseId],
    );
    expect(questions).toHaveLength(30);
    expect(DEMO_QUESTIONS).toHaveLength(30);
    expect(new Set(questions.map((q) => q.type))).toEqual(
      new Set(['single_choice', 'multiple_choice', 'true_false', 'short_answer']),
    );
    expect(questions.every((q) => q.topics.length > 0 && !!q.explanation)).toBe(true);
    const [exam] = await t.db.query(
      `SELECT kind, time_limit_minutes AS minutes, pass_percent::float8 AS pass, attempts_allowed AS attempts,
              review_policy AS review, (SELECT sum((d->>'count')::int) FROM jsonb_array_elements(draw_topics) d)::int AS drawn
         FROM exam WHERE course_id = $1`,
      [ids.courseId],
    );
    expect(exam).toEqual({ kind: 'final', minutes: 30, pass: 70, attempts: 3, review: 'with_answers', drawn: 20 });
    const [{ finalExam }] = await t.db.query(
      `SELECT v.final_exam AS "finalExam" FROM course c JOIN course_version v ON v.id = c.published_version_id WHERE c.id = $1`,
      [ids.courseId],
    );
    expect(finalExam).toBe(true);
  }, 60_000);

  // The final exam's attempts (the demo's contest, on the same course, has attempts of its own).
  it('has the learners who finished the lessons sit it: most passed (the course completes), some failed once', async () => {
    const [a] = await t.db.query(
      `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE passed)::int AS passed,
              count(*) FILTER (WHERE NOT passed)::int AS failed,
              count(*) FILTER (WHERE status <> 'submitted')::int AS "notSubmitted",
              count(DISTINCT person_id) FILTER (WHERE NOT passed AND attempt_no = 1)::int AS "failedOnce",
              count(*) FILTER (WHERE NOT passed AND attempt_no = 1 AND person_id IN
                (SELECT person_id FROM exam_attempt WHERE passed AND attempt_no = 2 AND exam_id = f.id))::int AS "thenPassed"
         FROM exam_attempt JOIN exam f ON f.id = exam_attempt.exam_id AND f.kind = 'final'`,
    );
    expect(a.notSubmitted).toBe(0);
    expect(a.passed).toBeGreaterThan(a.failedOnce);
    expect(a.failedOnce).toBeGreaterThan(0);
    expect(a.thenPassed).toBeGreaterThan(0);
    expect(a.failedOnce).toBeGreaterThan(a.thenPassed); // some failed once and have not tried again
    const [c] = await t.db.query(
      `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE exam_passed_at IS NOT NULL)::int AS "examPassed"
         FROM enrolment WHERE course_id = $1`,
      [ids.courseId],
    );
    expect(c.completed).toBe(a.passed); // one pass per person: no retry after a pass
    expect(c.examPassed).toBe(a.passed);
  }, 60_000);

  it('shows demo.hocvien2 the course completed, the exam passed, and its result', async () => {
    const { agent } = await t.given.webLogin({ login: 'demo.hocvien2', password: PASSWORD });
    const course = await agent.get(`/courses/${ids.courseId}`).expect(200);
    expect(course.text).toContain('Bạn đã hoàn thành khoá học này ngày');
    expect(course.text).toContain('Đã đạt bài kiểm tra cuối khoá.');
    const exam = await agent.get(`/courses/${ids.courseId}/exam`).expect(303);
    const page = await agent.get(exam.headers.location).expect(200);
    expect(page.text).toContain('Bạn đã đạt bài kiểm tra này với kết quả');
  }, 60_000);

  it('lets the demo organiser see the results of the province', async () => {
    const { agent } = await t.given.webLogin({ login: 'demo.tochuc.tinh', password: PASSWORD });
    const [{ id }] = await t.db.query(`SELECT id FROM exam WHERE course_id = $1`, [ids.courseId]);
    const page = await agent.get(`/authoring/exams/${id}/results`).expect(200);
    expect(page.text).toContain('Đạt');
    expect(page.text).toContain('Chưa đạt');
  }, 60_000);
});

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
