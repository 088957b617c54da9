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
              (SELECT count(*) FROM learning_event)::int AS l, (SELECT count(*) FROM assignment)::int AS a`,
    );
    await t.app.get(DemoBootstrapService).runSteps();
    const report = await t.app.get(DemoCourseSeeder).seed(provinceId);
    expect(report).toMatchObject({ course: 'exists', assignment: 'exists' });
    const after = await t.db.query(
      `SELECT (SELECT count(*) FROM enrolment)::int AS e, (SELECT count(*) FROM lesson_progress)::int AS p,
              (SELECT count(*) FROM learning_event)::int AS l, (SELECT count(*) FROM assignment)::int AS a`,
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
});

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
