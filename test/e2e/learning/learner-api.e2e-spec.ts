import { randomUUID } from 'node:crypto';
import { Permission } from '@app/common';
import { CourseCompletionService } from '@app/learning';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { GivenLearner } from '../../factories/roster';
import { eventsOf, publishNewVersion } from '../../factories/learner';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('learner API: catalogue, enrolment, progress, completion, profile', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let alice: GivenLearner;
  let aliceToken: string;
  let bobToken: string;
  let noPersonToken: string;
  let rights: GivenCourse;
  let closed: GivenCourse;

  const get = (path: string, token?: string) => {
    const req = t.http.get(`/api/v1${path}`);
    return token ? req.auth(token, { type: 'bearer' }) : req;
  };
  const post = (path: string, token: string, body: object = {}) =>
    t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body);
  const enrol = async (course: { id: string }, token = aliceToken): Promise<string> =>
    (await post(`/courses/${course.id}/enrolment`, token).expect((r) => expect([200, 201]).toContain(r.status))).body
      .id as string;
  const lessonPath = (enrolmentId: string, lessonId: string) => `/enrolments/${enrolmentId}/lessons/${lessonId}`;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thái Nguyên' });
    commune = await t.given.unit({ parent: province, name: 'Xã Thần Sa' });
    const otherProvince = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    alice = await t.given.learner({ unit: commune, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị An' });
    aliceToken = await t.given.tokenFor(alice);
    bobToken = await t.given.tokenFor(await t.given.learner({ unit: otherProvince }));
    noPersonToken = await t.given.tokenFor(await t.given.account({ permission: Permission.Learner }));
    rights = await createPublishedCourse(t.db, {
      title: 'Quyền con người trong Hiến pháp 2013',
      summary: 'Những điều cơ bản về quyền con người và quyền công dân.',
      tags: ['iccpr', 'policy-and-law'],
    });
    closed = await createPublishedCourse(t.db, { title: 'Khoá bồi dưỡng nội bộ', openEnrolment: false });
  });
  afterAll(() => t.close());

  describe('catalogue', () => {
    it('is public and finds "Quyền con người" when searching "quyen con nguoi" in any case', async () => {
      for (const q of ['quyen con nguoi', 'QUYỀN CON', 'hien phap 2013', 'cong dan']) {
        const res = await get('/catalogue').query({ q }).expect(200);
        expect(res.body.items.map((c: { id: string }) => c.id)).toContain(rights.id);
      }
      const none = await get('/catalogue').query({ q: 'khong co khoa nao nhu the' }).expect(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });
      const wildcard = await get('/catalogue').query({ q: '%' }).expect(200);
      expect(wildcard.body.total).toBe(0);
    });

    it('finds a course by its code and by its topics (code or label, either language), never a closed one', async () => {
      const ids = async (q: string): Promise<string[]> =>
        (await get('/catalogue').query({ q, limit: 500 }).expect(200)).body.items.map((c: { id: string }) => c.id);
      for (const q of [
        rights.code,
        rights.code.toLowerCase(),
        'ICCPR',
        'iccpr',
        'civil and political',
        'dan su va chinh tri',
      ]) {
        expect(await ids(q)).toContain(rights.id);
      }
      expect(await ids('CEDAW')).not.toContain(rights.id);
      expect(await ids(closed.code)).not.toContain(closed.id);
    });

    it('lists only published open courses to the public, with version details, filtered by tag and paged', async () => {
      const all = await get('/catalogue').query({ limit: 500 }).expect(200);
      const ids = all.body.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(rights.id);
      expect(ids).not.toContain(closed.id);
      expect(all.body.items.find((c: { id: string }) => c.id === rights.id)).toEqual({
        id: rights.id,
        code: rights.code,
        status: 'published',
        openEnrolment: true,
        versionId: rights.versionId,
        versionNo: 1,
        title: 'Quyền con người trong Hiến pháp 2013',
        summary: 'Những điều cơ bản về quyền con người và quyền công dân.',
        language: 'vi',
        tags: ['iccpr', 'policy-and-law'],
        estimatedMinutes: null,
        finalExam: false,
        enrolment: null,
      });
      const tagged = await get('/catalogue').query({ tag: 'iccpr' }).expect(200);
      expect(tagged.body.items.map((c: { id: string }) => c.id)).toEqual([rights.id]);
      const first = await get('/catalogue').query({ limit: 1 }).expect(200);
      expect(first.body).toMatchObject({ limit: 1, offset: 0 });
      expect(first.body.items).toHaveLength(1);
      expect(first.body.total).toBeGreaterThanOrEqual(1);
      const bad = await get('/catalogue')
        .query({ limit: 0, q: 'x'.repeat(101) })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'q']);
      await get('/catalogue').auth('not-a-token', { type: 'bearer' }).expect(401);
    });

    it('adds the courses the learner is enrolled in even when not open, with their progress', async () => {
      const [person] = await t.db.query(`SELECT id FROM person WHERE account_id = $1`, [alice.id]);
      await t.db.query(
        `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date)
         VALUES ($1, $2, $3, 'assignment', now(), '2020-01-31')`,
        [person.id, closed.id, closed.versionId],
      );
      const mine = await get('/catalogue', aliceToken).query({ limit: 500 }).expect(200);
      const entry = mine.body.items.find((c: { id: string }) => c.id === closed.id);
      expect(entry.enrolment).toMatchObject({ progressPercent: 0, completedAt: null });
      const others = await get('/catalogue', bobToken).query({ limit: 500 }).expect(200);
      expect(others.body.items.map((c: { id: string }) => c.id)).not.toContain(closed.id);
      await get(`/catalogue/${closed.id}`, aliceToken).expect(200);
      await get(`/catalogue/${closed.id}`, bobToken).expect(404);
    });

    it('shows a course with its modules and lessons; closed, draft and unknown courses answer 404', async () => {
      const res = await get(`/catalogue/${rights.id}`).expect(200);
      expect(res.body).toMatchObject({ enrolment: null, canEnrol: false, requiredLessons: 4, continueLessonId: null });
      expect(res.body.modules.map((m: { lessons: Array<{ id: string }> }) => m.lessons.map((l) => l.id))).toEqual([
        rights.lessonIds.slice(0, 2),
        rights.lessonIds.slice(2),
      ]);
      expect(res.body.modules[0].lessons[0]).toMatchObject({ kind: 'text', required: true, done: false });
      const asLearner = await get(`/catalogue/${rights.id}`, bobToken).expect(200);
      expect(asLearner.body.canEnrol).toBe(true);
      const draft = await createPublishedCourse(t.db);
      await t.db.query(
        `UPDATE course SET status = 'draft', published_version_id = NULL, draft_version_id = $2 WHERE id = $1`,
        [draft.id, draft.versionId],
      );
      await get(`/catalogue/${closed.id}`).expect(404);
      await get(`/catalogue/${draft.id}`, bobToken).expect(404);
      await get(`/catalogue/${randomUUID()}`).expect(404);
      const bad = await get('/catalogue/not-a-uuid').expect(400);
      expect(bad.body.details).toEqual([{ field: 'courseId', reason: 'must be a UUID' }]);
    });
  });

  describe('self-enrolment', () => {
    it('enrols once: 201 then 200 with the same enrolment, on the published version, "enrolled" recorded once', async () => {
      const course = await createPublishedCourse(t.db);
      const first = await post(`/courses/${course.id}/enrolment`, aliceToken).expect(201);
      expect(first.body).toMatchObject({
        courseId: course.id,
        versionId: course.versionId,
        source: 'self',
        progressPercent: 0,
        startedAt: null,
        completedAt: null,
        dueDate: null,
      });
      const again = await post(`/courses/${course.id}/enrolment`, aliceToken).expect(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await eventsOf(t.db, first.body.id)).toEqual(['enrolled']);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM enrolment WHERE course_id = $1`, [course.id]);
      expect(n).toBe(1);
    });

    it('gives one enrolment when two requests race', async () => {
      const course = await createPublishedCourse(t.db);
      const results = await Promise.all([1, 2].map(() => post(`/courses/${course.id}/enrolment`, bobToken)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(results[0].body.id).toBe(results[1].body.id);
      expect(await eventsOf(t.db, results[0].body.id as string)).toEqual(['enrolled']);
    });

    it('refuses closed (403), archived (409), draft and unknown (404) courses with a clear message', async () => {
      const closedRes = await post(`/courses/${closed.id}/enrolment`, bobToken).expect(403);
      expect(closedRes.body.message).toContain('not open to self-enrolment');
      const archived = await createPublishedCourse(t.db);
      await t.db.query(`UPDATE course SET status = 'archived' WHERE id = $1`, [archived.id]);
      const archivedRes = await post(`/courses/${archived.id}/enrolment`, bobToken).expect(409);
      expect(archivedRes.body.message).toContain('archived');
      const draft = await createPublishedCourse(t.db);
      await t.db.query(`UPDATE course SET status = 'draft', published_version_id = NULL WHERE id = $1`, [draft.id]);
      await post(`/courses/${draft.id}/enrolment`, bobToken).expect(404);
      await post(`/courses/${randomUUID()}/enrolment`, bobToken).expect(404);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM enrolment WHERE course_id = ANY($1::uuid[])`, [
        [archived.id, draft.id],
      ]);
      expect(n).toBe(0);
    });

    it('needs a login and a person on the roster; any permission with a person may enrol', async () => {
      await t.http.post(`/api/v1/courses/${rights.id}/enrolment`).expect(401);
      const res = await post(`/courses/${rights.id}/enrolment`, noPersonToken).expect(403);
      expect(res.body.message).toContain('not linked to the roster');
      await get('/me/enrolments', noPersonToken).expect(403);
      const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
      const person = await t.given.person({ unit: commune });
      await t.db.query(`UPDATE person SET account_id = $1 WHERE id = $2`, [organiser.id, person.id]);
      await post(`/courses/${rights.id}/enrolment`, await t.given.tokenFor(organiser)).expect(201);
    });
  });

  describe('progress', () => {
    it('records views (start once, resume point), completions once, and the percentage', async () => {
      const course = await createPublishedCourse(t.db);
      const [l1, l2, l3, l4] = course.lessonIds;
      const id = await enrol(course);
      const fresh = await get(`/enrolments/${id}`, aliceToken).expect(200);
      expect(fresh.body).toMatchObject({ continueLessonId: l1, doneRequiredLessons: 0, requiredLessons: 4 });
      expect(fresh.body.enrolment).toMatchObject({ id, startedAt: null, progressPercent: 0, lastLessonId: null });

      const view = await get(lessonPath(id, l2), aliceToken).expect(200);
      expect(view.body).toMatchObject({
        enrolmentId: id,
        courseId: course.id,
        index: 2,
        lessonCount: 4,
        previousLessonId: l1,
        nextLessonId: l3,
        completion: 'explicit',
        lesson: { id: l2, kind: 'text', bodyHtml: '<p>Nội dung bài học.</p>', file: null },
        progress: { completedAt: null },
      });
      const firstViewedAt = view.body.progress.firstViewedAt as string;
      t.clock.advanceMinutes(1);
      const again = await get(lessonPath(id, l2), aliceToken).expect(200);
      expect(again.body.progress.firstViewedAt).toBe(firstViewedAt);
      expect(again.body.progress.lastViewedAt > firstViewedAt).toBe(true);
      const resumed = await get(`/enrolments/${id}`, aliceToken).expect(200);
      expect(resumed.body.enrolment).toMatchObject({ lastLessonId: l2 });
      expect(resumed.body.enrolment.startedAt).not.toBeNull();
      expect(resumed.body.continueLessonId).toBe(l2);

      const done = await post(`${lessonPath(id, l2)}/completion`, aliceToken).expect(200);
      expect(done.body).toMatchObject({
        changed: true,
        progressPercent: 25,
        nextLessonId: l3,
        courseCompletedAt: null,
      });
      t.clock.advanceMinutes(1);
      const twice = await post(`${lessonPath(id, l2)}/completion`, aliceToken).expect(200);
      expect(twice.body).toMatchObject({ changed: false, completedAt: done.body.completedAt, progressPercent: 25 });
      expect((await get(`/enrolments/${id}`, aliceToken).expect(200)).body.continueLessonId).toBe(l3);

      await post(`${lessonPath(id, l1)}/completion`, aliceToken).expect(200);
      const three = await post(`${lessonPath(id, l3)}/completion`, aliceToken).expect(200);
      expect(three.body.progressPercent).toBe(75);
      const last = await post(`${lessonPath(id, l4)}/completion`, aliceToken).expect(200);
      expect(last.body).toMatchObject({ progressPercent: 100, nextLessonId: null });
      expect(last.body.courseCompletedAt).not.toBeNull();
      t.clock.advanceMinutes(1);
      const after = await post(`${lessonPath(id, l4)}/completion`, aliceToken).expect(200);
      expect(after.body.courseCompletedAt).toBe(last.body.courseCompletedAt);

      const final = await get(`/enrolments/${id}`, aliceToken).expect(200);
      expect(final.body.enrolment).toMatchObject({ progressPercent: 100, completedAt: last.body.courseCompletedAt });
      expect(
        final.body.modules.flatMap((m: { lessons: Array<{ done: boolean }> }) => m.lessons.map((l) => l.done)),
      ).toEqual([true, true, true, true]);
      expect(await eventsOf(t.db, id)).toEqual([
        'enrolled',
        'started',
        `lesson_completed:${l2}`,
        `lesson_completed:${l1}`,
        `lesson_completed:${l3}`,
        `lesson_completed:${l4}`,
        'course_completed',
      ]);
    });

    it('counts only required lessons', async () => {
      const course = await createPublishedCourse(t.db, {
        modules: [{ lessons: [{ title: 'A' }, { title: 'B', required: false }, { title: 'C' }] }],
      });
      const [a, b, c] = course.lessonIds;
      const id = await enrol(course);
      expect((await post(`${lessonPath(id, b)}/completion`, aliceToken).expect(200)).body.progressPercent).toBe(0);
      expect((await post(`${lessonPath(id, a)}/completion`, aliceToken).expect(200)).body.progressPercent).toBe(50);
      const done = await post(`${lessonPath(id, c)}/completion`, aliceToken).expect(200);
      expect(done.body.progressPercent).toBe(100);
      expect(done.body.courseCompletedAt).not.toBeNull();
    });

    it('completes a course with a final exam only once recordExamPassed is called', async () => {
      const course = await createPublishedCourse(t.db, {
        finalExam: true,
        modules: [{ lessons: [{ title: 'A' }, { title: 'B' }] }],
      });
      const id = await enrol(course);
      await post(`${lessonPath(id, course.lessonIds[0])}/completion`, aliceToken).expect(200);
      const both = await post(`${lessonPath(id, course.lessonIds[1])}/completion`, aliceToken).expect(200);
      expect(both.body).toMatchObject({ progressPercent: 66, courseCompletedAt: null });
      const completion = t.app.get(CourseCompletionService);
      const passedAt = new Date('2026-05-01T09:30:00.000Z');
      const result = await t.db.transaction((m) => completion.recordExamPassed(id, passedAt, m));
      expect(result).toEqual({ progressPercent: 100, completedAt: passedAt });
      await t.db.transaction((m) => completion.recordExamPassed(id, new Date('2026-06-01T00:00:00Z'), m));
      const enrolment = (await get(`/enrolments/${id}`, aliceToken).expect(200)).body.enrolment;
      expect(enrolment).toMatchObject({
        progressPercent: 100,
        examPassedAt: passedAt.toISOString(),
        completedAt: passedAt.toISOString(),
      });
      const events = await eventsOf(t.db, id);
      expect(events.filter((e) => e === 'exam_passed' || e === 'course_completed')).toEqual([
        'exam_passed',
        'course_completed',
      ]);
      await expect(t.db.transaction((m) => completion.recordExamPassed(randomUUID(), passedAt, m))).rejects.toThrow(
        'not found',
      );
    });

    it('counts a passed exam before the lessons are done, then completes with the last lesson', async () => {
      const course = await createPublishedCourse(t.db, { finalExam: true, modules: [{ lessons: [{}, {}] }] });
      const id = await enrol(course);
      const early = await t.db.transaction((m) =>
        t.app.get(CourseCompletionService).recordExamPassed(id, new Date(), m),
      );
      expect(early).toEqual({ progressPercent: 33, completedAt: null });
      await post(`${lessonPath(id, course.lessonIds[0])}/completion`, aliceToken).expect(200);
      const done = await post(`${lessonPath(id, course.lessonIds[1])}/completion`, aliceToken).expect(200);
      expect(done.body.progressPercent).toBe(100);
      expect(done.body.courseCompletedAt).not.toBeNull();
    });
  });

  describe('bad input and other people', () => {
    it('refuses (403) completing or opening a lesson of a course one is not enrolled in; unknown lessons 404', async () => {
      const mine = await createPublishedCourse(t.db);
      const other = await createPublishedCourse(t.db);
      const id = await enrol(mine);
      const res = await post(`${lessonPath(id, other.lessonIds[0])}/completion`, aliceToken).expect(403);
      expect(res.body.message).toContain('not part of the course version you are enrolled in');
      await get(lessonPath(id, other.lessonIds[0]), aliceToken).expect(403);
      await post(`${lessonPath(id, randomUUID())}/completion`, aliceToken).expect(404);
      await post(`${lessonPath(id, 'nope')}/completion`, aliceToken).expect(400);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM lesson_progress WHERE enrolment_id = $1`, [id]);
      expect(n).toBe(0);
    });

    it("keeps a learner on their version: another version's lessons answer 403; new learners get the new one", async () => {
      const course = await createPublishedCourse(t.db, { title: 'Phiên bản một' });
      const id = await enrol(course);
      const v2 = await publishNewVersion(t.db, course, { title: 'Phiên bản hai' });
      await get(lessonPath(id, v2.lessonIds[0]), aliceToken).expect(403);
      await post(`${lessonPath(id, v2.lessonIds[0])}/completion`, aliceToken).expect(403);
      await get(lessonPath(id, course.lessonIds[0]), aliceToken).expect(200);
      const mine = await get(`/enrolments/${id}`, aliceToken).expect(200);
      expect(mine.body.course).toMatchObject({ versionNo: 1, title: 'Phiên bản một', versionId: course.versionId });
      const page = await get(`/catalogue/${course.id}`, aliceToken).expect(200);
      expect(page.body.course.versionNo).toBe(1);
      const newcomer = await post(`/courses/${course.id}/enrolment`, bobToken).expect(201);
      expect(newcomer.body.versionId).toBe(v2.versionId);
      expect((await get(`/catalogue/${course.id}`).expect(200)).body.course.title).toBe('Phiên bản hai');
    });

    it("answers 404 to a person of another province opening someone else's enrolment", async () => {
      const course = await createPublishedCourse(t.db);
      const id = await enrol(course);
      const lesson = course.lessonIds[0];
      await get(`/enrolments/${id}`, bobToken).expect(404);
      await get(lessonPath(id, lesson), bobToken).expect(404);
      await post(`${lessonPath(id, lesson)}/completion`, bobToken).expect(404);
      await post(`${lessonPath(id, lesson)}/video-progress`, bobToken, {
        positionSeconds: 1,
        durationSeconds: 10,
      }).expect(404);
      await get(`/enrolments/${id}`, noPersonToken).expect(403);
      await get(`/enrolments/${randomUUID()}`, aliceToken).expect(404);
      expect(await eventsOf(t.db, id)).toEqual(['enrolled']);
    });
  });

  describe('my learning and profile', () => {
    it('groups every enrolment by its state: in progress, not started (assigned ones with due dates) and completed', async () => {
      const learner = await t.given.learner({ unit: commune });
      const token = await t.given.tokenFor(learner);
      const started = await createPublishedCourse(t.db, { title: 'Đang học' });
      const finished = await createPublishedCourse(t.db, { title: 'Đã xong', modules: [{ lessons: [{}] }] });
      const assigned = await createPublishedCourse(t.db, { title: 'Được giao', openEnrolment: false });
      const startedId = await enrol(started, token);
      await get(lessonPath(startedId, started.lessonIds[0]), token).expect(200);
      const finishedId = await enrol(finished, token);
      await post(`${lessonPath(finishedId, finished.lessonIds[0])}/completion`, token).expect(200);
      await t.db.query(
        `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date)
         VALUES ($1, $2, $3, 'assignment', now(), $4)`,
        [learner.person.id, assigned.id, assigned.versionId, '2020-06-30'],
      );
      const res = await get('/me/enrolments', token).expect(200);
      expect(res.body.notStarted).toEqual([
        expect.objectContaining({ title: 'Được giao', dueDate: '2020-06-30', overdue: true, source: 'assignment' }),
      ]);
      expect(res.body.inProgress).toEqual([
        expect.objectContaining({ enrolmentId: startedId, title: 'Đang học', lastLessonId: started.lessonIds[0] }),
      ]);
      // Once the assigned course is started it is in progress (with its due date), and the profile agrees.
      const assignedId = (res.body.notStarted[0] as { enrolmentId: string }).enrolmentId;
      await get(lessonPath(assignedId, assigned.lessonIds[0]), token).expect(200);
      const after = await get('/me/enrolments', token).expect(200);
      expect(after.body.notStarted).toEqual([]);
      expect(after.body.inProgress.map((i: { enrolmentId: string }) => i.enrolmentId)).toEqual([assignedId, startedId]);
      const profile = await get('/me/profile', token).expect(200);
      expect(profile.body.learning).toEqual({
        enrolled: 3,
        assigned: 1,
        overdue: 1,
        inProgress: 2,
        notStarted: 0,
        completed: 1,
      });
      expect(res.body.completed).toEqual([
        expect.objectContaining({ enrolmentId: finishedId, progressPercent: 100, overdue: false }),
      ]);
    });

    it("shows the account, the person's unit and roles, and a learning summary", async () => {
      const res = await get('/me/profile', aliceToken).expect(200);
      expect(res.body.account).toEqual({
        id: alice.id,
        login: alice.login,
        displayName: alice.displayName,
        email: alice.email ?? null,
      });
      expect(res.body.person).toMatchObject({
        fullName: 'Nguyễn Thị An',
        unit: { id: commune.id, name: 'Xã Thần Sa' },
        roles: [expect.objectContaining({ code: 'HR_OFFICIAL', nameVi: 'Cán bộ làm công tác quyền con người' })],
      });
      const mine = await get('/me/enrolments', aliceToken).expect(200);
      expect(res.body.learning).toEqual({
        enrolled: mine.body.inProgress.length + mine.body.notStarted.length + mine.body.completed.length,
        assigned: expect.any(Number),
        overdue: 1,
        inProgress: mine.body.inProgress.length,
        notStarted: mine.body.notStarted.length,
        completed: mine.body.completed.length,
      });
      const noPerson = await get('/me/profile', noPersonToken).expect(200);
      expect(noPerson.body).toMatchObject({ person: null, learning: null });
      await t.http.get('/api/v1/me/profile').expect(401);
    });
  });
});
