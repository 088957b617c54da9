import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { addUploadedVideoLesson, eventsOf } from '../../factories/learner';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('learner API: video lessons (watched to 90%, seeking does not count)', () => {
  let t: TestApp;
  let token: string;
  let course: GivenCourse;
  let video: { lessonId: string; fileId: string };
  /** The same kind of lesson on a file whose duration could not be read at upload. */
  let unknown: { lessonId: string; fileId: string };

  const post = (path: string, body: object = {}) =>
    t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body);
  const lessonPath = (enrolmentId: string, lessonId: string) => `/enrolments/${enrolmentId}/lessons/${lessonId}`;
  const report = (enrolmentId: string, positionSeconds: number, durationSeconds = 300) =>
    post(`${lessonPath(enrolmentId, video.lessonId)}/video-progress`, { positionSeconds, durationSeconds });

  /** A fresh enrolment of the learner in a fresh copy of the course (one video lesson among text lessons). */
  async function freshEnrolment(): Promise<string> {
    course = await createPublishedCourse(t.db, {
      modules: [
        {
          lessons: [
            { title: 'Giới thiệu' },
            { kind: 'video', title: 'Video ngoài', url: 'https://video.example.org/1' },
          ],
        },
      ],
    });
    video = await addUploadedVideoLesson(t.db, course, { title: 'Video bài giảng', durationSeconds: 300 });
    unknown = await addUploadedVideoLesson(t.db, course, { title: 'Video cũ', durationSeconds: null });
    const res = await post(`/courses/${course.id}/enrolment`).expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const unit = await t.given.unit();
    token = await t.given.tokenFor(await t.given.learner({ unit }));
  });
  afterAll(() => t.close());

  it('serves an uploaded video lesson through /files/:id and says it completes by watching', async () => {
    const id = await freshEnrolment();
    const view = await t.http
      .get(`/api/v1${lessonPath(id, video.lessonId)}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(view.body).toMatchObject({
      completion: 'watch',
      lesson: {
        kind: 'video',
        url: null,
        file: {
          id: video.fileId,
          url: `/files/${video.fileId}`,
          contentType: 'video/mp4',
          name: 'bai-giang.mp4',
          durationSeconds: 300,
        },
      },
      progress: { videoWatchedSeconds: 0, watchedPercent: 0, videoDurationSeconds: 300 },
    });
  });

  it('does not count seeking to the end as watched, and refuses "done" with the watched percentage (409)', async () => {
    const id = await freshEnrolment();
    await t.http
      .get(`/api/v1${lessonPath(id, video.lessonId)}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    await report(id, 0).expect(200);
    const seek = await report(id, 300).expect(200);
    expect(seek.body).toMatchObject({ positionSeconds: 300, durationSeconds: 300, completed: false });
    expect(seek.body.watchedSeconds).toBeLessThanOrEqual(3);
    const refused = await post(`${lessonPath(id, video.lessonId)}/completion`).expect(409);
    expect(refused.body.message).toContain('90%');
    expect(refused.body.details).toEqual({ watchedPercent: 0, requiredPercent: 90, durationSeconds: 300 });

    // Waiting ten minutes and then jumping ahead counts at most one report interval.
    await report(id, 0).expect(200);
    t.clock.advanceMinutes(10);
    const idle = await report(id, 300).expect(200);
    expect(idle.body.watchedSeconds).toBeLessThanOrEqual(3 + 62);
    expect(idle.body.completed).toBe(false);
    expect(await eventsOf(t.db, id)).not.toContain(`lesson_completed:${video.lessonId}`);
  });

  it('completes the lesson once 90% has been watched at the pace of the clock', async () => {
    const id = await freshEnrolment();
    await t.http
      .get(`/api/v1${lessonPath(id, video.lessonId)}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    let last = await report(id, 0).expect(200);
    for (let position = 10; position <= 260; position += 10) {
      t.clock.advance(10_000);
      last = await report(id, position).expect(200);
    }
    expect(last.body).toMatchObject({ watchedSeconds: 260, watchedPercent: 86, completed: false });
    await post(`${lessonPath(id, video.lessonId)}/completion`).expect(409);
    t.clock.advance(10_000);
    const done = await report(id, 270).expect(200);
    expect(done.body).toMatchObject({ watchedSeconds: 270, watchedPercent: 90, completed: true, progressPercent: 25 });
    t.clock.advance(10_000);
    const after = await report(id, 280).expect(200);
    expect(after.body).toMatchObject({ completed: true, progressPercent: 25 });
    const explicit = await post(`${lessonPath(id, video.lessonId)}/completion`).expect(200);
    expect(explicit.body.changed).toBe(false);
    const events = await eventsOf(t.db, id);
    expect(events.filter((e) => e === `lesson_completed:${video.lessonId}`)).toHaveLength(1);
    const [row] = await t.db.query(
      `SELECT video_watched_seconds::float8 AS watched, video_position_seconds::float8 AS position
         FROM lesson_progress WHERE enrolment_id = $1 AND lesson_id = $2`,
      [id, video.lessonId],
    );
    expect(row).toEqual({ watched: 280, position: 280 });
  });

  it('allows "done" on an uploaded video whose duration the server does not know, and on an external video', async () => {
    const id = await freshEnrolment();
    const view = await t.http
      .get(`/api/v1${lessonPath(id, unknown.lessonId)}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(view.body).toMatchObject({ completion: 'explicit', lesson: { file: { durationSeconds: null } } });
    await post(`${lessonPath(id, unknown.lessonId)}/completion`).expect(200);
    await post(`${lessonPath(id, video.lessonId)}/completion`).expect(409);
    const external = course.lessonIds[1];
    const res = await post(`${lessonPath(id, external)}/completion`).expect(200);
    expect(res.body.changed).toBe(true);
  });

  it('refuses progress reports for lessons that are not uploaded videos (409) and bad figures (400)', async () => {
    const id = await freshEnrolment();
    const [text, external] = course.lessonIds;
    for (const lessonId of [text, external]) {
      const res = await post(`${lessonPath(id, lessonId)}/video-progress`, {
        positionSeconds: 1,
        durationSeconds: 10,
      }).expect(409);
      expect(res.body.message).toContain('mark this lesson as done');
    }
    const path = `${lessonPath(id, video.lessonId)}/video-progress`;
    for (const [body, field] of [
      [{ positionSeconds: -1, durationSeconds: 10 }, 'positionSeconds'],
      [{ positionSeconds: 1, durationSeconds: 0 }, 'durationSeconds'],
      [{ positionSeconds: 'abc', durationSeconds: 10 }, 'positionSeconds'],
      [{ durationSeconds: 10 }, 'positionSeconds'],
      [{ positionSeconds: 1, durationSeconds: 90_000 }, 'durationSeconds'],
      [{ positionSeconds: 1, durationSeconds: 10, watched: true }, 'watched'],
    ] as const) {
      const res = await post(path, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // The file's duration (300 s), not the player's figure, bounds the position.
    const clamped = await post(path, { positionSeconds: 500, durationSeconds: 100 }).expect(200);
    expect(clamped.body).toMatchObject({ positionSeconds: 300, durationSeconds: 300 });
    expect(clamped.body.watchedSeconds).toBeLessThan(10);
  });
});
