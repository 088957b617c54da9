import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { WebLogin } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * The exam's attempt rule (best / last) wherever a result is read: the learner's exam and result pages, the
 * organisers' results (the counted attempt of each person and the summary), and course completion (a final exam's
 * pass completes the course once; under 'last' a passed final exam offers no further attempt, which would replace
 * the pass).
 */
describe('exam attempt rule: best or last attempt counts', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let organiser: WebLogin;

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });

  /** A course with one lesson and three questions ("a" right), and an exam of it with a fixed list. */
  const examOf = async (o: { kind: 'final' | 'practice'; attemptRule: 'best' | 'last' }) => {
    const course = await createPublishedCourse(t.db, {
      ownerUnit: province,
      finalExam: o.kind === 'final',
      modules: [{ lessons: [{}] }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.given.question({ course, name: `Câu ${i + 1}` })).id);
    const exam = await t.given.exam({ course, ...o, questionIds: ids, attemptsAllowed: 4, shuffleOptions: false });
    return { course, exam };
  };

  /** A learner of the commune, enrolled, the lesson done; a token and a browser login. */
  const learnerOf = async (course: GivenCourse) => {
    const given = await t.given.learner({ unit: commune });
    const token = await t.given.tokenFor(given);
    const enrolmentId = (await api(token).post(`/courses/${course.id}/enrolment`).expect(201)).body.id as string;
    for (const lessonId of course.lessonIds) {
      await api(token).get(`/enrolments/${enrolmentId}/lessons/${lessonId}`).expect(200);
      await api(token).post(`/enrolments/${enrolmentId}/lessons/${lessonId}/completion`).expect(200);
    }
    return { token, enrolmentId, web: await t.given.webLogin(given), name: given.person.fullName };
  };

  /** Sits an attempt answering `right` of the three questions right; returns the graded attempt. */
  const sit = async (token: string, examId: string, right: number) => {
    const attempt = (await api(token).post(`/exams/${examId}/attempts`).expect(201)).body;
    for (const [i, q] of (attempt.questions as Array<{ questionVersionId: string }>).entries()) {
      await api(token)
        .put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, { selected: [i < right ? 'a' : 'b'] })
        .expect(200);
    }
    return (await api(token).post(`/attempts/${attempt.id}/submit`).expect(200)).body;
  };

  const enrolment = async (id: string) =>
    (
      await t.db.query(`SELECT completed_at IS NOT NULL AS completed, exam_passed_at FROM enrolment WHERE id = $1`, [
        id,
      ])
    )[0] as { completed: boolean; exam_passed_at: Date | null };

  /** The organiser's results page: rows (name, attempt no, counted) and the summary line. */
  const results = async (examId: string) => {
    const page = await organiser.agent.get(`/authoring/exams/${examId}/results`).expect(200);
    const rows = [...page.text.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>[^<]*<\/td><td>(\d+)<\/td>.*?<\/tr>/g)]
      .map((m) => ({ name: m[1], attemptNo: Number(m[2]), counted: m[0].includes('Được tính') }))
      .sort((a, b) => a.attemptNo - b.attemptNo);
    const summary = /id="rule-summary">([\s\S]*?)<\/p>/.exec(page.text)![1].replace(/<\/?strong>/g, '');
    return { rows, summary };
  };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province });
    commune = await t.given.unit({ parent: province });
    organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
  });
  afterAll(() => t.close());

  it("'best': the highest attempt counts (the earliest of equals); a later lower attempt changes nothing", async () => {
    const { course, exam } = await examOf({ kind: 'final', attemptRule: 'best' });
    const me = await learnerOf(course);
    expect((await sit(me.token, exam.id, 2)).result).toMatchObject({ percent: 66.66, passed: false });
    expect(await enrolment(me.enrolmentId)).toMatchObject({ completed: false, exam_passed_at: null });
    const pass = await sit(me.token, exam.id, 3);
    expect(pass.result).toMatchObject({ percent: 100, passed: true });
    expect(await enrolment(me.enrolmentId)).toEqual({ completed: true, exam_passed_at: new Date(pass.submittedAt) });
    const equal = await sit(me.token, exam.id, 3); // best allows another attempt after a pass
    const lower = await sit(me.token, exam.id, 1);
    expect(lower.result).toMatchObject({ percent: 33.33, passed: false });
    expect(await enrolment(me.enrolmentId)).toEqual({ completed: true, exam_passed_at: new Date(pass.submittedAt) });

    const start = await me.web.agent.get(`/exams/${exam.id}`).expect(200);
    expect(start.text).toContain('Bạn đã đạt bài kiểm tra này với kết quả 100%');
    const shown = await me.web.agent.get(`/attempts/${lower.id}/result`).expect(200);
    expect(shown.text).toContain('Bạn chưa đạt lần này.');
    expect(shown.text).toMatch(
      /Kết quả của bài kiểm tra, tính theo lần làm bài cao điểm nhất<\/dt><dd id="exam-result">100% \(lần 2\) · Đạt/,
    );
    expect(equal.attemptNo).toBe(3);

    const { rows, summary } = await results(exam.id);
    expect(rows.map((r) => [r.attemptNo, r.counted])).toEqual([
      [1, false],
      [2, true],
      [3, false],
      [4, false],
    ]);
    expect(summary).toContain('1 người đã có kết quả · 1 đạt · điểm trung bình 100%');
  });

  it("'last': the latest graded attempt counts, even when lower (practice exam)", async () => {
    const { course, exam } = await examOf({ kind: 'practice', attemptRule: 'last' });
    const me = await learnerOf(course);
    const other = await learnerOf(course);
    await sit(me.token, exam.id, 3);
    const last = await sit(me.token, exam.id, 1);
    await sit(other.token, exam.id, 3);
    const running = (await api(me.token).post(`/exams/${exam.id}/attempts`).expect(201)).body; // in progress: not counted

    const start = await me.web.agent.get(`/exams/${exam.id}`).expect(200);
    expect(start.text).not.toContain('Bạn đã đạt');
    expect(start.text).toContain('Kết quả hiện tại của bạn: <strong>33.3%</strong>');
    const shown = await me.web.agent.get(`/attempts/${last.id}/result`).expect(200);
    expect(shown.text).toMatch(/tính theo lần làm bài cuối cùng<\/dt><dd id="exam-result">33.3% \(lần 2\) · Chưa đạt/);

    const { rows, summary } = await results(exam.id);
    const mine = rows.filter((r) => r.name === me.name).map((r) => [r.attemptNo, r.counted]);
    expect(mine).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(rows.filter((r) => r.name === other.name).map((r) => r.counted)).toEqual([true]);
    expect(summary).toContain('2 người đã có kết quả · 1 đạt · điểm trung bình 66.7%');
    await api(me.token).post(`/attempts/${running.id}/submit`).expect(200);
  });

  it("'last' on a final exam: a fail then a pass completes the course; after the pass no further attempt (409)", async () => {
    const { course, exam } = await examOf({ kind: 'final', attemptRule: 'last' });
    const me = await learnerOf(course);
    await sit(me.token, exam.id, 1);
    expect(await enrolment(me.enrolmentId)).toMatchObject({ completed: false });
    const pass = await sit(me.token, exam.id, 3);
    expect(await enrolment(me.enrolmentId)).toEqual({ completed: true, exam_passed_at: new Date(pass.submittedAt) });

    const refused = await api(me.token).post(`/exams/${exam.id}/attempts`).expect(409);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'attemptRule' })]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM exam_attempt WHERE exam_id = $1`, [exam.id]);
    expect(n).toBe(2);
    const start = await me.web.agent.get(`/exams/${exam.id}`).expect(200);
    expect(start.text).toContain('Bài kiểm tra tính lần làm bài cuối cùng nên không làm thêm lần nữa');
    expect(start.text).not.toContain(`action="/exams/${exam.id}/attempts"`);
    expect(start.text).not.toContain('Bạn đã dùng hết số lần làm bài.');
    const { rows } = await results(exam.id);
    expect(rows.map((r) => [r.attemptNo, r.counted])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});
