import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('question bank and exams: authoring scope, versions, sharing, publishing with a final exam', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let sibling: UnitResponse;
  let organiser: string;
  let siblingOrganiser: string;
  let learner: string;
  let course: GivenCourse;

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http.patch(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });
  const singleChoice = (name: string, extra: object = {}) => ({
    name,
    type: 'single_choice',
    stem: 'Việt Nam gia nhập Công ước về quyền trẻ em năm nào?',
    options: [
      { key: 'a', text: '1990', fraction: 1 },
      { key: 'b', text: '1982', fraction: 0 },
    ],
    topics: ['crc'],
    explanation: 'Việt Nam phê chuẩn CRC ngày 20/2/1990.',
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province });
    commune = await t.given.unit({ parent: province });
    sibling = await t.given.unit({ parent: province });
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
    siblingOrganiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    learner = await t.given.tokenFor(await t.given.learner({ unit: commune }));
    course = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
  });
  afterAll(() => t.close());

  it('creates questions in the bank of a course the organiser authors; refuses bad content (400) and a duplicate name (409)', async () => {
    const created = await api(organiser).post(`/courses/${course.id}/questions`, singleChoice('CRC 1990')).expect(201);
    expect(created.body).toMatchObject({
      courseId: course.id,
      name: 'CRC 1990',
      versionNo: 1,
      type: 'single_choice',
      topics: ['crc'],
      shared: false,
      archived: false,
      options: [
        { key: 'a', text: '1990', fraction: 1, feedback: null },
        { key: 'b', text: '1982', fraction: 0, feedback: null },
      ],
    });
    const dup = await api(organiser).post(`/courses/${course.id}/questions`, singleChoice('crc 1990')).expect(409);
    expect(dup.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
    for (const [body, field] of [
      [
        singleChoice('x1', {
          options: [
            { key: 'a', text: '1990', fraction: 0.5 },
            { key: 'b', text: '1982', fraction: 0 },
          ],
        }),
        'options',
      ],
      [
        singleChoice('x2', {
          type: 'multiple_choice',
          options: [
            { key: 'a', text: 'A', fraction: 0.6 },
            { key: 'b', text: 'B', fraction: 0.6 },
          ],
        }),
        'options',
      ],
      [singleChoice('x3', { type: 'short_answer', options: [] }), 'shortAnswer.accepted'],
      [singleChoice('x4', { topics: ['human-rights-day'] }), 'topics'],
      [singleChoice('x5', { options: [{ key: 'a', text: '1990', fraction: 2 }] }), 'options.0.fraction'],
      [singleChoice('', {}), 'name'],
      [singleChoice('x6', { type: 'essay' }), 'type'],
    ] as const) {
      const res = await api(organiser).post(`/courses/${course.id}/questions`, body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const list = await api(organiser).get(`/courses/${course.id}/questions`).expect(200);
    expect(list.body.items.map((q: { name: string }) => q.name)).toEqual(['CRC 1990']);
  });

  it("hides the bank and exams of a sibling unit's course from its organiser (404) and refuses learners (403)", async () => {
    const q = await t.given.question({ course });
    const exam = await t.given.exam({ course, questionIds: [q.id] });
    const other = api(siblingOrganiser);
    await other.get(`/courses/${course.id}/questions`).expect(404);
    await other.post(`/courses/${course.id}/questions`, singleChoice(unique('S'))).expect(404);
    const hidden = await other.get(`/questions/${q.id}`).expect(404);
    expect(hidden.body.message).toBe(`question ${q.id} not found`);
    await other.patch(`/questions/${q.id}`, { stem: 'Sửa trộm' }).expect(404);
    await other.get(`/courses/${course.id}/exams`).expect(404);
    await other
      .post(`/courses/${course.id}/exams`, {
        title: 'x',
        kind: 'practice',
        drawMode: 'fixed',
        questionIds: [q.id],
        timeLimitMinutes: 5,
        passPercent: 50,
      })
      .expect(404);
    await other.get(`/exams/${exam.id}`).expect(404);
    await other.patch(`/exams/${exam.id}`, { title: 'Sửa trộm' }).expect(404);
    const [row] = await t.db.query(
      `SELECT v.stem, e.title FROM question q JOIN question_version v ON v.id = q.current_version_id, exam e
        WHERE q.id = $1 AND e.id = $2`,
      [q.id, exam.id],
    );
    expect(row).toEqual({ stem: q.stem, title: exam.title });
    await api(learner).get(`/courses/${course.id}/questions`).expect(403);
    await api(learner).get(`/questions/${q.id}`).expect(403);
    await api(learner).get(`/exams/${exam.id}`).expect(403);
    // The province's organiser authors the commune's course.
    const provinceOrganiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    await api(provinceOrganiser).get(`/questions/${q.id}`).expect(200);
  });

  it('keeps the drawn version for past papers: an edit after a draw makes version 2, an edit before one changes it in place', async () => {
    const c = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
    const q = await t.given.question({ course: c, stem: 'Phiên bản 1' });
    const exam = await t.given.exam({ course: c, questionIds: [q.id], shuffleOptions: false });
    const inPlace = await api(organiser).patch(`/questions/${q.id}`, { stem: 'Phiên bản 1 (sửa)' }).expect(200);
    expect(inPlace.body).toMatchObject({ versionId: q.versionId, versionNo: 1, stem: 'Phiên bản 1 (sửa)' });

    const sitter = await t.given.learner({ unit: commune });
    const token = await t.given.tokenFor(sitter);
    await api(token).post(`/courses/${c.id}/enrolment`).expect(201);
    const attempt = (await api(token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    expect(attempt.questions[0]).toMatchObject({ questionVersionId: q.versionId, stem: 'Phiên bản 1 (sửa)' });

    const edited = await api(organiser)
      .patch(`/questions/${q.id}`, {
        stem: 'Phiên bản 2',
        options: [
          { key: 'a', text: 'Sai', fraction: 0 },
          { key: 'b', text: 'Đúng', fraction: 1 },
        ],
      })
      .expect(200);
    expect(edited.body).toMatchObject({ versionNo: 2, stem: 'Phiên bản 2' });
    expect(edited.body.versionId).not.toBe(q.versionId);
    const unchanged = await api(organiser).patch(`/questions/${q.id}`, { stem: 'Phiên bản 2' }).expect(200);
    expect(unchanged.body.versionId).toBe(edited.body.versionId);
    const renamed = await api(organiser)
      .patch(`/questions/${q.id}`, { name: unique('Tên mới ') })
      .expect(200);
    expect(renamed.body.versionNo).toBe(2);

    // The running attempt keeps version 1, and is graded against it.
    const reload = await api(token).get(`/attempts/${attempt.id}`).expect(200);
    expect(reload.body.questions[0]).toMatchObject({ questionVersionId: q.versionId, stem: 'Phiên bản 1 (sửa)' });
    await api(token)
      .put(`/attempts/${attempt.id}/answers/${q.versionId}`, { selected: ['a'] })
      .expect(200);
    const result = await api(token).post(`/attempts/${attempt.id}/submit`).expect(200);
    expect(result.body.result).toMatchObject({ score: 1, passed: true });
    // A new attempt draws version 2.
    const next = (await api(token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    expect(next.questions[0].questionVersionId).toBe(edited.body.versionId);
  });

  it("shares questions with the owner unit's other courses only when marked shared", async () => {
    const home = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
    const neighbour = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
    const elsewhere = await createPublishedCourse(t.db, { ownerUnit: sibling, modules: [{ lessons: [{}] }] });
    const shared = await t.given.question({ course: home, shared: true, topics: ['cedaw'] });
    const own = await t.given.question({ course: home, topics: ['cedaw'] });
    const pool = await api(organiser).get(`/courses/${neighbour.id}/questions`).expect(200);
    expect(pool.body.items.map((q: { id: string }) => q.id)).toEqual([shared.id]);
    const admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const far = await api(admin).get(`/courses/${elsewhere.id}/questions`).expect(200);
    expect(far.body.items).toEqual([]);
    const bad = await api(organiser)
      .post(`/courses/${neighbour.id}/exams`, {
        title: 'Chung',
        kind: 'practice',
        drawMode: 'fixed',
        questionIds: [shared.id, own.id],
        timeLimitMinutes: 10,
        passPercent: 50,
      })
      .expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'questionIds' })]);
    const ok = await api(organiser)
      .post(`/courses/${neighbour.id}/exams`, {
        title: 'Chung',
        kind: 'practice',
        drawMode: 'topics',
        drawTopics: [{ topic: 'cedaw', count: 2 }],
        timeLimitMinutes: 10,
        passPercent: 50,
      })
      .expect(201);
    expect(ok.body).toMatchObject({ questionCount: 2, shortfall: [{ topic: 'cedaw', wanted: 2, available: 1 }] });
  });

  it('refuses to publish a course whose finalExam is set until it has a final exam; one final exam per course', async () => {
    const created = await api(organiser)
      .post('/courses', { code: unique('FE-'), title: 'Có bài thi cuối', finalExam: true, ownerUnitId: commune.id })
      .expect(201);
    const id = created.body.id as string;
    const mod = await api(organiser).post(`/courses/${id}/modules`, { title: 'Học phần 1' }).expect(201);
    await api(organiser)
      .post(`/modules/${mod.body.id}/lessons`, { kind: 'text', title: 'Bài 1', bodyHtml: '<p>x</p>' })
      .expect(201);
    const refused = await api(organiser).post(`/courses/${id}/publish`).expect(409);
    expect(refused.body.details).toEqual([{ field: 'finalExam', reason: 'no final exam' }]);
    expect(refused.body.message).toMatch(/final exam/);
    const exam = {
      title: 'Thi cuối khoá',
      kind: 'final',
      drawMode: 'topics',
      drawTopics: [{ topic: 'iccpr', count: 5 }],
      timeLimitMinutes: 20,
      passPercent: 70,
    };
    const final = await api(organiser).post(`/courses/${id}/exams`, exam).expect(201);
    expect(final.body).toMatchObject({
      kind: 'final',
      passPercent: 70,
      reviewPolicy: 'score_only',
      attemptRule: 'best',
    });
    const second = await api(organiser).post(`/courses/${id}/exams`, exam).expect(409);
    expect(second.body.details).toEqual([expect.objectContaining({ field: 'kind' })]);
    await api(organiser).post(`/courses/${id}/publish`).expect(200);
    const bad = await api(organiser)
      .patch(`/exams/${final.body.id}`, { opensAt: '2026-05-01T08:00:00+07:00', closesAt: '2026-04-01T08:00:00+07:00' })
      .expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'closesAt' })]);
    await api(organiser).patch(`/exams/${final.body.id}`, { opensAt: '2026-05-01 08:00' }).expect(400);
  });
});
