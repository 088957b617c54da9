import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { WebLogin } from '../../factories/identity';
import { addUploadedVideoLesson } from '../../factories/learner';
import { createTestApp, TestApp } from '../../setup/test-app';

const PAGE_BUDGET_BYTES = 50 * 1024;
/** The page as a browser reads it: Handlebars escapes = and & inside attributes. */
const decoded = (res: { text: string }): string => res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('learner pages: catalogue, course, lesson, my learning, profile', () => {
  let t: TestApp;
  let learner: WebLogin;
  let rights: GivenCourse;
  let other: GivenCourse;
  let video: { lessonId: string; fileId: string };

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province, name: 'Xã Mẫu Sơn' });
    learner = await t.given.webLogin(
      await t.given.learner({ unit: commune, roles: ['PROPAGANDIST'], fullName: 'Hoàng Văn Bình' }),
    );
    rights = await createPublishedCourse(t.db, {
      title: 'Quyền con người và truyền thông',
      summary: 'Kiến thức cơ bản về quyền con người cho cán bộ cơ sở.',
      tags: ['iccpr'],
      modules: [
        {
          title: 'Khái niệm',
          lessons: [{ title: 'Quyền con người là gì', bodyHtml: '<p>Quyền <strong>con người</strong>.</p>' }],
        },
        {
          title: 'Tài liệu',
          lessons: [
            { kind: 'link', title: 'Trang tham khảo', url: 'https://example.org/quyen' },
            { kind: 'document', title: 'Công ước', url: 'https://example.org/cong-uoc.pdf' },
          ],
        },
      ],
    });
    video = await addUploadedVideoLesson(t.db, rights, { title: 'Bài giảng video' });
    other = await createPublishedCourse(t.db, { title: 'Kỹ năng phản bác thông tin sai lệch' });
  });
  afterAll(() => t.close());

  it('shows the catalogue to anyone, with diacritic-free search and a tag filter', async () => {
    const all = await t.http.get('/courses').expect(200);
    expect(all.text).toContain('<h1>Khoá học</h1>');
    expect(all.text).toContain('<label for="q">');
    expect(all.text).toContain(`<a href="/courses/${rights.id}">Quyền con người và truyền thông</a>`);
    expect(all.text).toContain(`<a href="/courses/${other.id}">`);
    expect(all.text).toContain('<option value="iccpr">Công ước về các quyền dân sự và chính trị (ICCPR)</option>');
    const found = await t.http.get('/courses').query({ q: 'quyen con nguoi' }).expect(200);
    expect(found.text).toContain('Quyền con người và truyền thông');
    expect(found.text).not.toContain('Kỹ năng phản bác');
    expect(found.text).toContain('value="quyen con nguoi"');
    const tagged = await t.http.get('/courses').query({ tag: 'iccpr' }).expect(200);
    expect(tagged.text).not.toContain('Kỹ năng phản bác');
    expect(tagged.text).toContain('<option value="iccpr" selected>');
    await t.http.get('/courses').query({ page: 0 }).set('Accept', 'text/html').expect(400);
    // Cards name topics shortly, at most three and "+N" (issue 18 item 7).
    const many = await createPublishedCourse(t.db, {
      title: 'Khoá nhiều chủ đề',
      tags: ['policy-and-law', 'cedaw', 'crc', 'cat', 'crpd'],
    });
    const cards = await t.http.get('/courses').query({ q: 'nhieu chu de' }).expect(200);
    expect(cards.text).toContain(`<a href="/courses/${many.id}">Khoá nhiều chủ đề</a>`);
    expect(cards.text).toContain('Chính sách, pháp luật, CEDAW, CRC +2 chủ đề khác');
    const card = /<li class="learn-card"[^]*?<\/li>/.exec(cards.text)![0];
    expect(card).not.toContain('Chủ trương của Đảng');
  });

  it('shows a course page to a visitor with a log-in link, and sends them to log in for a lesson', async () => {
    const page = await t.http.get(`/courses/${rights.id}`).expect(200);
    expect(page.text).toContain('<h1>Quyền con người và truyền thông</h1>');
    expect(page.text).toContain('Khái niệm');
    expect(page.text).toContain('Quyền con người là gì');
    expect(decoded(page)).toContain(`href="/login?next=%2Fcourses%2F${rights.id}"`);
    expect(page.text).not.toContain('/enrolment"');
    const lesson = await t.http.get(`/courses/${rights.id}/lessons/${rights.lessonIds[0]}`).expect(303);
    expect(lesson.headers.location).toBe(
      `/login?next=${encodeURIComponent(`/courses/${rights.id}/lessons/${rights.lessonIds[0]}`)}`,
    );
    await t.http.get(`/courses/${rights.id}/enrolment`).expect(303).expect('Location', `/courses/${rights.id}`);
  });

  it('enrols through the form (CSRF checked), then walks lessons with done marks and previous/next', async () => {
    const page = await learner.agent.get(`/courses/${rights.id}`).expect(200);
    expect(page.text).toContain(`<form method="post" action="/courses/${rights.id}/enrolment">`);
    expect(page.text).toContain(`name="_csrf" value="${learner.csrf}"`);
    await learner.agent.post(`/courses/${rights.id}/enrolment`).type('form').send({}).expect(403);
    await learner.agent.get(`/courses/${rights.id}/lessons/${rights.lessonIds[0]}`).expect(403);
    const enrolled = await learner.agent
      .post(`/courses/${rights.id}/enrolment`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(303);
    expect(enrolled.headers.location).toBe(`/courses/${rights.id}`);

    const [first, link, doc] = rights.lessonIds;
    const course = await learner.agent.get(`/courses/${rights.id}`).expect(200);
    expect(course.text).toContain(`<a class="button" href="/courses/${rights.id}/lessons/${first}">Bắt đầu học</a>`);
    expect(course.text).toContain('value="0"');

    const lesson = await learner.agent.get(`/courses/${rights.id}/lessons/${first}`).expect(200);
    expect(lesson.text).toContain('<h1>Quyền con người là gì</h1>');
    expect(lesson.text).toContain('<p>Quyền <strong>con người</strong>.</p>');
    expect(lesson.text).toContain('Bài 1/4');
    expect(lesson.text).toContain(`<a href="/courses/${rights.id}/lessons/${link}" rel="next">`);
    expect(lesson.text).not.toContain('rel="prev"');
    expect(lesson.text).toContain(`action="/courses/${rights.id}/lessons/${first}/completion"`);
    expect(lesson.text).toContain('Đánh dấu đã xong');
    expect(lesson.text).not.toContain('<script');

    await learner.agent.post(`/courses/${rights.id}/lessons/${first}/completion`).type('form').send({}).expect(403);
    const done = await learner.agent
      .post(`/courses/${rights.id}/lessons/${first}/completion`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(303);
    expect(done.headers.location).toBe(`/courses/${rights.id}/lessons/${link}`);
    const again = await learner.agent.get(`/courses/${rights.id}/lessons/${first}`).expect(200);
    expect(again.text).toContain('Bạn đã hoàn thành bài này lúc');
    expect(again.text).not.toContain('Đánh dấu đã xong');

    const linkPage = await learner.agent.get(`/courses/${rights.id}/lessons/${link}`).expect(200);
    expect(linkPage.text).toContain('href="https://example.org/quyen" rel="noopener noreferrer"');
    expect(linkPage.text).toContain(`<a href="/courses/${rights.id}/lessons/${first}" rel="prev">`);
    const docPage = await learner.agent.get(`/courses/${rights.id}/lessons/${doc}`).expect(200);
    expect(docPage.text).toContain('Mở tài liệu');

    const resumed = await learner.agent.get(`/courses/${rights.id}`).expect(200);
    expect(resumed.text).toContain(`href="/courses/${rights.id}/lessons/${doc}">Học tiếp</a>`);
    expect(resumed.text).toMatch(
      /Quyền con người là gì<\/a>\s*<span class="muted">[^<]*<\/span>\s*<span class="learn-done">/,
    );
    expect(resumed.text).toContain('<strong>25%</strong>');
  });

  it('plays an uploaded video with the progress script, which reports with the CSRF header', async () => {
    const page = await learner.agent.get(`/courses/${rights.id}/lessons/${video.lessonId}`).expect(200);
    expect(page.text).toContain(`<video controls preload="metadata" src="/files/${video.fileId}"`);
    expect(page.text).toContain(`data-csrf="${learner.csrf}"`);
    expect(page.text).toContain('<script src="/static/video-progress.js" defer></script>');
    expect(page.text).toContain('ít nhất 90%');
    const script = await t.http.get('/static/video-progress.js').expect(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.text).toContain('X-CSRF-Token');

    const url = `/courses/${rights.id}/lessons/${video.lessonId}/video-progress`;
    await learner.agent.post(url).send({ positionSeconds: 0, durationSeconds: 120 }).expect(403);
    const ok = await learner.agent
      .post(url)
      .set('X-CSRF-Token', learner.csrf)
      .set('Accept', 'application/json')
      .send({ positionSeconds: 0, durationSeconds: 120 })
      .expect(200);
    expect(ok.body).toMatchObject({ durationSeconds: 120, completed: false });
    await learner.agent
      .post(url)
      .set('X-CSRF-Token', learner.csrf)
      .send({ positionSeconds: 120, durationSeconds: 120 })
      .expect(200);

    const refused = await learner.agent
      .post(`/courses/${rights.id}/lessons/${video.lessonId}/completion`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(409);
    expect(refused.text).toContain('role="alert"');
    expect(refused.text).toContain('90%');
    expect(refused.text).toContain('<h1>Bài giảng video</h1>');
  });

  it('shows "my learning" and the profile; an account without a person is told so', async () => {
    const my = await learner.agent.get('/my').expect(200);
    expect(my.text).toContain('<h1>Việc học của tôi</h1>');
    expect(my.text).toContain(`<a href="/courses/${rights.id}">Quyền con người và truyền thông</a>`);
    // One definition of "in progress" (issue 18 item 6): the started course is under "Đang học", the profile counts it.
    expect(my.text).toMatch(/<h2 id="in-progress">[^]*Quyền con người và truyền thông[^]*<h2 id="not-started">/);
    const profile = await learner.agent.get('/profile').expect(200);
    expect(profile.text).toMatch(/<th scope="row">Đang học<\/th><td>1<\/td>/);
    expect(profile.text).toContain('Hoàng Văn Bình');
    expect(profile.text).toContain('Xã Mẫu Sơn');
    expect(profile.text).toContain('Tuyên truyền viên');
    const stranger = await t.given.webLogin(await t.given.account({ permission: Permission.Learner }));
    const strangerMy = await stranger.agent.get('/my').expect(403);
    expect(strangerMy.text).toContain('not linked to the roster');
    const strangerProfile = await stranger.agent.get('/profile').expect(200);
    expect(strangerProfile.text).toContain('chưa được gắn với danh sách cán bộ');
    const strangerCourse = await stranger.agent.get(`/courses/${rights.id}`).expect(200);
    expect(strangerCourse.text).toContain('chưa được gắn với danh sách cán bộ');
    await t.http.get('/my').expect(303);
  });

  it('completes the course through the pages and lands on the course page', async () => {
    const course = await createPublishedCourse(t.db, {
      title: 'Khoá ngắn',
      modules: [{ lessons: [{ title: 'Một' }] }],
    });
    await learner.agent.post(`/courses/${course.id}/enrolment`).type('form').send({ _csrf: learner.csrf }).expect(303);
    const done = await learner.agent
      .post(`/courses/${course.id}/lessons/${course.lessonIds[0]}/completion`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(303);
    expect(done.headers.location).toBe(`/courses/${course.id}`);
    const page = await learner.agent.get(`/courses/${course.id}`).expect(200);
    expect(page.text).toContain('Bạn đã hoàn thành khoá học này ngày');
    expect(page.text).toContain('Xem lại bài học');
    const my = await learner.agent.get('/my').expect(200);
    expect(my.text).toMatch(/<h2 id="completed">[\s\S]*Khoá ngắn/);
  });

  it('keeps every learner page under 50 KB compressed, in both languages, with no inline script', async () => {
    const paths = [
      '/courses',
      `/courses/${rights.id}`,
      `/courses/${rights.id}/lessons/${rights.lessonIds[0]}`,
      `/courses/${rights.id}/lessons/${video.lessonId}`,
      '/my',
      '/profile',
      '/courses?lang=en',
      `/courses/${rights.id}?lang=en`,
      '/my?lang=en',
    ];
    for (const path of paths) {
      const res = await learner.agent.get(path).buffer(true).expect(200);
      const size = gzipSync(Buffer.from(res.text)).length;
      expect({ path, within: size <= PAGE_BUDGET_BYTES }).toEqual({ path, within: true });
      expect(res.text).toMatch(/<html lang="(vi|en)">/);
      expect(res.text.match(/<h1>/g)).toHaveLength(1);
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    }
    await learner.agent.get('/?lang=vi').expect(200);
    const english = await learner.agent.get('/courses?lang=en').expect(200);
    expect(english.text).toContain('<h1>Courses</h1>');
    await learner.agent.get('/?lang=vi').expect(200);
  });
});
