import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { CourseFilesService, DEFAULT_UPLOAD_LIMITS } from '@app/learning';
import { UnitResponse, UnitType } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import { unique } from '../../factories/given';
import type { WebLogin } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

const PAGE_BUDGET_BYTES = 50 * 1024;
/** The page as a browser reads it: Handlebars escapes = and & inside attributes. */
const decoded = (res: { text: string }): string =>
  res.text
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
const idFrom = (location: string, prefix: string): string =>
  new RegExp(`^${prefix}/([0-9a-f-]{36})`).exec(location)?.[1] ?? '';

describe('authoring pages: course list, course editor, lesson editor', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let sibling: UnitResponse;
  let organiser: WebLogin;
  let rival: WebLogin;
  let learner: WebLogin;

  const post = (who: WebLogin, url: string, form: Record<string, string | string[]>) =>
    who.agent
      .post(url)
      .type('form')
      .send({ _csrf: who.csrf, ...form });

  async function createCourse(who: WebLogin, form: Record<string, string | string[]> = {}): Promise<string> {
    const res = await post(who, '/authoring/courses', {
      code: unique('WEB-'),
      title: 'Truyền thông về quyền con người',
      language: 'vi',
      ...form,
    }).expect(303);
    expect(res.headers.location).toMatch(/\/authoring\/courses\/[0-9a-f-]{36}\?done=created$/);
    return idFrom(res.headers.location, '/authoring/courses');
  }
  async function addModule(courseId: string, title: string): Promise<string> {
    const res = await post(organiser, `/authoring/courses/${courseId}/modules`, { title }).expect(303);
    return /#module-([0-9a-f-]{36})$/.exec(res.headers.location)![1];
  }
  async function addLesson(moduleId: string, form: Record<string, string>): Promise<string> {
    const res = await post(organiser, `/authoring/modules/${moduleId}/lessons`, form).expect(303);
    return idFrom(res.headers.location, '/authoring/lessons');
  }
  const upload = (who: WebLogin, url: string, data: Buffer, name: string, csrf = who.csrf) =>
    who.agent.post(url).field('_csrf', csrf).attach('file', data, name);

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    commune = await t.given.unit({ parent: province, name: 'Xã Tân Hạnh' });
    sibling = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Bến Tre' });
    organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    rival = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }));
    learner = await t.given.webLogin(await t.given.learner({ unit: commune }));
  });
  afterEach(() => Object.assign(t.app.get(CourseFilesService).limits, DEFAULT_UPLOAD_LIMITS));
  afterAll(() => t.close());

  it('shows the list with search and the new-course form; only authors may open it', async () => {
    const id = await createCourse(organiser, { title: 'Công ước về Quyền của Người khuyết tật' });
    await createCourse(rival, { title: 'Khoá học Bến Tre' });
    const page = await organiser.agent.get('/authoring/courses').expect(200);
    expect(page.text).toContain('<html lang="vi">');
    expect(page.text).toContain('<h1>Soạn khoá học</h1>');
    expect(page.text).toContain(`<a href="/authoring/courses/${id}">Công ước về Quyền của Người khuyết tật</a>`);
    expect(page.text).not.toContain('Khoá học Bến Tre');
    expect(page.text).toContain(`name="_csrf" value="${organiser.csrf}"`);
    expect(page.text).toContain('<legend>Chủ đề</legend>');
    expect(page.text).toContain('value="crpd"');
    expect(page.text).toContain(`<option value="${province.id}" selected>Tỉnh Vĩnh Long (${province.code})</option>`);
    expect(page.text).toContain(`<option value="${commune.id}">— Xã Tân Hạnh (${commune.code})</option>`);
    expect(gzipSync(page.text).length).toBeLessThan(PAGE_BUDGET_BYTES);

    const found = await organiser.agent.get('/authoring/courses').query({ q: 'nguoi khuyet tat' }).expect(200);
    expect(found.text).toContain('Công ước về Quyền của Người khuyết tật</a>');
    const none = await organiser.agent.get('/authoring/courses').query({ q: 'không có', status: 'archived' });
    expect(none.status).toBe(200);
    expect(none.text).toContain('Chưa có khoá học nào.');
    await organiser.agent.get('/authoring/courses').query({ status: 'gone' }).expect(400);
    const english = await organiser.agent.get('/authoring/courses?lang=en').expect(200);
    expect(english.text).toContain('<h1>Course authoring</h1>');
    await organiser.agent.get('/?lang=vi').expect(200);

    await learner.agent.get('/authoring/courses').expect(403);
    const anonymous = await t.http.get('/authoring/courses').expect(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fauthoring%2Fcourses');
  });

  it('creates a course from the form (tags, checkboxes, owner unit); refusals come back beside the fields', async () => {
    const code = unique('FORM-');
    const id = await createCourse(organiser, {
      code,
      title: 'Quyền trẻ em',
      summary: 'Tóm tắt',
      tags: ['crc', 'international-law'],
      estimatedMinutes: '45',
      finalExam: 'true',
      ownerUnitId: commune.id,
    });
    const [row] = await t.db.query(
      `SELECT c.code, c.owner_unit_id, c.open_enrolment, v.tags, v.estimated_minutes, v.final_exam, v.title
         FROM course c JOIN course_version v ON v.id = c.draft_version_id WHERE c.id = $1`,
      [id],
    );
    expect(row).toEqual({
      code,
      owner_unit_id: commune.id,
      open_enrolment: false,
      tags: ['international-law', 'crc'],
      estimated_minutes: 45,
      final_exam: true,
      title: 'Quyền trẻ em',
    });
    const shown = await organiser.agent.get(`/authoring/courses/${id}?done=created`).expect(200);
    expect(shown.text).toContain('role="status">Đã tạo khoá học');

    const bad = await post(organiser, '/authoring/courses', {
      code: 'có dấu',
      title: '',
      estimatedMinutes: '-3',
      tags: 'bogus',
    }).expect(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('<a href="#f-code">Mã khoá học</a>');
    expect(bad.text).toMatch(/id="f-code"[^>]*value="có dấu"[^>]*aria-invalid="true"/);
    expect(bad.text).toMatch(/id="f-title"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('id="f-estimatedMinutes-error"');
    expect(bad.text).toContain('id="f-tags-error"');
    const dup = await post(organiser, '/authoring/courses', { code: code.toLowerCase(), title: 'x' }).expect(409);
    expect(dup.text).toContain('id="f-code-error"');
    const outside = await post(organiser, '/authoring/courses', {
      code: unique('X-'),
      title: 'x',
      ownerUnitId: sibling.id,
    }).expect(404);
    expect(outside.text).not.toContain(sibling.name);
    await organiser.agent
      .post('/authoring/courses')
      .type('form')
      .send({ code: unique('X-'), title: 'x' })
      .expect(403);
    await post(learner, '/authoring/courses', { code: unique('X-'), title: 'x' }).expect(403);
  });

  it('edits a course: metadata, modules (add, rename, move, delete) and lessons (add, edit, move, delete)', async () => {
    const id = await createCourse(organiser, { title: 'Khoá học mẫu' });
    const saved = await post(organiser, `/authoring/courses/${id}`, {
      code: unique('RENAMED-'),
      title: 'Khoá học mẫu (sửa)',
      language: 'en',
      openEnrolment: 'true',
      ownerUnitId: province.id,
    }).expect(303);
    expect(saved.headers.location).toBe(`/authoring/courses/${id}?done=saved`);
    const badMeta = await post(organiser, `/authoring/courses/${id}`, { title: '', language: 'vi' }).expect(400);
    expect(badMeta.text).toMatch(/id="f-title"[^>]*aria-invalid="true"/);

    const m1 = await addModule(id, 'Học phần Một');
    const m2 = await addModule(id, 'Học phần Hai');
    await post(organiser, `/authoring/modules/${m1}`, { title: 'Học phần 1' }).expect(303);
    await post(organiser, `/authoring/modules/${m2}/move`, { direction: 'up' }).expect(303);
    const l1 = await addLesson(m1, { kind: 'text', title: 'Bài mở đầu' });
    const l2 = await addLesson(m1, { kind: 'link', title: 'Văn bản pháp luật', url: 'https://vbpl.vn/' });
    await post(organiser, `/authoring/lessons/${l2}/move`, { direction: 'up' }).expect(303);

    const page = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    const text = decoded(page);
    expect(text.indexOf('2. Học phần 1')).toBeGreaterThan(text.indexOf('1. Học phần Hai'));
    expect(text.indexOf('Văn bản pháp luật</a>')).toBeLessThan(text.indexOf('Bài mở đầu</a>'));
    expect(text).toContain(`<a href="/authoring/lessons/${l1}">Bài mở đầu</a>`);
    expect(text).toContain('aria-label="Xuống: Văn bản pháp luật"');
    expect(text).toContain('<h2 id="outline">Học phần và bài học</h2>');
    expect(text).toContain(`<h3 id="module-${m1}-h">`);

    const refused = await post(organiser, `/authoring/modules/${m1}/lessons`, { kind: 'video', title: 'Phim' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#f-fileId">Tệp đã tải lên</a>');
    const badLink = await post(organiser, `/authoring/modules/${m1}/lessons`, {
      kind: 'link',
      title: 'x',
      url: 'javascript:alert(1)',
    });
    expect(badLink.status).toBe(400);

    await post(organiser, `/authoring/lessons/${l2}/delete`, {}).expect(303);
    await post(organiser, `/authoring/modules/${m2}/delete`, {}).expect(303);
    const after = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    expect(after.text).not.toContain('Văn bản pháp luật</a>');
    expect(after.text).not.toContain('Học phần Hai');
    expect(after.text).toContain('1. Học phần 1');

    await rival.agent.get(`/authoring/courses/${id}`).expect(404);
    await rival.agent.get(`/authoring/lessons/${l1}`).expect(404);
    await post(rival, `/authoring/modules/${m1}`, { title: 'x' }).expect(404);
    await post(rival, `/authoring/lessons/${l1}/delete`, {}).expect(404);
    await learner.agent.get(`/authoring/lessons/${l1}`).expect(403);
  });

  it('saves lesson HTML sanitised and shows the sanitised preview', async () => {
    const id = await createCourse(organiser);
    const m = await addModule(id, 'Học phần 1');
    const lesson = await addLesson(m, { kind: 'text', title: 'Bài 1' });
    const res = await post(organiser, `/authoring/lessons/${lesson}`, {
      kind: 'text',
      title: 'Bài 1: Khái niệm',
      bodyHtml:
        '<p onmouseover="alert(1)">Quyền con người<script>alert(2)</script></p><img src=x onerror=alert(3)><a href="javascript:alert(4)">x</a>',
      required: 'true',
      estimatedMinutes: '10',
    }).expect(303);
    expect(res.headers.location).toBe(`/authoring/lessons/${lesson}?done=saved`);
    const [row] = await t.db.query(`SELECT title, body_html, estimated_minutes, required FROM lesson WHERE id = $1`, [
      lesson,
    ]);
    expect(row).toEqual({
      title: 'Bài 1: Khái niệm',
      body_html: '<p>Quyền con người</p>x',
      estimated_minutes: 10,
      required: true,
    });
    const page = await organiser.agent.get(`/authoring/lessons/${lesson}`).expect(200);
    expect(page.text).toContain('<div class="author-preview"><p>Quyền con người</p>x</div>');
    expect(page.text).not.toMatch(/<script>alert/);
    expect(page.text).toContain('&lt;p&gt;Quyền con người&lt;/p&gt;x</textarea>');
    expect(gzipSync(page.text).length).toBeLessThan(PAGE_BUDGET_BYTES);

    const optional = await post(organiser, `/authoring/lessons/${lesson}`, { kind: 'text', title: 'Bài 1' });
    expect(optional.status).toBe(303);
    const [after] = await t.db.query(`SELECT required FROM lesson WHERE id = $1`, [lesson]);
    expect(after.required).toBe(false);
    const bad = await post(organiser, `/authoring/lessons/${lesson}`, { kind: 'link', title: 'x', url: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-url"[^>]*value="ftp:\/\/x"[^>]*aria-invalid="true"/);
  });

  it('uploads files from the course page and attaches them to lessons; refusals are shown on the page', async () => {
    const id = await createCourse(organiser);
    const m = await addModule(id, 'Học phần 1');
    const ok = await upload(organiser, `/authoring/courses/${id}/files`, sampleFiles.pdf(), 'Tài liệu.pdf').expect(303);
    expect(ok.headers.location).toBe(`/authoring/courses/${id}?done=uploaded#files`);
    const page = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    expect(page.text).toContain('Tài liệu.pdf</a>');
    expect(page.text).toContain('enctype="multipart/form-data"');

    const html = await upload(organiser, `/authoring/courses/${id}/files`, sampleFiles.html(), 'bai.pdf').expect(415);
    expect(html.text).toContain('id="f-file-error"');
    expect(html.text).toContain('Loại tệp không được chấp nhận');
    t.app.get(CourseFilesService).limits.other = 100;
    const big = await upload(organiser, `/authoring/courses/${id}/files`, sampleFiles.pdf(), 'to.pdf').expect(413);
    expect(big.text).toContain('Tệp vượt quá giới hạn');
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM course_file WHERE course_id = $1`, [id]))[0].n;
    expect(await count()).toBe(1);
    await upload(organiser, `/authoring/courses/${id}/files`, sampleFiles.text(), 'a.txt', 'forged').expect(403);
    await upload(rival, `/authoring/courses/${id}/files`, sampleFiles.text(), 'a.txt').expect(404);
    await upload(learner, `/authoring/courses/${id}/files`, sampleFiles.text(), 'a.txt').expect(403);
    expect(await count()).toBe(1);
    t.app.get(CourseFilesService).limits.other = DEFAULT_UPLOAD_LIMITS.other;

    const doc = await addLesson(m, { kind: 'link', title: 'Tài liệu đọc', url: 'https://x.vn/' });
    const attached = await upload(organiser, `/authoring/lessons/${doc}/file`, sampleFiles.pdf(), 'Đọc.pdf').expect(
      303,
    );
    expect(attached.headers.location).toBe(`/authoring/lessons/${doc}?done=uploaded`);
    const [lesson] = await t.db.query(
      `SELECT l.kind, l.url, f.original_name FROM lesson l JOIN course_file f ON f.id = l.file_id WHERE l.id = $1`,
      [doc],
    );
    expect(lesson).toEqual({ kind: 'document', url: null, original_name: 'Đọc.pdf' });
    const video = await upload(organiser, `/authoring/lessons/${doc}/file`, sampleFiles.mp4(), 'phim.mp4').expect(303);
    expect(video.headers.location).toBe(`/authoring/lessons/${doc}?done=uploaded`);
    const [asVideo] = await t.db.query(`SELECT kind FROM lesson WHERE id = $1`, [doc]);
    expect(asVideo.kind).toBe('video');
    const lessonPage = await organiser.agent.get(`/authoring/lessons/${doc}`).expect(200);
    expect(lessonPage.text).toContain('phim.mp4</a>');
    const refused = await upload(organiser, `/authoring/lessons/${doc}/file`, sampleFiles.svg(), 'a.svg').expect(415);
    expect(refused.text).toContain('id="f-file-error"');
  });

  it('publishes, then edits of the published course make version 2 while version 1 stays', async () => {
    const id = await createCourse(organiser, { title: 'Phiên bản 1', tags: ['crc', 'international-law'] });
    const m = await addModule(id, 'Học phần 1');
    const empty = await post(organiser, `/authoring/courses/${id}/publish`, {}).expect(409);
    expect(empty.text).toContain('Khoá học cần ít nhất một bài học trước khi xuất bản.');
    const lesson = await addLesson(m, { kind: 'text', title: 'Bài 1' });
    await post(organiser, `/authoring/lessons/${lesson}`, { kind: 'text', title: 'Bài 1', bodyHtml: '<p>v1</p>' });
    const published = await post(organiser, `/authoring/courses/${id}/publish`, {}).expect(303);
    expect(published.headers.location).toBe(`/authoring/courses/${id}?done=published`);
    // Saving the details unchanged (tags in another order) makes no new version.
    await post(organiser, `/authoring/courses/${id}`, {
      title: 'Phiên bản 1',
      language: 'vi',
      tags: ['international-law', 'crc'],
      ownerUnitId: province.id,
    }).expect(303);
    const [course] = await t.db.query(`SELECT draft_version_id FROM course WHERE id = $1`, [id]);
    expect(course.draft_version_id).toBeNull();
    const page = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    expect(page.text).toContain('Đang xem phiên bản đã xuất bản.');
    expect(page.text).toContain('Không có bản nháp nào để xuất bản.');
    const lessonPage = await organiser.agent.get(`/authoring/lessons/${lesson}`).expect(200);
    expect(lessonPage.text).toContain('Bài học này thuộc phiên bản đã xuất bản.');

    const edited = await post(organiser, `/authoring/lessons/${lesson}`, {
      kind: 'text',
      title: 'Bài 1',
      bodyHtml: '<p>v2</p>',
      required: 'true',
    }).expect(303);
    const copy = idFrom(edited.headers.location, '/authoring/lessons');
    expect(copy).not.toBe(lesson);
    const [v1] = await t.db.query(`SELECT body_html FROM lesson WHERE id = $1`, [lesson]);
    expect(v1.body_html).toBe('<p>v1</p>');
    const draft = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    expect(draft.text).toContain('Đang sửa bản nháp phiên bản <strong>2</strong>.');
    expect(draft.text).toMatch(/<tr><th scope="row">2<\/th><td>Bản nháp<\/td>/);
    expect(draft.text).toMatch(/<tr><th scope="row">1<\/th><td>Đang xuất bản<\/td>/);
    expect(draft.text).not.toContain('id="f-code"');

    await post(organiser, `/authoring/courses/${id}/publish`, {}).expect(303);
    const archived = await post(organiser, `/authoring/courses/${id}/archive`, {}).expect(303);
    expect(archived.headers.location).toBe(`/authoring/courses/${id}?done=archived`);
    const last = await organiser.agent.get(`/authoring/courses/${id}?done=archived`).expect(200);
    expect(last.text).toContain('Đã lưu trữ khoá học.');
    expect(last.text).toContain('Xuất bản lại');
    expect(last.text).toMatch(/<tr><th scope="row">1<\/th><td>Phiên bản cũ<\/td>/);
  });

  it('keeps a big course page under 50 KB compressed', async () => {
    const id = await createCourse(organiser, { title: 'Khoá học dài' });
    for (let mi = 1; mi <= 8; mi += 1) {
      const m = await addModule(id, `Học phần ${mi}: Quyền con người trong đời sống hằng ngày`);
      for (let li = 1; li <= 10; li += 1) {
        await addLesson(m, { kind: 'text', title: `Bài ${mi}.${li}: Nội dung và phương pháp truyền thông` });
      }
    }
    for (let i = 0; i < 10; i += 1) {
      await upload(organiser, `/authoring/courses/${id}/files`, sampleFiles.pdf(), `Tài liệu ${i}.pdf`).expect(303);
    }
    const page = await organiser.agent.get(`/authoring/courses/${id}`).expect(200);
    expect((page.text.match(/<li id="lesson-/g) ?? []).length).toBe(80);
    expect(gzipSync(page.text).length).toBeLessThan(PAGE_BUDGET_BYTES);
  });
});
