import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Response } from 'superagent';
import { AuditService } from '@app/audit';
import { Permission } from '@app/common';
import { CourseFilesService, DEFAULT_UPLOAD_LIMITS } from '@app/learning';
import { UnitResponse } from '@app/org';
import { StorageService } from '@app/storage';
import { sampleFiles } from '../../factories/authoring';
import { unique } from '../../factories/given';
import type { WebLogin } from '../../factories/identity';
import type { GivenLearner } from '../../factories/roster';
import { createTestApp, TestApp } from '../../setup/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are untyped JSON
type Body = Record<string, any>;

/** Every file under dir, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** supertest buffers binary bodies only when asked. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('course files: uploads (sniffed, limited) and downloads (ranges, safe headers)', () => {
  let t: TestApp;
  let province: UnitResponse;
  let sibling: UnitResponse;
  let organiser: string;
  let rival: string;
  let learnerAccount: GivenLearner;
  let learner: string;
  let course: Body;
  let moduleId: string;

  const upload = (token: string, courseId: string, data: Buffer, name: string) =>
    t.http.post(`/api/v1/courses/${courseId}/files`).auth(token, { type: 'bearer' }).attach('file', data, name);
  const fileRows = async (courseId: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM course_file WHERE course_id = $1`, [courseId]))[0].n;
  const stored = (courseId: string) => filesUnder(join(t.config.storageDir, 'objects', 'courses', courseId));

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    sibling = await t.given.unit();
    organiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    rival = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }));
    learnerAccount = await t.given.learner({ unit: province });
    learner = await t.given.tokenFor(learnerAccount);
    course = (
      await t.http
        .post('/api/v1/courses')
        .auth(organiser, { type: 'bearer' })
        .send({ code: unique('F-'), title: 'Tài liệu' })
        .expect(201)
    ).body;
    moduleId = (
      await t.http
        .post(`/api/v1/courses/${course.id}/modules`)
        .auth(organiser, { type: 'bearer' })
        .send({ title: 'Học phần 1' })
        .expect(201)
    ).body.id;
  });
  afterEach(() => Object.assign(t.app.get(CourseFilesService).limits, DEFAULT_UPLOAD_LIMITS));
  afterAll(() => t.close());

  it('stores a PDF under courses/<courseId>/<fileId> with its sniffed type, size and hash, and audits it', async () => {
    const pdf = sampleFiles.pdf();
    const res = await upload(organiser, course.id, pdf, 'Bài giảng 1.html').expect(201);
    expect(res.body).toMatchObject({
      courseId: course.id,
      originalName: 'Bài giảng 1.html',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      href: `/files/${res.body.id}`,
    });
    const [row] = await t.db.query(`SELECT storage_key, uploaded_by FROM course_file WHERE id = $1`, [res.body.id]);
    expect(row.storage_key).toBe(`courses/${course.id}/${res.body.id}`);
    expect(row.uploaded_by).not.toBeNull();
    expect(await t.app.get(StorageService).stat(row.storage_key)).toMatchObject({ size: pdf.length });
    const audit = await t.app.get(AuditService).list({ action: 'course.file_upload', entityId: course.id });
    expect(audit[0].details).toMatchObject({ fileId: res.body.id, contentType: 'application/pdf' });
    const detail = await t.http.get(`/api/v1/courses/${course.id}`).auth(organiser, { type: 'bearer' }).expect(200);
    expect(detail.body.files.map((f: Body) => f.id)).toContain(res.body.id);
  });

  it.each([
    ['HTML', sampleFiles.html(), 'notes.pdf', 'text/html'],
    ['SVG', sampleFiles.svg(), 'logo.png', 'image/svg+xml'],
    ['an executable', sampleFiles.exe(), 'setup.pdf', null],
    ['a zip', Buffer.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), 'archive.zip', 'application/zip'],
  ])('refuses %s with 415 whatever its name, storing nothing', async (_label, data, name, detected) => {
    const before = await fileRows(course.id);
    const storedBefore = await stored(course.id);
    const res = await upload(organiser, course.id, data, name).expect(415);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'file', detected })]);
    expect(await fileRows(course.id)).toBe(before);
    expect(await stored(course.id)).toEqual(storedBefore);
  });

  it('refuses a file over the limit for its kind with 413, storing nothing (video and audio have their own limit)', async () => {
    const files = t.app.get(CourseFilesService);
    files.limits.other = 1000;
    files.limits.media = 300_000;
    const before = await fileRows(course.id);
    const storedBefore = await stored(course.id);
    const big = Buffer.concat([sampleFiles.pdf(), Buffer.alloc(2000, 0x20)]);
    const res = await upload(organiser, course.id, big, 'big.pdf').expect(413);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'file', limit: 1000 })]);
    const video = await upload(organiser, course.id, sampleFiles.mp4(1_000_000), 'phim.mp4').expect(413);
    expect(video.body.details).toEqual([expect.objectContaining({ limit: 300_000 })]);
    expect(await fileRows(course.id)).toBe(before);
    expect(await stored(course.id)).toEqual(storedBefore);
    expect(await filesUnder(join(t.config.storageDir, 'tmp'))).toEqual([]);
    // Within the media limit, a video is fine though it is over the limit for documents.
    await upload(organiser, course.id, sampleFiles.mp4(200_000), 'phim.mp4').expect(201);
  });

  it('refuses an empty file, a request without a file or with it in another field, and uploads by non-authors', async () => {
    const empty = await upload(organiser, course.id, Buffer.alloc(0), 'empty.txt').expect(400);
    expect(empty.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
    const none = await t.http
      .post(`/api/v1/courses/${course.id}/files`)
      .auth(organiser, { type: 'bearer' })
      .field('x', '1')
      .expect(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
    await t.http
      .post(`/api/v1/courses/${course.id}/files`)
      .auth(organiser, { type: 'bearer' })
      .send({ file: 'not multipart' })
      .expect(400);
    await t.http
      .post(`/api/v1/courses/${course.id}/files`)
      .auth(organiser, { type: 'bearer' })
      .attach('document', sampleFiles.pdf(), 'a.pdf')
      .expect(400);
    const before = await fileRows(course.id);
    await upload(rival, course.id, sampleFiles.pdf(), 'a.pdf').expect(404);
    await upload(learner, course.id, sampleFiles.pdf(), 'a.pdf').expect(403);
    await t.http.post(`/api/v1/courses/${course.id}/files`).attach('file', sampleFiles.pdf(), 'a.pdf').expect(401);
    expect(await fileRows(course.id)).toBe(before);
    // The connection still works after refused uploads (the bodies were drained).
    await upload(organiser, course.id, sampleFiles.text(), 'ghi-chu.txt').expect(201);
  });

  it('attaches files to lessons: a video lesson needs video or audio; a file of another course is refused', async () => {
    const video = (await upload(organiser, course.id, sampleFiles.mp4(), 'phim.mp4').expect(201)).body;
    const pdf = (await upload(organiser, course.id, sampleFiles.pdf(), 'a.pdf').expect(201)).body;
    const lesson = await t.http
      .post(`/api/v1/modules/${moduleId}/lessons`)
      .auth(organiser, { type: 'bearer' })
      .send({ kind: 'video', title: 'Phim', fileId: video.id })
      .expect(201);
    expect(lesson.body).toMatchObject({ fileId: video.id, file: { id: video.id, contentType: 'video/mp4' } });
    const wrong = await t.http
      .post(`/api/v1/modules/${moduleId}/lessons`)
      .auth(organiser, { type: 'bearer' })
      .send({ kind: 'video', title: 'Phim', fileId: pdf.id })
      .expect(400);
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'fileId' })]);
    const other = (
      await t.http
        .post('/api/v1/courses')
        .auth(organiser, { type: 'bearer' })
        .send({ code: unique('O-'), title: 'Khác' })
        .expect(201)
    ).body;
    const otherPdf = (await upload(organiser, other.id, sampleFiles.pdf(), 'b.pdf').expect(201)).body;
    await t.http
      .post(`/api/v1/modules/${moduleId}/lessons`)
      .auth(organiser, { type: 'bearer' })
      .send({ kind: 'document', title: 'Tài liệu', fileId: otherPdf.id })
      .expect(400);
  });

  describe('downloads', () => {
    let pdfId: string;
    let videoId: string;
    let video: Buffer;
    let learnerWeb: WebLogin;

    beforeAll(async () => {
      pdfId = (await upload(organiser, course.id, sampleFiles.pdf(), 'Bài giảng.pdf').expect(201)).body.id;
      video = sampleFiles.mp4(10_000);
      videoId = (await upload(organiser, course.id, video, 'Phim tư liệu.mp4').expect(201)).body.id;
      learnerWeb = await t.given.webLogin(learnerAccount);
    });

    it('serves a PDF inline to its authors, sandboxed, nosniff, with ranges announced', async () => {
      const res = await t.http
        .get(`/api/v1/files/${pdfId}`)
        .auth(organiser, { type: 'bearer' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="Bai giang.pdf"; filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng.pdf`,
        'x-content-type-options': 'nosniff',
        'accept-ranges': 'bytes',
        'content-length': String(sampleFiles.pdf().length),
      });
      expect(res.headers['content-security-policy']).toMatch(/^sandbox/);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(Buffer.compare(res.body as Buffer, sampleFiles.pdf())).toBe(0);
    });

    it('answers byte ranges with 206 and exactly those bytes, and 416 outside the file', async () => {
      const get = (range: string) =>
        t.http
          .get(`/api/v1/files/${videoId}`)
          .auth(organiser, { type: 'bearer' })
          .set('Range', range)
          .buffer(true)
          .parse(binary);
      const mid = await get('bytes=100-1099').expect(206);
      expect(mid.headers['content-range']).toBe(`bytes 100-1099/${video.length}`);
      expect(mid.headers['content-length']).toBe('1000');
      expect(Buffer.compare(mid.body as Buffer, video.subarray(100, 1100))).toBe(0);
      const tail = await get('bytes=-10').expect(206);
      expect(Buffer.compare(tail.body as Buffer, video.subarray(video.length - 10))).toBe(0);
      const open = await get(`bytes=${video.length - 5}-`).expect(206);
      expect(open.headers['content-range']).toBe(`bytes ${video.length - 5}-${video.length - 1}/${video.length}`);
      const outside = await get(`bytes=${video.length}-`).expect(416);
      expect(outside.headers['content-range']).toBe(`bytes */${video.length}`);
      const malformed = await get('bytes=5-1').expect(200);
      expect((malformed.body as Buffer).length).toBe(video.length);
      const stale = await get('bytes=0-9').set('If-Range', '"stale"').expect(200);
      expect((stale.body as Buffer).length).toBe(video.length);
      const etag: string = mid.headers.etag;
      await get('bytes=0-9').set('If-Range', etag).expect(206);
    });

    it('never serves HTML or SVG inline, even when such a file is in storage', async () => {
      for (const [type, data] of [
        ['text/html', sampleFiles.html()],
        ['image/svg+xml', sampleFiles.svg()],
      ] as const) {
        const id = (await t.db.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
        const key = `courses/${course.id}/${id}`;
        await t.app.get(StorageService).put(key, data, { contentType: type, maxBytes: 1000 });
        await t.db.query(
          `INSERT INTO course_file (id, course_id, storage_key, original_name, content_type, size_bytes, sha256, created_at)
           VALUES ($1, $2, $3, 'trang.html', $4, $5, $6, now())`,
          [id, course.id, key, type, data.length, createHash('sha256').update(data).digest('hex')],
        );
        const res = await t.http.get(`/api/v1/files/${id}`).auth(organiser, { type: 'bearer' }).expect(200);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-security-policy']).toBe('sandbox');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('lets a learner open a file only through a lesson of the version they are enrolled on', async () => {
      await t.http.get(`/api/v1/files/${videoId}`).auth(learner, { type: 'bearer' }).expect(404);
      await t.http.get(`/api/v1/files/${videoId}`).auth(rival, { type: 'bearer' }).expect(404);
      await learnerWeb.agent.get(`/files/${videoId}`).expect(404);

      const lesson = await t.http
        .post(`/api/v1/modules/${moduleId}/lessons`)
        .auth(organiser, { type: 'bearer' })
        .send({
          kind: 'video',
          title: 'Phim tư liệu',
          fileId: videoId,
          bodyHtml: `<p>Xem phim.</p><img src="/files/${pdfId}" alt="Ảnh">`,
        })
        .expect(201);
      expect(lesson.body.bodyHtml).toContain(`<img src="/files/${pdfId}" alt="Ảnh" />`);
      const published = await t.http
        .post(`/api/v1/courses/${course.id}/publish`)
        .auth(organiser, { type: 'bearer' })
        .expect(200);
      await t.db.query(
        `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at) VALUES ($1, $2, $3, 'self', now())`,
        [learnerAccount.person.id, course.id, published.body.publishedVersionId],
      );
      const res = await t.http
        .get(`/api/v1/files/${videoId}`)
        .auth(learner, { type: 'bearer' })
        .set('Range', 'bytes=0-99')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect(Buffer.compare(res.body as Buffer, video.subarray(0, 100))).toBe(0);
      await t.http.get(`/api/v1/files/${pdfId}`).auth(learner, { type: 'bearer' }).expect(200);
      const web = await learnerWeb.agent.get(`/files/${videoId}`).buffer(true).parse(binary).expect(200);
      expect(web.headers['content-type']).toBe('video/mp4');
      expect(web.headers['content-security-policy']).toMatch(/^sandbox/);
      await learnerWeb.agent.head(`/files/${videoId}`).expect(200);
      // A file of the course no lesson of their version uses stays hidden.
      const unused = (await upload(organiser, course.id, sampleFiles.text(), 'x.txt').expect(201)).body.id;
      await t.http.get(`/api/v1/files/${unused}`).auth(learner, { type: 'bearer' }).expect(404);
    });

    it('needs a session for /files/:id and a valid id', async () => {
      const res = await t.http.get(`/files/${pdfId}`).expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/files/${pdfId}`)}`);
      await t.http.get('/api/v1/files/nope').auth(organiser, { type: 'bearer' }).expect(400);
      await t.http.get(`/api/v1/files/${course.id}`).auth(organiser, { type: 'bearer' }).expect(404);
    });
  });
});
