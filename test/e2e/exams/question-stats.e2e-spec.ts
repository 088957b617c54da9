import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { createTestApp, TestApp } from '../../setup/test-app';

/** Pearson's correlation (null when either side does not vary), rounded as stored (4 decimals). */
function corr(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 10_000) / 10_000;
}

/**
 * Question statistics (issue 9 point 5): the `exams.question-stats` job computes, per question of an exam's graded
 * attempts, the facility (mean credit), the discrimination (correlation of the question's credit with the rest of
 * the paper) and how often each option was chosen; asked for by the course's authors, read through the API and the
 * organiser's page.
 */
describe('question statistics job', () => {
  let t: TestApp;
  let course: GivenCourse;
  let province: UnitResponse;
  let organiser: string;
  let examId: string;
  const learners: string[] = [];
  const NAMES = ['Câu 1 dễ', 'Câu 2 phân biệt', 'Câu 3 ngược', 'Câu 4 phân biệt'];
  /** Per learner, per question: 'a' (right), 'b'/'c' (wrong) or null (left unanswered). */
  const ANSWERS: Array<Array<'a' | 'b' | 'c' | null>> = [
    ['a', 'a', 'b', 'a'],
    ['a', 'a', 'c', 'a'],
    ['a', 'a', 'a', 'a'],
    ['a', 'b', 'a', 'b'],
    ['a', 'c', 'a', 'c'],
    ['a', 'b', 'b', null],
  ];

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });

  const sit = async (token: string, answers: Array<string | null>, submit = true) => {
    const attempt = (await api(token).post(`/exams/${examId}/attempts`).expect(201)).body;
    for (const [i, q] of (attempt.questions as Array<{ questionVersionId: string }>).entries()) {
      if (answers[i] === null) continue;
      await api(token)
        .put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, { selected: [answers[i]] })
        .expect(200);
    }
    if (submit) await api(token).post(`/attempts/${attempt.id}/submit`).expect(200);
  };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province });
    course = await createPublishedCourse(t.db, { ownerUnit: province, modules: [{ lessons: [{}] }] });
    organiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const ids: string[] = [];
    for (const name of NAMES) {
      ids.push((await t.given.question({ course, name })).id);
    }
    examId = (
      await t.given.exam({ course, questionIds: ids, shuffleQuestions: false, shuffleOptions: false, passPercent: 50 })
    ).id;
    for (let i = 0; i < ANSWERS.length + 1; i++) {
      const token = await t.given.tokenFor(await t.given.learner({ unit: commune }));
      await api(token).post(`/courses/${course.id}/enrolment`).expect(201);
      learners.push(token);
    }
    for (const [i, answers] of ANSWERS.entries()) await sit(learners[i], answers);
    await sit(learners[ANSWERS.length], ['b', 'b', 'b', 'b'], false); // in progress: not counted
  });
  afterAll(() => t.close());

  it('computes facility, discrimination and option choices per question from the graded attempts', async () => {
    const none = (await api(organiser).get(`/exams/${examId}/statistics`).expect(200)).body;
    expect(none).toMatchObject({ computedAt: null, gradedAttempts: 6, questions: [] });

    const asked = await api(organiser).post(`/exams/${examId}/statistics`).expect(202);
    expect(asked.body).toMatchObject({ examId, status: 'queued' });
    await t.app.get(InProcessJobExecutor).onIdle();
    const stats = (await api(organiser).get(`/exams/${examId}/statistics`).expect(200)).body;
    expect(stats.computedAt).not.toBeNull();

    const credit = ANSWERS.map((row) => row.map((a): number => (a === 'a' ? 1 : 0)));
    const totals = credit.map((row) => row.reduce((s: number, c) => s + c, 0));
    const expected = [0, 1, 2, 3].map((q) => {
      const xs = credit.map((row) => row[q]);
      const chosen = (key: string) => ANSWERS.filter((row) => row[q] === key).length;
      return {
        name: NAMES[q],
        attempts: 6,
        answered: ANSWERS.filter((row) => row[q] !== null).length,
        facility: Math.round((xs.reduce((s, x) => s + x, 0) / 6) * 10_000) / 10_000,
        discrimination: corr(
          xs,
          totals.map((tot, i) => tot - xs[i]),
        ),
        chosen: { a: chosen('a'), b: chosen('b'), c: chosen('c'), d: 0 },
      };
    });
    const got = stats.questions.map(
      (q: {
        name: string;
        attempts: number;
        answered: number;
        facility: number;
        discrimination: number | null;
        options: Array<{ key: string; chosen: number; right: boolean }>;
      }) => ({
        name: q.name,
        attempts: q.attempts,
        answered: q.answered,
        facility: q.facility,
        discrimination: q.discrimination,
        chosen: Object.fromEntries(q.options.map((o) => [o.key, o.chosen])),
      }),
    );
    expect(got).toEqual(expected);
    // Everyone answered question 1 right: it separates nobody (no discrimination); questions 2 and 4 were right on
    // the strongest papers, question 3 mostly on the weaker ones.
    expect(got[0]).toMatchObject({ facility: 1, discrimination: null });
    expect(got[1].discrimination).toBeGreaterThan(0);
    expect(got[2].discrimination).toBeLessThan(0);
    expect(got[3].answered).toBe(5);
    expect(stats.questions[0].options[0]).toMatchObject({ key: 'a', right: true });

    // Nothing graded since: the same job. A newly graded attempt: a new run.
    const again = await api(organiser).post(`/exams/${examId}/statistics`).expect(202);
    expect(again.body.jobId).toBe(asked.body.jobId);
    await sit(learners[5], ['b', 'b', 'b', 'b']);
    const third = await api(organiser).post(`/exams/${examId}/statistics`).expect(202);
    expect(third.body.jobId).not.toBe(asked.body.jobId);
    await t.app.get(InProcessJobExecutor).onIdle();
    const after = (await api(organiser).get(`/exams/${examId}/statistics`).expect(200)).body;
    expect(after.questions.map((q: { attempts: number }) => q.attempts)).toEqual([7, 7, 7, 7]);
    expect(after.questions[0].facility).toBe(0.8571);
  });

  it("is for the course's authors only, through the API and the organiser's page", async () => {
    const rival = await t.given.account({
      permission: Permission.Organiser,
      scopeUnit: await t.given.unit({ type: UnitType.Province }),
    });
    const rivalToken = await t.given.tokenFor(rival);
    await api(rivalToken).get(`/exams/${examId}/statistics`).expect(404);
    await api(rivalToken).post(`/exams/${examId}/statistics`).expect(404);
    await api(learners[0]).get(`/exams/${examId}/statistics`).expect(403);

    const web = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const page = await web.agent.get(`/authoring/exams/${examId}/statistics`).expect(200);
    expect(page.text).toContain('Thống kê câu hỏi');
    expect(page.text).toMatch(/Câu 3 ngược[\s\S]*Độ phân biệt: <strong>-0\.\d\d<\/strong> <span class="alert">/);
    const run = await web.agent
      .post(`/authoring/exams/${examId}/statistics`)
      .type('form')
      .send({ _csrf: web.csrf })
      .expect(303);
    expect(run.headers.location).toBe(`/authoring/exams/${examId}/statistics?queued=1`);
  });
});
