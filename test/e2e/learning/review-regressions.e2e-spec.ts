import { Permission } from '@app/common';
import { DEMO_COURSE, demoCourseIds, seedDemoCourse } from '@app/learning';
import { UnitResponse, UnitType } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import type { WebLogin } from '../../factories/identity';
import type { GivenLearner } from '../../factories/roster';
import { createTestApp, TestApp } from '../../setup/test-app';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are untyped JSON
type Body = Record<string, any>;

const fieldsOf = (body: Body): string[] => ((body.details ?? []) as Array<{ field: string }>).map((d) => d.field);

/** Defects found in the review of the learning feature, each pinned by a test that failed before its fix. */
describe('learning: review regressions', () => {
  let t: TestApp;
  let province: UnitResponse;
  let organiser: string;
  let organiserWeb: WebLogin;
  let learner: GivenLearner;
  let learnerToken: string;
  let learnerWeb: WebLogin;

  const api = (method: 'get' | 'post' | 'patch', path: string, token = organiser) =>
    t.http[method](`/api/v1${path}`).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Lạng Sơn' });
    const organiserAccount = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
    organiser = await t.given.tokenFor(organiserAccount);
    organiserWeb = await t.given.webLogin(organiserAccount);
    learner = await t.given.learner({ unit: province, roles: ['HR_OFFICIAL'] });
    learnerToken = await t.given.tokenFor(learner);
    learnerWeb = await t.given.webLogin(learner);
  });
  afterAll(() => t.close());

  describe('null for a field that cannot be null is a 400 naming it (was a 500 from a NOT NULL column)', () => {
    let course: Body;
    let moduleId: string;
    let lessonId: string;

    beforeAll(async () => {
      course = (
        await api('post', '/courses')
          .send({ code: unique('N-'), title: 'Khoá học' })
          .expect(201)
      ).body;
      moduleId = (await api('post', `/courses/${course.id}/modules`).send({ title: 'Học phần' }).expect(201)).body.id;
      lessonId = (
        await api('post', `/modules/${moduleId}/lessons`).send({ kind: 'text', title: 'Bài', bodyHtml: '<p>x</p>' })
      ).body.id;
    });

    it.each(['code', 'title', 'summary', 'language', 'tags', 'openEnrolment', 'finalExam', 'ownerUnitId'])(
      'PATCH /courses/:id with %s: null',
      async (field) => {
        const res = await api('patch', `/courses/${course.id}`)
          .send({ [field]: null })
          .expect(400);
        expect(fieldsOf(res.body)).toContain(field);
      },
    );

    it.each(['title', 'position'])('PATCH /modules/:id with %s: null', async (field) => {
      const res = await api('patch', `/modules/${moduleId}`)
        .send({ [field]: null })
        .expect(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it.each(['kind', 'title', 'bodyHtml', 'required', 'moduleId', 'position'])(
      'PATCH /lessons/:id with %s: null',
      async (field) => {
        const res = await api('patch', `/lessons/${lessonId}`)
          .send({ [field]: null })
          .expect(400);
        expect(fieldsOf(res.body)).toContain(field);
      },
    );

    it('still clears the nullable fields with null', async () => {
      await api('patch', `/courses/${course.id}`).send({ estimatedMinutes: 30 }).expect(200);
      const res = await api('patch', `/courses/${course.id}`).send({ estimatedMinutes: null }).expect(200);
      expect(res.body.estimatedMinutes).toBeNull();
      await api('patch', `/lessons/${lessonId}`).send({ estimatedMinutes: null, url: null }).expect(200);
    });
  });

  // The global input layer (SafeInputPipe, docs/SECURITY.md) refuses control characters on every route: a 400
  // naming the field and nothing written, where these paths used to drop NULs (and before that gave a 500).
  describe('NUL characters in text are refused with a 400 naming the field (PostgreSQL refuses them: was a 500)', () => {
    it('in course, module and lesson text through the API', async () => {
      const code = unique('Z-');
      const res = await api('post', '/courses')
        .send({ code, title: 'Quyền\u0000 trẻ em', summary: 'Tóm tắt' })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['title']);
      expect(await t.db.query(`SELECT id FROM course WHERE code = $1`, [code])).toEqual([]);
      const course = (await api('post', '/courses').send({ code, title: 'Quyền trẻ em' }).expect(201)).body;
      expect(
        fieldsOf((await api('post', `/courses/${course.id}/modules`).send({ title: 'A\u0000B' }).expect(400)).body),
      ).toEqual(['title']);
      const mod = (await api('post', `/courses/${course.id}/modules`).send({ title: 'AB' }).expect(201)).body;
      const bad = await api('post', `/modules/${mod.id}/lessons`)
        .send({ kind: 'text', title: 'Bài 1', bodyHtml: '<p>a\u0000b</p>' })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['bodyHtml']);
      expect(await t.db.query(`SELECT id FROM lesson WHERE module_id = $1`, [mod.id])).toEqual([]);
    });

    it('in the course form of the authoring page', async () => {
      const code = unique('ZP-');
      const res = await organiserWeb.agent
        .post('/authoring/courses')
        .type('form')
        .send({ _csrf: organiserWeb.csrf, code, title: 'Khoá\u0000 học', ownerUnitId: province.id, language: 'vi' })
        .expect(400);
      expect(res.text).toContain('title');
      expect(await t.db.query(`SELECT id FROM course WHERE code = $1`, [code])).toEqual([]);
    });

    it('in searches: the catalogue API and page, the authoring list', async () => {
      expect(fieldsOf((await api('get', '/catalogue?q=quy%00en', learnerToken).expect(400)).body)).toEqual(['q']);
      expect(fieldsOf((await api('get', '/catalogue?tag=a%00b', learnerToken).expect(400)).body)).toEqual(['tag']);
      await t.http.get('/courses?q=quy%00en').set('Accept', 'text/html').expect(400);
      await organiserWeb.agent.get('/authoring/courses?q=kho%00a').set('Accept', 'text/html').expect(400);
    });

    it('in the unit code of the assignment form: a 400 naming unitCode, nothing assigned', async () => {
      const course = await createPublishedCourse(t.db, { ownerUnit: province });
      const res = await organiserWeb.agent
        .post('/assignments')
        .type('form')
        .send({
          _csrf: organiserWeb.csrf,
          courseId: course.id,
          unitCode: `${province.code}\u0000`,
          roleIds: await t.given.roleId('HR_OFFICIAL'),
          dueDate: '2099-12-31',
        });
      // The global input layer refuses it before the form's own checks: an error page naming the field, not the
      // form shown again with the problem beside it.
      expect(res.status).toBe(400);
      expect(res.text).toContain('unitCode');
      expect(await t.db.query(`SELECT id FROM assignment WHERE course_id = $1`, [course.id])).toEqual([]);
    });
  });

  it.each(['/assignments', '/courses', '/catalogue'])(
    'an offset too big for a number is a 400 naming offset on %s (was a 500)',
    async (path) => {
      const res = await api('get', `${path}?offset=${'9'.repeat(30)}`).expect(400);
      expect(fieldsOf(res.body)).toContain('offset');
    },
  );

  describe('lesson HTML is sanitised on every path to a page', () => {
    let course: GivenCourse;

    beforeAll(async () => {
      // Written straight into the table, as a path that skipped the sanitiser would.
      course = await createPublishedCourse(t.db, {
        modules: [
          {
            lessons: [{ bodyHtml: '<p onclick="steal()">Xin chào<script>alert(1)</script><img src=x onerror=y></p>' }],
          },
        ],
      });
    });

    it('the lesson view (API and page) sanitises what it shows', async () => {
      const enrolmentId = (await api('post', `/courses/${course.id}/enrolment`, learnerToken).expect(201)).body.id;
      const view = await api('get', `/enrolments/${enrolmentId}/lessons/${course.lessonIds[0]}`, learnerToken).expect(
        200,
      );
      expect(view.body.lesson.bodyHtml).toBe('<p>Xin chào</p>');
      const page = await learnerWeb.agent.get(`/courses/${course.id}/lessons/${course.lessonIds[0]}`).expect(200);
      expect(page.text).toContain('<p>Xin chào</p>');
      expect(page.text).not.toMatch(/alert\(1\)|onclick|onerror/);
    });

    it('the demo course seed stores sanitised HTML', async () => {
      const lesson = DEMO_COURSE.modules[0].lessons[0];
      const original = lesson.bodyHtml;
      lesson.bodyHtml = `${original}<script>alert(1)</script><p onmouseover="x()">Thêm</p>`;
      try {
        await seedDemoCourse(t.db, { provinceId: null, now: t.clock.now(), today: t.clock.today(), assign: false });
      } finally {
        lesson.bodyHtml = original;
      }
      const [row] = await t.db.query(`SELECT body_html AS "bodyHtml" FROM lesson WHERE id = $1`, [
        demoCourseIds().lessonIds[0][0],
      ]);
      expect(row.bodyHtml).toContain('<p>Thêm</p>');
      expect(row.bodyHtml).not.toMatch(/<script|onmouseover/);
    });
  });

  it("a lesson's text naming another course's file does not open that file to its learners", async () => {
    const sibling = await t.given.unit({ type: UnitType.Province });
    const rival = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    const upload = async (token: string, courseId: string): Promise<string> =>
      (
        await t.http
          .post(`/api/v1/courses/${courseId}/files`)
          .auth(token, { type: 'bearer' })
          .attach('file', sampleFiles.png(), 'hinh.png')
          .expect(201)
      ).body.id;
    // Course B (another province, not open): its file.
    const other = (
      await api('post', '/courses', rival)
        .send({ code: unique('B-'), title: 'Nội bộ' })
        .expect(201)
    ).body;
    const foreignFile = await upload(rival, other.id);
    // Course A: a lesson showing its own image and naming B's file.
    const course = (
      await api('post', '/courses')
        .send({ code: unique('A-'), title: 'Khoá A' })
        .expect(201)
    ).body;
    const ownFile = await upload(organiser, course.id);
    const moduleId = (await api('post', `/courses/${course.id}/modules`).send({ title: 'M' }).expect(201)).body.id;
    await api('post', `/modules/${moduleId}/lessons`)
      .send({
        kind: 'text',
        title: 'Hình',
        bodyHtml: `<p><img src="/files/${ownFile}" alt="a"><img src="/files/${foreignFile}" alt="b"></p>`,
      })
      .expect(201);
    await api('post', `/courses/${course.id}/publish`).expect(200);
    await api('post', `/courses/${course.id}/enrolment`, learnerToken).expect(201);

    await api('get', `/files/${ownFile}`, learnerToken).expect(200);
    await api('get', `/files/${foreignFile}`, learnerToken).expect(404);
    await learnerWeb.agent.get(`/files/${foreignFile}`).expect(404);
  });
});
