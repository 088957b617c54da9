import type { Response } from 'supertest';
import { UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { createTestApp, TestApp } from '../../setup/test-app';

/** Field names that carry the answer key, and texts that only the answer key holds. */
const KEY_FIELDS = /"(fraction|feedback|explanation|accepted|acceptedAnswers|correct|isCorrect|review)"\s*:\s*(?!null)/;
const KEY_TEXTS = ['GIẢI THÍCH BÍ MẬT', 'PHẢN HỒI BÍ MẬT', 'đáp án chấp nhận bí mật'];

describe('no learner-facing response carries the answer key before the review policy allows it', () => {
  let t: TestApp;
  let course: GivenCourse;
  let token: string;
  /** Every response the learner received, as JSON text, with the step that produced it. */
  const captured: Array<{ step: string; status: number; text: string }> = [];

  const learnerCall = async (step: string, req: () => Promise<Response>): Promise<Response> => {
    const res = await req();
    captured.push({ step, status: res.status, text: JSON.stringify(res.body) });
    return res;
  };
  const get = (path: string) =>
    learnerCall(`GET ${path}`, () => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }));
  const post = (path: string) =>
    learnerCall(`POST ${path}`, () => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send({}));
  const put = (path: string, body: object) =>
    learnerCall(`PUT ${path}`, () => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body));

  const leaks = (from: number) =>
    captured
      .slice(from)
      .filter((c) => KEY_FIELDS.test(c.text) || KEY_TEXTS.some((secret) => c.text.includes(secret)))
      .map((c) => c.step);

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province });
    course = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
    const explanation = 'GIẢI THÍCH BÍ MẬT';
    await t.given.question({
      course,
      type: 'single_choice',
      explanation,
      options: [
        { key: 'a', text: 'Một', fraction: 1, feedback: 'PHẢN HỒI BÍ MẬT' },
        { key: 'b', text: 'Hai', fraction: 0, feedback: 'PHẢN HỒI BÍ MẬT' },
      ],
    });
    await t.given.question({
      course,
      type: 'multiple_choice',
      explanation,
      options: [
        { key: 'a', text: 'Một', fraction: 0.5 },
        { key: 'b', text: 'Hai', fraction: 0.5 },
        { key: 'c', text: 'Ba', fraction: -1, feedback: 'PHẢN HỒI BÍ MẬT' },
      ],
    });
    await t.given.question({ course, type: 'true_false', explanation });
    await t.given.question({
      course,
      type: 'short_answer',
      explanation,
      shortAnswer: { ignoreDiacritics: false, accepted: [{ text: 'đáp án chấp nhận bí mật', fraction: 1 }] },
    });
    const learner = await t.given.learner({ unit: commune });
    token = await t.given.tokenFor(learner);
    await t.http.post(`/api/v1/courses/${course.id}/enrolment`).auth(token, { type: 'bearer' }).expect(201);
  });
  afterAll(() => t.close());

  /** Starts, reloads, answers everything (short answer wrong, so its echo holds no key), submits twice. */
  const sit = async (examId: string): Promise<string> => {
    const started = await post(`/exams/${examId}/attempts`);
    expect(started.status).toBe(201);
    const attempt = started.body as { id: string; questions: Array<{ questionVersionId: string; type: string }> };
    await post(`/exams/${examId}/attempts`);
    await get(`/attempts/${attempt.id}`);
    for (const q of attempt.questions) {
      const body =
        q.type === 'short_answer' ? { text: 'không nhớ' } : { selected: [q.type === 'true_false' ? 'true' : 'a'] };
      expect((await put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, body)).status).toBe(200);
      await put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, { selected: ['zz'] }); // 400
      await put(`/attempts/${attempt.id}/answers/00000000-0000-4000-8000-000000000000`, { selected: ['a'] }); // 404
    }
    await get(`/attempts/${attempt.id}`);
    await get(`/exams/${examId}`); // organisers only: 403
    await get(`/courses/${course.id}/questions`); // 403
    return attempt.id;
  };
  const exam = (reviewPolicy: string, extra: object = {}) =>
    t.given.exam({
      course,
      drawTopics: [{ topic: 'iccpr', count: 4 }],
      reviewPolicy: reviewPolicy as 'score_only',
      ...extra,
    });

  it('score_only: nothing during the attempt, nothing after it', async () => {
    const from = captured.length;
    const attemptId = await sit((await exam('score_only')).id);
    const submitted = await post(`/attempts/${attemptId}/submit`);
    expect(submitted.body.result).toMatchObject({ review: null });
    await post(`/attempts/${attemptId}/submit`);
    await get(`/attempts/${attemptId}`);
    expect(captured.length - from).toBeGreaterThan(15);
    expect(leaks(from)).toEqual([]);
  });

  it('with_answers: nothing during the attempt; the review (and only it) after submitting', async () => {
    const from = captured.length;
    const attemptId = await sit((await exam('with_answers')).id);
    expect(leaks(from)).toEqual([]);
    const submitted = await post(`/attempts/${attemptId}/submit`);
    expect(submitted.body.result.review).toHaveLength(4);
    expect(submitted.text).toContain('GIẢI THÍCH BÍ MẬT');
    expect(submitted.body.questions.every((q: object) => !('explanation' in q))).toBe(true);
  });

  it('after_close: nothing during the attempt nor after submitting until the exam closes; then the review', async () => {
    const closesAt = new Date(t.clock.now().getTime() + 40 * 60_000);
    const e = await exam('after_close', { closesAt: closesAt.toISOString() });
    const from = captured.length;
    const attemptId = await sit(e.id);
    const submitted = await post(`/attempts/${attemptId}/submit`);
    expect(submitted.body.result).toMatchObject({ review: null, reviewOpensAt: closesAt.toISOString() });
    await get(`/attempts/${attemptId}`);
    expect(leaks(from)).toEqual([]);
    t.clock.advanceMinutes(41);
    const after = await get(`/attempts/${attemptId}`);
    expect(after.body.result.review).toHaveLength(4);
  });
});
