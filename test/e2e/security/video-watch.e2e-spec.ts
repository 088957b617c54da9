import { Permission } from '@app/common';
import type { UnitResponse } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import { unique } from '../../factories/given';
import { eventsOf } from '../../factories/learner';
import { mp4WithDuration, webmWithDuration } from '../../factories/media';
import type { GivenLearner } from '../../factories/roster';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Issue 16, point 5: an uploaded video's duration is read from the file at upload and "watched 90%" is judged
 * against it, never against the player's figure; the "done" button is left only for videos of unknown duration.
 */
describe('video lessons: the server knows an uploaded video’s duration, so completion cannot be skipped', () => {
  let t: TestApp;
  let organiser: string;
  let unit: UnitResponse;
  let courseId: string;
  /** The lessons of the published course: a 30-minute uploaded MP4, an external video, an unreadable MP4. */
  let long: string;
  let external: string;
  let unreadable: string;

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });
  const lessonPath = (enrolmentId: string, lessonId: string): string =>
    `/enrolments/${enrolmentId}/lessons/${lessonId}`;

  /** A new learner of the unit, enrolled in the course. */
  async function enrolled(): Promise<{ token: string; enrolmentId: string; account: GivenLearner }> {
    const account = await t.given.learner({ unit });
    const token = await t.given.tokenFor(account);
    const res = await api(token).post(`/courses/${courseId}/enrolment`).expect(201);
    return { token, enrolmentId: res.body.id as string, account };
  }

  const lessonDone = async (enrolmentId: string, lessonId: string): Promise<boolean> => {
    const rows = await t.db.query<Array<{ done: boolean }>>(
      `SELECT completed_at IS NOT NULL AS done FROM lesson_progress WHERE enrolment_id = $1 AND lesson_id = $2`,
      [enrolmentId, lessonId],
    );
    return rows[0]?.done ?? false;
  };

  beforeAll(async () => {
    t = await createTestApp();
    unit = await t.given.unit();
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: unit }));
    const course = await api(organiser)
      .post('/courses', { code: unique('VID-'), title: 'Video bài giảng', openEnrolment: true })
      .expect(201);
    courseId = course.body.id;
    const moduleId = (await api(organiser).post(`/courses/${courseId}/modules`, { title: 'Học phần 1' }).expect(201))
      .body.id as string;
    const upload = (data: Buffer, name: string) =>
      t.http
        .post(`/api/v1/courses/${courseId}/files`)
        .auth(organiser, { type: 'bearer' })
        .attach('file', data, name)
        .expect(201);

    // moov after a 200 kB mdat: found by ranged reads of the stored file.
    const mp4 = await upload(mp4WithDuration(1800, { moovAtEnd: true, mdatBytes: 200_000 }), 'bai-giang.mp4');
    expect(mp4.body).toMatchObject({ contentType: 'video/mp4', durationSeconds: 1800 });
    const webm = await upload(webmWithDuration(95.5), 'phong-van.webm');
    expect(webm.body).toMatchObject({ contentType: 'video/webm', durationSeconds: 95.5 });
    // An MP4 header followed by filler: sniffed as video/mp4, but it says nothing about its duration.
    const garbage = await upload(sampleFiles.mp4(), 'hong.mp4');
    expect(garbage.body).toMatchObject({ contentType: 'video/mp4', durationSeconds: null });

    const lesson = async (body: object): Promise<string> =>
      (await api(organiser).post(`/modules/${moduleId}/lessons`, body).expect(201)).body.id as string;
    long = await lesson({ kind: 'video', title: 'Bài giảng 30 phút', fileId: mp4.body.id });
    external = await lesson({ kind: 'video', title: 'Video ngoài', url: 'https://video.example.org/qcn' });
    unreadable = await lesson({ kind: 'video', title: 'Video không rõ thời lượng', fileId: garbage.body.id });
    await api(organiser).post(`/courses/${courseId}/publish`).expect(200);
    // The published lessons are new rows (a version copy) or the same: look them up by title.
    const outline = await t.db.query<Array<{ id: string; title: string }>>(
      `SELECT l.id, l.title FROM lesson l JOIN course c ON c.published_version_id = l.version_id WHERE c.id = $1`,
      [courseId],
    );
    const byTitle = (title: string): string => outline.find((l) => l.title === title)!.id;
    [long, external, unreadable] = [
      byTitle('Bài giảng 30 phút'),
      byTitle('Video ngoài'),
      byTitle('Video không rõ thời lượng'),
    ];
  });
  afterAll(() => t.close());

  it('(a) refuses "done" on an uploaded video with nothing watched: 409 naming the 90% rule, lesson not done', async () => {
    const { token, enrolmentId } = await enrolled();
    const view = await api(token).get(lessonPath(enrolmentId, long)).expect(200);
    expect(view.body).toMatchObject({
      completion: 'watch',
      lesson: { file: { durationSeconds: 1800 } },
      progress: { videoDurationSeconds: 1800, watchedPercent: 0 },
    });
    const refused = await api(token)
      .post(`${lessonPath(enrolmentId, long)}/completion`)
      .expect(409);
    expect(refused.body.message).toContain('90%');
    expect(refused.body.message).toContain('1800 s');
    expect(refused.body.details).toEqual({ watchedPercent: 0, requiredPercent: 90, durationSeconds: 1800 });
    // Without even opening the lesson first, too.
    const other = await enrolled();
    await api(other.token)
      .post(`${lessonPath(other.enrolmentId, long)}/completion`)
      .expect(409);
    expect(await lessonDone(enrolmentId, long)).toBe(false);
    expect(await lessonDone(other.enrolmentId, long)).toBe(false);
    expect(await eventsOf(t.db, enrolmentId)).not.toContain(`lesson_completed:${long}`);
  });

  it('(b) ignores the player’s durationSeconds: 0.1 s "watched" of a 30-minute video is not done, nor is a burst of reports', async () => {
    const { token, enrolmentId } = await enrolled();
    await api(token).get(lessonPath(enrolmentId, long)).expect(200);
    const tiny = await api(token)
      .post(`${lessonPath(enrolmentId, long)}/video-progress`, { positionSeconds: 0.1, durationSeconds: 0.1 })
      .expect(200);
    expect(tiny.body).toMatchObject({ durationSeconds: 1800, completed: false, watchedPercent: 0 });
    // Forty reports fired at once, each 2 s further on: the per-report slack does not add up.
    let last = tiny;
    for (let position = 2; position <= 80; position += 2) {
      last = await api(token)
        .post(`${lessonPath(enrolmentId, long)}/video-progress`, { positionSeconds: position, durationSeconds: 80 })
        .expect(200);
    }
    expect(last.body.completed).toBe(false);
    expect(last.body.watchedSeconds).toBeLessThan(10);
    await api(token)
      .post(`${lessonPath(enrolmentId, long)}/completion`)
      .expect(409);
    expect(await lessonDone(enrolmentId, long)).toBe(false);
    const [enrolment] = await t.db.query(`SELECT completed_at FROM enrolment WHERE id = $1`, [enrolmentId]);
    expect(enrolment.completed_at).toBeNull();
  });

  it('(c) completes the lesson once 90% of the file’s 1800 s has been watched at the pace of the clock', async () => {
    const { token, enrolmentId } = await enrolled();
    // Known before the player has said anything.
    const view = await api(token).get(lessonPath(enrolmentId, long)).expect(200);
    expect(view.body).toMatchObject({ completion: 'watch', progress: { videoDurationSeconds: 1800 } });
    // A real player's figure differs a little from the container's: the file's is the one that counts.
    const report = (positionSeconds: number) =>
      api(token)
        .post(`${lessonPath(enrolmentId, long)}/video-progress`, { positionSeconds, durationSeconds: 1799.96 })
        .expect(200);
    await report(0);
    let last = await report(0);
    for (let position = 60; position <= 1560; position += 60) {
      t.clock.advance(60_000);
      last = await report(position);
    }
    expect(last.body).toMatchObject({ watchedSeconds: 1560, watchedPercent: 86, completed: false });
    await api(token)
      .post(`${lessonPath(enrolmentId, long)}/completion`)
      .expect(409);
    t.clock.advance(60_000);
    const done = await report(1620);
    expect(done.body).toMatchObject({
      watchedSeconds: 1620,
      watchedPercent: 90,
      durationSeconds: 1800,
      completed: true,
    });
    expect(await lessonDone(enrolmentId, long)).toBe(true);
    const again = await api(token)
      .post(`${lessonPath(enrolmentId, long)}/completion`)
      .expect(200);
    expect(again.body.changed).toBe(false);
  });

  it('(d) keeps the "done" fallback for an external video and a file of unknown duration, and the page says why', async () => {
    const { token, enrolmentId, account } = await enrolled();
    for (const lessonId of [external, unreadable]) {
      const view = await api(token).get(lessonPath(enrolmentId, lessonId)).expect(200);
      expect(view.body.completion).toBe('explicit');
      const res = await api(token)
        .post(`${lessonPath(enrolmentId, lessonId)}/completion`)
        .expect(200);
      expect(res.body.changed).toBe(true);
    }
    const learner = await t.given.webLogin(account);
    const fresh = await enrolled();
    const web = await t.given.webLogin(fresh.account);
    const externalPage = await web.agent.get(`/courses/${courseId}/lessons/${external}`).expect(200);
    expect(externalPage.text).toContain('id="duration-unknown"');
    expect(externalPage.text).toContain('không biết thời lượng của video này');
    expect(externalPage.text).toContain('Đánh dấu đã xong');
    const unknownPage = await web.agent.get(`/courses/${courseId}/lessons/${unreadable}?lang=en`).expect(200);
    expect(unknownPage.text).toContain('does not know how long this video is');
    expect(unknownPage.text).toContain('<video controls');
    // The 30-minute video: its length, the rule, and no button that could skip it.
    const longPage = await learner.agent.get(`/courses/${courseId}/lessons/${long}`).expect(200);
    expect(longPage.text).toContain('Thời lượng video: 30:00');
    expect(longPage.text).toContain('id="watch-rule"');
    expect(longPage.text).not.toContain('Đánh dấu đã xong');
    const refused = await learner.agent
      .post(`/courses/${courseId}/lessons/${long}/completion`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(409);
    expect(refused.text).toContain('Bạn cần xem ít nhất 90% video trước khi đánh dấu xong; đã xem: 0%');
  });
});
