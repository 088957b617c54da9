import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { AuditService } from '@app/audit';
import { createTestApp, TestApp } from '../../setup/test-app';
import { unique } from '../../factories/given';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are untyped JSON
type Body = Record<string, any>;

describe('course authoring API: courses, versions, modules, lessons', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let sibling: UnitResponse;
  let admin: string;
  let organiser: string;
  let communeOrganiser: string;
  let rival: string;
  let agency: string;
  let learner: string;

  const api = (token: string) => ({
    get: (url: string) => t.http.get(url).auth(token, { type: 'bearer' }),
    post: (url: string, body?: object) =>
      t.http
        .post(url)
        .auth(token, { type: 'bearer' })
        .send(body ?? {}),
    patch: (url: string, body: object) => t.http.patch(url).auth(token, { type: 'bearer' }).send(body),
    delete: (url: string) => t.http.delete(url).auth(token, { type: 'bearer' }),
  });

  const newCourse = async (token: string, extra: object = {}): Promise<Body> => {
    const res = await api(token)
      .post('/api/v1/courses', { code: unique('QCN-'), title: 'Quyền con người cơ bản', ...extra })
      .expect(201);
    return res.body;
  };
  const addModule = async (token: string, courseId: string, title: string): Promise<Body> =>
    (await api(token).post(`/api/v1/courses/${courseId}/modules`, { title }).expect(201)).body;
  const addLesson = async (token: string, moduleId: string, body: object): Promise<Body> =>
    (await api(token).post(`/api/v1/modules/${moduleId}/lessons`, body).expect(201)).body;
  const outline = async (token: string, courseId: string): Promise<Body> =>
    (await api(token).get(`/api/v1/courses/${courseId}`).expect(200)).body;
  const titles = (course: Body): string[][] =>
    course.modules.map((m: Body) => [m.title, ...m.lessons.map((l: Body) => l.title)]);

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    commune = await t.given.unit({ parent: province, name: 'Xã Tân Hạnh' });
    sibling = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Trà Vinh' });
    const token = async (permission: Permission, scopeUnit?: { id: string }) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit }));
    admin = await token(Permission.Admin);
    organiser = await token(Permission.Organiser, province);
    communeOrganiser = await token(Permission.Organiser, commune);
    rival = await token(Permission.Organiser, sibling);
    agency = await token(Permission.Agency, province);
    learner = await t.given.tokenFor(await t.given.learner({ unit: commune }));
  });
  afterAll(() => t.close());

  describe('courses', () => {
    it('creates a draft course with version 1, owned by the organiser’s unit by default, and audits it', async () => {
      const code = unique('qcn.');
      const res = await api(organiser)
        .post('/api/v1/courses', {
          code,
          title: '  Truyền thông   về quyền con người '.normalize('NFD'),
          summary: 'Dành cho cán bộ cấp xã.',
          language: 'vi',
          tags: ['ICCPR', 'international-law', 'iccpr'],
          estimatedMinutes: 90,
          openEnrolment: false,
          finalExam: true,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        code,
        status: 'draft',
        ownerUnitId: province.id,
        ownerUnitName: 'Tỉnh Vĩnh Long',
        title: 'Truyền thông về quyền con người',
        summary: 'Dành cho cán bộ cấp xã.',
        language: 'vi',
        tags: ['international-law', 'iccpr'],
        estimatedMinutes: 90,
        openEnrolment: false,
        finalExam: true,
        versionNo: 1,
        draftVersionNo: 1,
        publishedVersionId: null,
        editingDraft: true,
        modules: [],
        files: [],
      });
      expect(res.body.title).toBe('Truyền thông về quyền con người'.normalize('NFC'));
      expect(res.body.draftVersionId).toBe(res.body.versionId);
      const audit = await t.app.get(AuditService).list({ action: 'course.create', entityId: res.body.id });
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toMatchObject({ ownerUnitId: province.id, versionId: res.body.versionId });
    });

    it('refuses a code already used (ignoring case) with 409, and bad codes, titles, tags with 400 naming the field', async () => {
      const code = unique('DUP-');
      await newCourse(organiser, { code });
      const dup = await api(admin).post('/api/v1/courses', { code: code.toLowerCase(), title: 'x' }).expect(409);
      expect(dup.body.details).toEqual([expect.objectContaining({ field: 'code' })]);
      for (const [body, field] of [
        [{ code: 'có dấu', title: 'x' }, 'code'],
        [{ code: 'a'.repeat(41), title: 'x' }, 'code'],
        [{ code: 'A B', title: 'x' }, 'code'],
        [{ code: unique('C'), title: '' }, 'title'],
        [{ code: unique('C'), title: 'x'.repeat(301) }, 'title'],
        [{ code: unique('C'), title: 'x', tags: ['human-rights-day'] }, 'tags'],
        [{ code: unique('C'), title: 'x', language: 'fr' }, 'language'],
        [{ code: unique('C'), title: 'x', estimatedMinutes: 0 }, 'estimatedMinutes'],
        [{ code: unique('C'), title: 'x', status: 'published' }, 'status'],
      ] as const) {
        const res = await api(organiser).post('/api/v1/courses', body).expect(400);
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    });

    it('lets organisers own courses only inside their subtree; learners and agencies may not author', async () => {
      await newCourse(organiser, { ownerUnitId: commune.id });
      await api(communeOrganiser)
        .post('/api/v1/courses', { code: unique('C'), title: 'x', ownerUnitId: province.id })
        .expect(404);
      const seesProvince = await t.given.tokenFor(
        await t.given.account({
          permission: Permission.Organiser,
          scopeUnit: commune,
          also: [{ permission: Permission.Agency, scopeUnit: province }],
        }),
      );
      await api(seesProvince)
        .post('/api/v1/courses', { code: unique('C'), title: 'x', ownerUnitId: province.id })
        .expect(403);
      await api(learner)
        .post('/api/v1/courses', { code: unique('C'), title: 'x' })
        .expect(403);
      await api(learner).get('/api/v1/courses').expect(403);
      await api(agency).get('/api/v1/courses').expect(403);
      await t.http.get('/api/v1/courses').expect(401);
    });

    it('lists the courses of the caller’s subtrees with diacritic-insensitive search and a status filter', async () => {
      const mine = await newCourse(organiser, { title: 'Công ước về Quyền Trẻ em', summary: 'Điều 1–54' });
      const other = await newCourse(rival, { title: 'Công ước về Quyền Trẻ em (Trà Vinh)' });
      const found = await api(organiser).get('/api/v1/courses').query({ q: 'cong uoc ve quyen tre em' }).expect(200);
      expect(found.body.items.map((c: Body) => c.id)).toContain(mine.id);
      expect(found.body.items.map((c: Body) => c.id)).not.toContain(other.id);
      const byCode = await api(organiser).get('/api/v1/courses').query({ q: mine.code.toLowerCase() }).expect(200);
      expect(byCode.body.items.map((c: Body) => c.id)).toEqual([mine.id]);
      const all = await api(admin).get('/api/v1/courses').query({ q: 'tre em' }).expect(200);
      expect(all.body.items.map((c: Body) => c.id)).toEqual(expect.arrayContaining([mine.id, other.id]));
      const published = await api(organiser).get('/api/v1/courses').query({ status: 'published' }).expect(200);
      expect(published.body.items.map((c: Body) => c.id)).not.toContain(mine.id);
      const wildcard = await api(organiser).get('/api/v1/courses').query({ q: '%' }).expect(200);
      expect(wildcard.body.total).toBe(0);
      await api(organiser).get('/api/v1/courses').query({ status: 'deleted' }).expect(400);
    });

    it('hides a course from organisers of another subtree (404) and validates ids', async () => {
      const course = await newCourse(organiser);
      await api(rival).get(`/api/v1/courses/${course.id}`).expect(404);
      await api(rival).patch(`/api/v1/courses/${course.id}`, { title: 'x' }).expect(404);
      await api(rival).post(`/api/v1/courses/${course.id}/publish`).expect(404);
      await api(rival).post(`/api/v1/courses/${course.id}/modules`, { title: 'x' }).expect(404);
      await api(rival).get(`/api/v1/courses/${course.id}/versions`).expect(404);
      await api(communeOrganiser).get(`/api/v1/courses/${course.id}`).expect(404);
      await api(learner).get(`/api/v1/courses/${course.id}`).expect(403);
      const bad = await api(organiser).get('/api/v1/courses/not-a-uuid').expect(400);
      expect(bad.body.details).toEqual([{ field: 'courseId', reason: 'must be a UUID' }]);
    });

    it('updates the metadata of a draft in place; the code can change until the course is published', async () => {
      const course = await newCourse(organiser);
      const code = unique('NEW-');
      const res = await api(organiser)
        .patch(`/api/v1/courses/${course.id}`, {
          code,
          title: 'Tiêu đề mới',
          tags: ['cedaw'],
          estimatedMinutes: null,
          openEnrolment: false,
        })
        .expect(200);
      expect(res.body).toMatchObject({
        code,
        title: 'Tiêu đề mới',
        tags: ['cedaw'],
        estimatedMinutes: null,
        openEnrolment: false,
        versionNo: 1,
        versionId: course.versionId,
      });
      await api(organiser).patch(`/api/v1/courses/${course.id}`, { language: 'de' }).expect(400);
      await api(organiser).patch(`/api/v1/courses/${course.id}`, { ownerUnitId: sibling.id }).expect(404);
      const moved = await api(organiser).patch(`/api/v1/courses/${course.id}`, { ownerUnitId: commune.id }).expect(200);
      expect(moved.body.ownerUnitId).toBe(commune.id);
    });
  });

  describe('modules and lessons', () => {
    it('adds, renames, moves and deletes modules; positions stay 1..n', async () => {
      const course = await newCourse(organiser);
      const a = await addModule(organiser, course.id, 'Học phần A');
      const b = await addModule(organiser, course.id, 'Học phần B');
      const c = await addModule(organiser, course.id, 'Học phần C');
      expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
      const first = await api(organiser)
        .post(`/api/v1/courses/${course.id}/modules`, { title: 'Mở đầu', position: 1 })
        .expect(201);
      expect(first.body.position).toBe(1);
      expect(titles(await outline(organiser, course.id))).toEqual([
        ['Mở đầu'],
        ['Học phần A'],
        ['Học phần B'],
        ['Học phần C'],
      ]);

      const renamed = await api(organiser).patch(`/api/v1/modules/${c.id}`, { title: 'Học phần Ba', position: 2 });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: c.id, title: 'Học phần Ba', position: 2 });
      await api(organiser).patch(`/api/v1/modules/${first.body.id}`, { position: 99 }).expect(200);
      let now = await outline(organiser, course.id);
      expect(titles(now)).toEqual([['Học phần Ba'], ['Học phần A'], ['Học phần B'], ['Mở đầu']]);
      expect(now.modules.map((m: Body) => m.position)).toEqual([1, 2, 3, 4]);

      await addLesson(organiser, b.id, { kind: 'text', title: 'Bài trong B', bodyHtml: '<p>x</p>' });
      await api(organiser).delete(`/api/v1/modules/${b.id}`).expect(204);
      now = await outline(organiser, course.id);
      expect(titles(now)).toEqual([['Học phần Ba'], ['Học phần A'], ['Mở đầu']]);
      expect(now.modules.map((m: Body) => m.position)).toEqual([1, 2, 3]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM lesson WHERE module_id = $1`, [b.id]);
      expect(n).toBe(0);

      await api(organiser).patch(`/api/v1/modules/${b.id}`, { title: 'x' }).expect(404);
      await api(organiser).patch(`/api/v1/modules/${a.id}`, { title: '' }).expect(400);
      await api(organiser).patch(`/api/v1/modules/${a.id}`, { position: 0 }).expect(400);
      await api(rival).patch(`/api/v1/modules/${a.id}`, { title: 'x' }).expect(404);
      await api(rival).delete(`/api/v1/modules/${a.id}`).expect(404);
      await api(learner).delete(`/api/v1/modules/${a.id}`).expect(403);
      const audit = await t.app.get(AuditService).list({ entityId: course.id });
      expect(audit.map((e) => e.action)).toEqual(
        expect.arrayContaining(['course.module_add', 'course.module_update', 'course.module_delete']),
      );
    });

    it('keeps text lesson HTML to a safe subset: scripts, handlers and javascript: URLs are removed', async () => {
      const course = await newCourse(organiser);
      const mod = await addModule(organiser, course.id, 'Học phần 1');
      const lesson = await addLesson(organiser, mod.id, {
        kind: 'text',
        title: 'Quyền con người là gì?',
        bodyHtml: [
          '<h1>Khái niệm</h1>',
          '<p onclick="steal()">Quyền con người là <strong>quyền tự nhiên</strong><script>alert(1)</script></p>',
          '<img src="x" onerror="alert(2)">',
          '<a href="javascript:alert(3)">bấm</a> <a href="JAVASCRIPT:alert(4)">bấm</a>',
          '<a href="https://www.ohchr.org/" target="_blank">OHCHR</a>',
          '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
          '<p style="color:red" class="x">Điều 1</p><svg onload="alert(5)"></svg>',
        ].join(''),
      });
      const stored = (await api(organiser).get(`/api/v1/lessons/${lesson.id}`).expect(200)).body.bodyHtml as string;
      expect(stored).toBe(
        '<h2>Khái niệm</h2><p>Quyền con người là <strong>quyền tự nhiên</strong></p>bấm bấm' +
          '<a href="https://www.ohchr.org/" rel="noopener noreferrer">OHCHR</a><p>Điều 1</p>',
      );
      for (const bad of ['<script', 'onclick', 'onerror', 'javascript:', 'iframe', 'style', 'onload']) {
        expect(stored.toLowerCase()).not.toContain(bad);
      }
      const patched = await api(organiser)
        .patch(`/api/v1/lessons/${lesson.id}`, { bodyHtml: '<p>Ok<img src=x onerror=alert(1)></p>' })
        .expect(200);
      expect(patched.body.bodyHtml).toBe('<p>Ok</p>');
      const [row] = await t.db.query(`SELECT body_html FROM lesson WHERE id = $1`, [lesson.id]);
      expect(row.body_html).toBe('<p>Ok</p>');
    });

    it('checks each kind: video and document need a file or an http(s) URL, a link needs a URL', async () => {
      const course = await newCourse(organiser);
      const mod = await addModule(organiser, course.id, 'Học phần 1');
      const video = await addLesson(organiser, mod.id, {
        kind: 'video',
        title: 'Phim tư liệu',
        url: 'https://Video.Example.vn/phim.mp4',
        required: false,
        estimatedMinutes: 12,
      });
      expect(video).toMatchObject({
        kind: 'video',
        url: 'https://video.example.vn/phim.mp4',
        fileId: null,
        required: false,
        estimatedMinutes: 12,
        position: 1,
        moduleId: mod.id,
      });
      const link = await addLesson(organiser, mod.id, { kind: 'link', title: 'Cổng thông tin', url: 'http://x.vn' });
      expect(link).toMatchObject({ url: 'http://x.vn/', position: 2 });
      const text = await addLesson(organiser, mod.id, { kind: 'text', title: 'Văn bản', url: 'https://x.vn' });
      expect(text).toMatchObject({ url: null, bodyHtml: '' });

      const refused: Array<[object, string]> = [
        [{ kind: 'link', title: 'x', url: 'javascript:alert(1)' }, 'url'],
        [{ kind: 'link', title: 'x', url: 'ftp://x.vn/a' }, 'url'],
        [{ kind: 'link', title: 'x', url: 'data:text/html,<script>1</script>' }, 'url'],
        [{ kind: 'link', title: 'x', url: 'https://user:pw@x.vn/' }, 'url'],
        [{ kind: 'link', title: 'x', url: 'not a url' }, 'url'],
        [{ kind: 'link', title: 'x' }, 'url'],
        [{ kind: 'video', title: 'x' }, 'fileId'],
        [{ kind: 'document', title: 'x' }, 'fileId'],
        [{ kind: 'video', title: 'x', url: 'https://x.vn/a.mp4', fileId: course.id }, 'url'],
        [{ kind: 'document', title: 'x', fileId: course.id }, 'fileId'],
        [{ kind: 'quiz', title: 'x' }, 'kind'],
        [{ kind: 'text', title: '' }, 'title'],
        [{ kind: 'text', title: 'x', required: 'yes' }, 'required'],
      ];
      for (const [body, field] of refused) {
        const res = await api(organiser).post(`/api/v1/modules/${mod.id}/lessons`, body);
        expect([res.status, body]).toEqual([400, body]);
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      const toLink = await api(organiser)
        .patch(`/api/v1/lessons/${video.id}`, { kind: 'link', url: 'https://thuvienphapluat.vn/' })
        .expect(200);
      expect(toLink.body).toMatchObject({ kind: 'link', url: 'https://thuvienphapluat.vn/' });
      await api(organiser).patch(`/api/v1/lessons/${video.id}`, { url: null }).expect(400);
      await api(organiser).patch(`/api/v1/lessons/${video.id}`, { url: 'vbscript:x' }).expect(400);
    });

    it('reorders lessons, moves one to another module, deletes one; positions stay 1..n', async () => {
      const course = await newCourse(organiser);
      const m1 = await addModule(organiser, course.id, 'M1');
      const m2 = await addModule(organiser, course.id, 'M2');
      const l1 = await addLesson(organiser, m1.id, { kind: 'text', title: 'L1' });
      const l2 = await addLesson(organiser, m1.id, { kind: 'text', title: 'L2' });
      const l3 = await addLesson(organiser, m1.id, { kind: 'text', title: 'L3' });
      await addLesson(organiser, m2.id, { kind: 'text', title: 'L4' });
      const first = await addLesson(organiser, m2.id, { kind: 'text', title: 'L0', position: 1 });
      expect(first.position).toBe(1);

      await api(organiser).patch(`/api/v1/lessons/${l3.id}`, { position: 1 }).expect(200);
      expect(titles(await outline(organiser, course.id))).toEqual([
        ['M1', 'L3', 'L1', 'L2'],
        ['M2', 'L0', 'L4'],
      ]);
      const moved = await api(organiser)
        .patch(`/api/v1/lessons/${l1.id}`, { moduleId: m2.id, position: 2 })
        .expect(200);
      expect(moved.body).toMatchObject({ moduleId: m2.id, position: 2 });
      await api(organiser).delete(`/api/v1/lessons/${l2.id}`).expect(204);
      const now = await outline(organiser, course.id);
      expect(titles(now)).toEqual([
        ['M1', 'L3'],
        ['M2', 'L0', 'L1', 'L4'],
      ]);
      expect(now.modules[1].lessons.map((l: Body) => l.position)).toEqual([1, 2, 3]);

      const other = await newCourse(organiser);
      const foreign = await addModule(organiser, other.id, 'Khác');
      const res = await api(organiser).patch(`/api/v1/lessons/${l1.id}`, { moduleId: foreign.id }).expect(404);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'moduleId' })]);
      await api(organiser).delete(`/api/v1/lessons/${l2.id}`).expect(404);
      await api(rival).patch(`/api/v1/lessons/${l1.id}`, { title: 'x' }).expect(404);
      await api(rival).get(`/api/v1/lessons/${l1.id}`).expect(404);
      await api(learner).patch(`/api/v1/lessons/${l1.id}`, { title: 'x' }).expect(403);
      await api(rival).post(`/api/v1/modules/${m1.id}/lessons`, { kind: 'text', title: 'x' }).expect(404);
    });
  });

  describe('publishing and versions', () => {
    it('refuses to publish a course without lessons (409), then publishes version 1', async () => {
      const course = await newCourse(organiser);
      await addModule(organiser, course.id, 'Trống');
      const empty = await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(409);
      expect(empty.body.details).toEqual([expect.objectContaining({ field: 'lessons' })]);

      const mod = course.modules[0] ?? (await outline(organiser, course.id)).modules[0];
      await addLesson(organiser, mod.id, { kind: 'text', title: 'Bài 1', bodyHtml: '<p>1</p>' });
      const res = await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(200);
      expect(res.body).toMatchObject({
        status: 'published',
        publishedVersionId: course.versionId,
        publishedVersionNo: 1,
        draftVersionId: null,
        versionId: course.versionId,
        editingDraft: false,
      });
      expect(res.body.publishedAt).toBeTruthy();
      const again = await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(409);
      expect(again.body.details).toEqual([expect.objectContaining({ field: 'draftVersionId' })]);
      const [v] = await t.db.query(`SELECT published_at, published_by FROM course_version WHERE id = $1`, [
        course.versionId,
      ]);
      expect(v.published_at).not.toBeNull();
      expect(v.published_by).not.toBeNull();
    });

    it('edits of a published course go to version 2; version 1 and its learners stay as they were', async () => {
      const course = await newCourse(organiser, { title: 'Phiên bản một', tags: ['crc'] });
      const m1 = await addModule(organiser, course.id, 'Học phần 1');
      const m2 = await addModule(organiser, course.id, 'Học phần 2');
      const l1 = await addLesson(organiser, m1.id, { kind: 'text', title: 'Bài 1', bodyHtml: '<p>Bản gốc</p>' });
      const l2 = await addLesson(organiser, m1.id, { kind: 'link', title: 'Bài 2', url: 'https://a.vn/' });
      const l3 = await addLesson(organiser, m2.id, { kind: 'text', title: 'Bài 3' });
      await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(200);
      const v1 = course.versionId;

      // A learner enrolled on version 1.
      const person = await t.given.person({ unit: commune });
      await t.db.query(
        `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at) VALUES ($1, $2, $3, 'self', now())`,
        [person.id, course.id, v1],
      );
      const snapshot = async (versionId: string) =>
        t.db.query(
          `SELECT v.title, v.tags, m.title AS module, m.position AS mp, l.id, l.title AS lesson, l.position AS lp, l.body_html, l.url
             FROM course_version v JOIN course_module m ON m.version_id = v.id LEFT JOIN lesson l ON l.module_id = m.id
            WHERE v.id = $1 ORDER BY m.position, l.position`,
          [versionId],
        );
      const before = await snapshot(v1);

      // Same values change nothing (no draft).
      const same = await api(organiser)
        .patch(`/api/v1/courses/${course.id}`, { title: 'Phiên bản một', tags: ['crc'] })
        .expect(200);
      expect(same.body.draftVersionId).toBeNull();

      const edited = await api(organiser)
        .patch(`/api/v1/courses/${course.id}`, { title: 'Phiên bản hai', openEnrolment: false })
        .expect(200);
      expect(edited.body).toMatchObject({
        status: 'published',
        title: 'Phiên bản hai',
        versionNo: 2,
        draftVersionNo: 2,
        publishedVersionId: v1,
        publishedVersionNo: 1,
        editingDraft: true,
        openEnrolment: false,
      });
      const v2 = edited.body.draftVersionId as string;
      expect(v2).not.toBe(v1);
      expect(titles(edited.body)).toEqual([
        ['Học phần 1', 'Bài 1', 'Bài 2'],
        ['Học phần 2', 'Bài 3'],
      ]);
      const copyIds = edited.body.modules.flatMap((m: Body) => [m.id, ...m.lessons.map((l: Body) => l.id)]);
      expect(copyIds).not.toEqual(expect.arrayContaining([m1.id, m2.id, l1.id, l2.id, l3.id].slice(0, 1)));
      for (const id of [m1.id, m2.id, l1.id, l2.id, l3.id]) expect(copyIds).not.toContain(id);

      // Editing a lesson of version 1 by its id edits its copy in the draft and answers with the copy's id.
      const lessonEdit = await api(organiser)
        .patch(`/api/v1/lessons/${l1.id}`, { bodyHtml: '<p>Bản sửa</p>' })
        .expect(200);
      expect(lessonEdit.body).toMatchObject({ versionId: v2, bodyHtml: '<p>Bản sửa</p>', title: 'Bài 1' });
      expect(lessonEdit.body.id).not.toBe(l1.id);
      expect(lessonEdit.body.id).toBe(edited.body.modules[0].lessons[0].id);
      // Even after the draft was reordered, a version-1 id finds its own copy.
      await api(organiser).patch(`/api/v1/modules/${m2.id}`, { position: 1 }).expect(200);
      const moduleEdit = await api(organiser).patch(`/api/v1/modules/${m1.id}`, { title: 'Học phần Một' }).expect(200);
      expect(moduleEdit.body).toMatchObject({ versionId: v2, title: 'Học phần Một', position: 2 });
      const added = await addLesson(organiser, m2.id, { kind: 'text', title: 'Bài 4' });
      expect(added.versionId).toBe(v2);
      await api(organiser).delete(`/api/v1/lessons/${l2.id}`).expect(204);
      const gone = await api(organiser).patch(`/api/v1/lessons/${l2.id}`, { title: 'x' }).expect(409);
      expect(gone.body.details).toEqual([expect.objectContaining({ field: 'lessonId' })]);

      expect(await snapshot(v1)).toEqual(before);
      const [enrolment] = await t.db.query(`SELECT version_id FROM enrolment WHERE person_id = $1`, [person.id]);
      expect(enrolment.version_id).toBe(v1);

      const versions = await api(organiser).get(`/api/v1/courses/${course.id}/versions`).expect(200);
      expect(versions.body).toMatchObject([
        { id: v2, versionNo: 2, state: 'draft', title: 'Phiên bản hai', publishedAt: null, lessonCount: 3 },
        { id: v1, versionNo: 1, state: 'published', title: 'Phiên bản một', lessonCount: 3, enrolmentCount: 1 },
      ]);

      const published = await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(200);
      expect(published.body).toMatchObject({ publishedVersionId: v2, publishedVersionNo: 2, draftVersionId: null });
      expect(titles(published.body)).toEqual([
        ['Học phần 2', 'Bài 3', 'Bài 4'],
        ['Học phần Một', 'Bài 1'],
      ]);
      const after = await api(organiser).get(`/api/v1/courses/${course.id}/versions`).expect(200);
      expect(after.body.map((v: Body) => v.state)).toEqual(['published', 'superseded']);
      // A version-1 id can no longer change anything.
      const old = await api(organiser).patch(`/api/v1/lessons/${l1.id}`, { title: 'x' }).expect(409);
      expect(old.body.message).toContain('version 1');
      expect(await snapshot(v1)).toEqual(before);

      // The next edit makes version 3 from version 2.
      const v3 = await api(organiser).patch(`/api/v1/lessons/${lessonEdit.body.id}`, { title: 'Bài 1 (v3)' });
      expect(v3.status).toBe(200);
      const course3 = await outline(organiser, course.id);
      expect(course3).toMatchObject({ versionNo: 3, publishedVersionNo: 2 });
      const actions = (await t.app.get(AuditService).list({ entityId: course.id })).map((e) => e.action);
      expect(actions.filter((a) => a === 'course.draft')).toHaveLength(2);
      expect(actions.filter((a) => a === 'course.publish')).toHaveLength(2);
    });

    it('archives (no new enrolments) and publishes an archived course again', async () => {
      const course = await newCourse(organiser);
      const mod = await addModule(organiser, course.id, 'M');
      await addLesson(organiser, mod.id, { kind: 'text', title: 'L' });
      await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(200);
      const archived = await api(organiser).post(`/api/v1/courses/${course.id}/archive`).expect(200);
      expect(archived.body).toMatchObject({ status: 'archived', publishedVersionId: course.versionId });
      await api(organiser).post(`/api/v1/courses/${course.id}/archive`).expect(200);
      await api(rival).post(`/api/v1/courses/${course.id}/archive`).expect(404);
      await api(learner).post(`/api/v1/courses/${course.id}/archive`).expect(403);
      const back = await api(organiser).post(`/api/v1/courses/${course.id}/publish`).expect(200);
      expect(back.body).toMatchObject({ status: 'published', publishedVersionId: course.versionId });
      const actions = (await t.app.get(AuditService).list({ entityId: course.id })).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['course.archive', 'course.unarchive']));
      expect(actions.filter((a) => a === 'course.archive')).toHaveLength(1);
    });
  });
});
