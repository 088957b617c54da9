import { gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { WebLogin } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

const PAGE_BUDGET_BYTES = 50 * 1024;
/** Texts that only the answer key holds, and the review page's marks of a right answer. */
const KEY_TEXTS = ['GIẢI THÍCH BÍ MẬT', 'PHẢN HỒI BÍ MẬT', 'đáp án chấp nhận bí mật', 'exam-right', 'exam-mark'];

interface KeyRow {
  id: string;
  type: string;
  options: Array<{ key: string; fraction: number }>;
  shortAnswer: { accepted: Array<{ text: string; fraction: number }> } | null;
}

/**
 * The learner's exam pages, without JavaScript: the course page links to the final exam; the start page shows the
 * rules; the question pages are forms (a page of questions each) that save through the attempts service; the
 * script's JSON PUT needs the CSRF token; submit confirmation; result; review only as the policy allows. Every
 * page the learner receives during the attempt is captured and none carries the answer key.
 */
describe('exam pages (learner)', () => {
  let t: TestApp;
  let course: GivenCourse;
  let learner: WebLogin;
  let finalExamId: string;
  let practiceExamId: string;
  const captured: Array<{ step: string; status: number; text: string }> = [];

  const capture = async (step: string, req: Promise<Response>): Promise<Response> => {
    const res = await req;
    captured.push({ step, status: res.status, text: res.text });
    return res;
  };
  const get = (path: string) => capture(`GET ${path}`, learner.agent.get(path));
  const post = (path: string, form: URLSearchParams = new URLSearchParams()) => {
    form.set('_csrf', learner.csrf);
    return capture(`POST ${path}`, learner.agent.post(path).type('form').send(form.toString()));
  };
  const leaks = (from: number) =>
    captured
      .slice(from)
      .filter((c) => KEY_TEXTS.some((secret) => c.text.includes(secret)))
      .map((c) => c.step);

  const keyOf = async (attemptId: string): Promise<KeyRow[]> =>
    t.db.query<KeyRow[]>(
      `SELECT v.id, v.type, v.options, v.short_answer AS "shortAnswer"
         FROM exam_attempt_question i JOIN question_version v ON v.id = i.question_version_id
        WHERE i.attempt_id = $1 ORDER BY i.position`,
      [attemptId],
    );
  /** The form fields that answer every question right (from the database, as a test may know it). */
  const rightAnswers = (rows: KeyRow[], form = new URLSearchParams()): URLSearchParams => {
    for (const q of rows) {
      if (q.type === 'short_answer') form.append(`a-${q.id}`, 'Đáp án chấp nhận bí mật');
      else for (const o of q.options.filter((x) => x.fraction > 0)) form.append(`a-${q.id}`, o.key);
    }
    return form;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province });
    course = await createPublishedCourse(t.db, {
      ownerUnit: province,
      finalExam: true,
      modules: [{ lessons: [{ title: 'Bài duy nhất' }] }],
    });
    const explanation = 'GIẢI THÍCH BÍ MẬT';
    const feedback = 'PHẢN HỒI BÍ MẬT';
    await t.given.question({ course, type: 'single_choice', explanation });
    await t.given.question({
      course,
      type: 'single_choice',
      options: [
        { key: 'a', text: 'Một', fraction: 1, feedback },
        { key: 'b', text: 'Hai', fraction: 0, feedback },
      ],
    });
    await t.given.question({
      course,
      type: 'multiple_choice',
      explanation,
      options: [
        { key: 'a', text: 'Một', fraction: 0.5 },
        { key: 'b', text: 'Hai', fraction: 0.5 },
        { key: 'c', text: 'Ba', fraction: -1, feedback },
      ],
    });
    await t.given.question({ course, type: 'true_false', explanation });
    await t.given.question({ course, type: 'true_false' });
    await t.given.question({
      course,
      type: 'short_answer',
      explanation,
      shortAnswer: { ignoreDiacritics: false, accepted: [{ text: 'đáp án chấp nhận bí mật', fraction: 1 }] },
    });
    finalExamId = (
      await t.given.exam({
        course,
        kind: 'final',
        title: 'Bài kiểm tra cuối khoá thử',
        drawTopics: [{ topic: 'iccpr', count: 6 }],
        attemptsAllowed: 3,
        reviewPolicy: 'with_answers',
      })
    ).id;
    practiceExamId = (
      await t.given.exam({ course, drawTopics: [{ topic: 'iccpr', count: 6 }], reviewPolicy: 'score_only' })
    ).id;
    learner = await t.given.webLogin(await t.given.learner({ unit: commune }));
    await learner.agent.post(`/courses/${course.id}/enrolment`).type('form').send({ _csrf: learner.csrf }).expect(303);
    await learner.agent
      .post(`/courses/${course.id}/lessons/${course.lessonIds[0]}/completion`)
      .type('form')
      .send({ _csrf: learner.csrf })
      .expect(303);
  });
  afterAll(() => t.close());

  it('links the course page to the final exam, whose page shows the rules and a start button', async () => {
    const coursePage = await get(`/courses/${course.id}`);
    expect(coursePage.text).toContain(`href="/courses/${course.id}/exam"`);
    const found = await get(`/courses/${course.id}/exam`);
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe(`/exams/${finalExamId}`);
    const page = await get(`/exams/${finalExamId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Bài kiểm tra cuối khoá thử</h1>');
    expect(page.text).toMatch(/Thời gian làm bài<\/dt><dd>30 phút/);
    expect(page.text).toMatch(/Điểm đạt<\/dt><dd>70%/);
    expect(page.text).toContain('0/3 đã dùng');
    expect(page.text).toContain(`action="/exams/${finalExamId}/attempts"`);
    const en = await get(`/exams/${finalExamId}?lang=en`);
    expect(en.text).toContain('Start the exam');
    await get(`/exams/${finalExamId}?lang=vi`);
  });

  it('answers an attempt through the page forms and the script route, then submits and passes', async () => {
    const from = captured.length;
    const started = await post(`/exams/${finalExamId}/attempts`);
    expect(started.status).toBe(303);
    const attemptId = /\/attempts\/([0-9a-f-]{36})$/.exec(started.headers.location)![1];
    const again = await post(`/exams/${finalExamId}/attempts`);
    expect(again.headers.location).toBe(`/attempts/${attemptId}`); // the active attempt is resumed
    const key = await keyOf(attemptId);
    expect(key).toHaveLength(6);

    const page1 = await get(`/attempts/${attemptId}`);
    expect(page1.status).toBe(200);
    expect(page1.text.match(/<fieldset class="exam-q"/g)).toHaveLength(5);
    expect(page1.text).toMatch(/Thời gian còn lại: <strong>30 phút 00 giây<\/strong>/);
    expect(page1.text).toContain('<script src="/static/exam-answers.js" defer></script>');
    expect(gzipSync(page1.text).length).toBeLessThan(PAGE_BUDGET_BYTES);
    for (const q of key.slice(0, 5)) expect(page1.text).toContain(`name="a-${q.id}"`);

    // Page 1 by the form (save and next), all right.
    const saved = await post(
      `/attempts/${attemptId}?page=1`,
      rightAnswers(key.slice(0, 5), new URLSearchParams({ go: 'next' })),
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/attempts/${attemptId}?page=2`);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM exam_answer WHERE attempt_id = $1`, [attemptId]);
    expect(n).toBe(5);
    const page2 = await get(`/attempts/${attemptId}?page=2`);
    expect(page2.text.match(/<fieldset class="exam-q"/g)).toHaveLength(1);

    // The last question by the script's route: JSON with the CSRF header (and refused without it).
    const last = key[5];
    const body = last.type === 'short_answer' ? { text: 'Đáp án chấp nhận bí mật' } : rightAnswers([last]);
    const json = last.type === 'short_answer' ? body : { selected: (body as URLSearchParams).getAll(`a-${last.id}`) };
    const put = (csrf?: string) => {
      const req = learner.agent.put(`/attempts/${attemptId}/answers/${last.id}`).send(json);
      return capture(`PUT answer${csrf ? '' : ' (no csrf)'}`, csrf ? req.set('X-CSRF-Token', csrf) : req);
    };
    expect((await put()).status).toBe(403);
    const ok = await put(learner.csrf);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ questionVersionId: last.id });

    // Page 1 again, posting the same answers: nothing changes; the answers show as chosen.
    const reread = await get(`/attempts/${attemptId}?page=1`);
    expect(reread.text).toContain(' checked>');
    const goSubmit = await post(
      `/attempts/${attemptId}?page=2`,
      rightAnswers([last], new URLSearchParams({ go: 'submit' })),
    );
    expect(goSubmit.headers.location).toBe(`/attempts/${attemptId}/submit`);
    const confirm = await get(`/attempts/${attemptId}/submit`);
    expect(confirm.text).toContain('<strong id="answered">6</strong> / 6');
    expect((await get(`/attempts/${attemptId}/review`)).status).toBe(403);
    expect((await get(`/attempts/${attemptId}/result`)).status).toBe(303);
    expect(leaks(from)).toEqual([]);

    const submitted = await post(`/attempts/${attemptId}/submit`);
    expect(submitted.headers.location).toBe(`/attempts/${attemptId}/result`);
    const result = await get(`/attempts/${attemptId}/result`);
    expect(result.text).toContain('Chúc mừng! Bạn đã đạt.');
    expect(result.text).toContain(`href="/attempts/${attemptId}/review"`);
    const review = await get(`/attempts/${attemptId}/review`);
    expect(review.status).toBe(200);
    expect(review.text).toContain('GIẢI THÍCH BÍ MẬT'); // with_answers: after submitting, the review shows it
    expect(review.text).toContain('exam-right');
    expect(gzipSync(review.text).length).toBeLessThan(PAGE_BUDGET_BYTES);
    // The attempt is over: the question page sends to the result, a late save is refused.
    expect((await get(`/attempts/${attemptId}`)).headers.location).toBe(`/attempts/${attemptId}/result`);
    const late = await learner.agent
      .put(`/attempts/${attemptId}/answers/${last.id}`)
      .set('X-CSRF-Token', learner.csrf)
      .send(json);
    expect(late.status).toBe(409);
    // Passing the final exam completes the course.
    const coursePage = await get(`/courses/${course.id}`);
    expect(coursePage.text).toContain('Bạn đã hoàn thành khoá học này ngày');
    expect(coursePage.text).toContain('Đã đạt bài kiểm tra cuối khoá.');
  });

  it('score_only: no page shows the answer key, during the attempt or after it; the review is refused', async () => {
    const from = captured.length;
    const started = await post(`/exams/${practiceExamId}/attempts`);
    const attemptId = /\/attempts\/([0-9a-f-]{36})$/.exec(started.headers.location)![1];
    const key = await keyOf(attemptId);
    await get(`/attempts/${attemptId}`);
    await post(`/attempts/${attemptId}?page=1`, rightAnswers(key.slice(0, 5), new URLSearchParams({ go: 'next' })));
    await get(`/attempts/${attemptId}?page=2`);
    await post(`/attempts/${attemptId}?page=2`, new URLSearchParams({ go: 'submit' }));
    const confirm = await get(`/attempts/${attemptId}/submit`);
    expect(confirm.text).toContain('<strong id="answered">5</strong> / 6');
    await post(`/attempts/${attemptId}/submit`);
    const result = await get(`/attempts/${attemptId}/result`);
    expect(result.text).toContain('Bài kiểm tra này không công bố đáp án.');
    expect((await get(`/attempts/${attemptId}/review`)).status).toBe(403);
    await get(`/exams/${practiceExamId}`);
    expect(captured.length - from).toBeGreaterThan(8);
    expect(leaks(from)).toEqual([]);
  });

  it('refuses a bad answer beside the form (400, nothing saved) and someone else’s attempt (403)', async () => {
    const started = await post(`/exams/${practiceExamId}/attempts`);
    const attemptId = /\/attempts\/([0-9a-f-]{36})$/.exec(started.headers.location)![1];
    const key = await keyOf(attemptId);
    const choice = key.findIndex((q) => q.type !== 'short_answer');
    const form = new URLSearchParams({ go: 'next' });
    form.append(`a-${key[choice].id}`, 'zz');
    const res = await post(`/attempts/${attemptId}?page=1`, form);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`Câu ${choice + 1}:`);
    expect(res.text).toContain('id="page-problem"');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM exam_answer WHERE attempt_id = $1`, [attemptId]);
    expect(n).toBe(0);
    const other = await t.given.webLogin(await t.given.learner({ unit: await t.given.unit() }));
    expect((await other.agent.get(`/attempts/${attemptId}`)).status).toBe(403);
    expect((await other.agent.get(`/attempts/${attemptId}/result`)).status).toBe(403);
  });
});
