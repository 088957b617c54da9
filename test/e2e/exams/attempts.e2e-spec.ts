import { AttemptGrader, QuestionResponse } from '@app/exams';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { tracked } from '../../setup/races';
import { createTestApp, TestApp } from '../../setup/test-app';

interface PaperQuestion {
  questionVersionId: string;
  type: string;
  options: Array<{ key: string; text: string }>;
}

describe('exam attempts: start, answer, submit, deadline, completion', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;
  let course: GivenCourse;
  /** Every question of the bank by its version id (the answer key, for the test to answer right or wrong). */
  const bank = new Map<string, QuestionResponse>();

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });

  /** A learner of the commune enrolled in the course with its lesson done (only the exam is left). */
  const enrolledLearner = async (c: GivenCourse = course): Promise<{ token: string; enrolmentId: string }> => {
    const learner = await t.given.learner({ unit: commune });
    const token = await t.given.tokenFor(learner);
    const enrolmentId = (await api(token).post(`/courses/${c.id}/enrolment`).expect(201)).body.id as string;
    for (const lessonId of c.lessonIds) {
      await api(token).get(`/enrolments/${enrolmentId}/lessons/${lessonId}`).expect(200);
      await api(token).post(`/enrolments/${enrolmentId}/lessons/${lessonId}/completion`).expect(200);
    }
    return { token, enrolmentId };
  };

  /** The answer that earns full marks (right) or nothing (wrong). */
  const answerFor = (q: PaperQuestion, right: boolean): object => {
    const key = bank.get(q.questionVersionId)!;
    if (q.type === 'short_answer') return { text: right ? key.shortAnswer!.accepted[0].text : 'không biết' };
    const pick = key.options.filter((o) => (right ? o.fraction > 0 : o.fraction <= 0)).map((o) => o.key);
    return { selected: q.type === 'multiple_choice' ? pick : pick.slice(0, 1) };
  };
  const answerAll = async (token: string, attempt: { id: string; questions: PaperQuestion[] }, right: number) => {
    for (const [i, q] of attempt.questions.entries()) {
      await api(token)
        .put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, answerFor(q, i < right))
        .expect(200);
    }
  };

  /**
   * Waits until `count` backends wait for the attempt's row lock, held by the test. Row-lock waiters queue behind
   * one another (each blocked by the one before it), so this counts every backend of the test database waiting for
   * a lock rather than those blocked by the holder directly (test/setup/races.ts blockedBehind).
   */
  const waitersOn = async (attemptId: string, count: number, settled: () => boolean): Promise<void> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await t.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%exam_attempt%'`,
      );
      if (n >= count) return;
      if (settled()) throw new Error(`the race on ${attemptId} was not reached: ${n} of ${count} waited`);
      if (Date.now() > deadline) throw new Error(`only ${n} of ${count} waited for attempt ${attemptId}`);
      await new Promise((resolve) => setTimeout(resolve, 10)); // polling a condition, not waiting for a race
    }
  };

  const addToBank = async (c: { id: string }, count: number, o: Parameters<TestApp['given']['question']>[0]) => {
    for (let i = 0; i < count; i++) {
      const q = await t.given.question({ ...o, course: c, name: `${o.name ?? 'Câu'} ${bank.size + 1}` });
      bank.set(q.versionId, q);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province });
    commune = await t.given.unit({ parent: province });
    course = await createPublishedCourse(t.db, {
      ownerUnit: commune,
      finalExam: true,
      modules: [{ lessons: [{ title: 'Bài duy nhất' }] }],
    });
    await addToBank(course, 3, { course, topics: ['iccpr'] });
    await addToBank(course, 1, {
      course,
      type: 'multiple_choice',
      topics: ['iccpr'],
      options: [
        { key: 'a', text: 'ICCPR', fraction: 0.5 },
        { key: 'b', text: 'ICESCR', fraction: 0.5 },
        { key: 'c', text: 'Tuyên ngôn 1948', fraction: -1 },
      ],
    });
    await addToBank(course, 1, { course, type: 'true_false', topics: ['cedaw'] });
    await addToBank(course, 1, {
      course,
      type: 'short_answer',
      topics: ['cedaw'],
      shortAnswer: { ignoreDiacritics: true, accepted: [{ text: 'Hội đồng Nhân quyền', fraction: 1 }] },
    });
  });
  afterAll(() => t.close());

  const finalExam = async (o: Parameters<TestApp['given']['exam']>[0] | object = {}) =>
    t.given.exam({
      course,
      kind: 'practice',
      drawTopics: [
        { topic: 'iccpr', count: 4 },
        { topic: 'cedaw', count: 2 },
      ],
      ...o,
    });

  it('starts once, keeps the paper across reloads, saves answers idempotently, grades on submit and completes the course', async () => {
    const c = await createPublishedCourse(t.db, { ownerUnit: commune, finalExam: true, modules: [{ lessons: [{}] }] });
    for (const q of [...bank.values()]) {
      const copy = await t.given.question({
        ...q,
        course: c,
        shortAnswer: q.shortAnswer ?? undefined,
        difficulty: undefined,
      });
      bank.set(copy.versionId, copy);
    }
    const exam = await t.given.exam({
      course: c,
      kind: 'final',
      drawTopics: [
        { topic: 'iccpr', count: 4 },
        { topic: 'cedaw', count: 2 },
      ],
      reviewPolicy: 'with_answers',
    });
    const { token, enrolmentId } = await enrolledLearner(c);
    const me = api(token);

    const started = await me.post(`/exams/${exam.id}/attempts`).expect(201);
    expect(started.body).toMatchObject({ examId: exam.id, attemptNo: 1, status: 'in_progress', result: null });
    expect(started.body.questions).toHaveLength(6);
    expect(started.body.remainingSeconds).toBeGreaterThan(29 * 60);
    expect(started.body.remainingSeconds).toBeLessThanOrEqual(30 * 60);
    const again = await me.post(`/exams/${exam.id}/attempts`).expect(200);
    expect(again.body.id).toBe(started.body.id);
    expect(again.body.questions).toEqual(started.body.questions);
    const reload = await me.get(`/attempts/${started.body.id}`).expect(200);
    expect(reload.body.questions).toEqual(started.body.questions);

    await answerAll(token, started.body, 6);
    const q0 = started.body.questions[0] as PaperQuestion;
    const first = await me.get(`/attempts/${started.body.id}`).expect(200);
    const savedAt = first.body.questions[0].savedAt as string;
    t.clock.advance(1_000);
    const retry = await me.put(`/attempts/${started.body.id}/answers/${q0.questionVersionId}`, answerFor(q0, true));
    expect(retry.status).toBe(200);
    expect(retry.body.savedAt).toBe(savedAt); // the same answer again changes nothing

    const result = await me.post(`/attempts/${started.body.id}/submit`).expect(200);
    expect(result.body).toMatchObject({ status: 'submitted', remainingSeconds: 0 });
    expect(result.body.result).toMatchObject({ score: 6, maxScore: 6, percent: 100, passPercent: 70, passed: true });
    expect(result.body.result.review).toHaveLength(6);
    const again2 = await me.post(`/attempts/${started.body.id}/submit`).expect(200);
    expect(again2.body).toEqual(result.body);

    const enrolment = await me.get(`/enrolments/${enrolmentId}`).expect(200);
    expect(enrolment.body.enrolment).toMatchObject({ progressPercent: 100, completedAt: result.body.submittedAt });
    const [row] = await t.db.query(`SELECT completed_at, exam_passed_at FROM enrolment WHERE id = $1`, [enrolmentId]);
    expect(row.completed_at).not.toBeNull();
    expect(row.exam_passed_at.toISOString()).toBe(result.body.submittedAt);
  });

  it('a failed final exam does not complete the course; attempts beyond the allowed number answer 409', async () => {
    const c = await createPublishedCourse(t.db, { ownerUnit: commune, finalExam: true, modules: [{ lessons: [{}] }] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.given.question({ course: c, name: `Q${i}` })).id);
    const exam = await t.given.exam({ course: c, kind: 'final', questionIds: ids, attemptsAllowed: 2 });
    const { token, enrolmentId } = await enrolledLearner(c);
    const me = api(token);
    for (const attemptNo of [1, 2]) {
      const attempt = (await me.post(`/exams/${exam.id}/attempts`).expect(201)).body;
      expect(attempt.attemptNo).toBe(attemptNo);
      await me.put(`/attempts/${attempt.id}/answers/${attempt.questions[0].questionVersionId}`, { selected: ['a'] });
      const result = await me.post(`/attempts/${attempt.id}/submit`).expect(200);
      expect(result.body.result).toMatchObject({ score: 1, maxScore: 3, percent: 33.33, passed: false, review: null });
    }
    const refused = await me.post(`/exams/${exam.id}/attempts`).expect(409);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'attemptsAllowed' })]);
    const [row] = await t.db.query(
      `SELECT completed_at, exam_passed_at, progress_percent FROM enrolment WHERE id = $1`,
      [enrolmentId],
    );
    expect(row).toEqual({ completed_at: null, exam_passed_at: null, progress_percent: 50 });
  });

  it('refuses to start an exam not open yet or already closed (409), and without an enrolment (403)', async () => {
    const now = t.clock.now().getTime();
    const notYet = await finalExam({ opensAt: new Date(now + 3_600_000).toISOString() });
    const closed = await finalExam({
      opensAt: new Date(now - 7_200_000).toISOString(),
      closesAt: new Date(now - 3_600_000).toISOString(),
    });
    const { token } = await enrolledLearner();
    const early = await api(token).post(`/exams/${notYet.id}/attempts`).expect(409);
    expect(early.body.details).toEqual([expect.objectContaining({ field: 'opensAt' })]);
    const late = await api(token).post(`/exams/${closed.id}/attempts`).expect(409);
    expect(late.body.details).toEqual([expect.objectContaining({ field: 'closesAt' })]);
    const outsider = await t.given.tokenFor(await t.given.learner({ unit: commune }));
    await api(outsider).post(`/exams/${notYet.id}/attempts`).expect(403);
    await api(token).post(`/exams/00000000-0000-4000-8000-000000000000/attempts`).expect(404);
  });

  it("refuses another learner's attempt (403), a question not on the paper (404) and a bad answer (400)", async () => {
    const exam = await finalExam();
    const alice = await enrolledLearner();
    const bob = await enrolledLearner();
    const attempt = (await api(alice.token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    const q = attempt.questions[0] as PaperQuestion;
    await api(bob.token).get(`/attempts/${attempt.id}`).expect(403);
    await api(bob.token).put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, answerFor(q, true)).expect(403);
    await api(bob.token).post(`/attempts/${attempt.id}/submit`).expect(403);
    const notOnPaper = [...bank.keys()].find(
      (id) => !attempt.questions.some((x: PaperQuestion) => x.questionVersionId === id),
    )!;
    const missing = await api(alice.token).put(`/attempts/${attempt.id}/answers/${notOnPaper}`, { selected: ['a'] });
    expect(missing.status).toBe(404);
    const choice = attempt.questions.find((x: PaperQuestion) => x.type === 'single_choice') as PaperQuestion;
    for (const body of [{ selected: ['zz'] }, { selected: ['a', 'b'] }, { text: 'a' }, { selected: 'a' }]) {
      await api(alice.token).put(`/attempts/${attempt.id}/answers/${choice.questionVersionId}`, body).expect(400);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM exam_answer WHERE attempt_id = $1`, [attempt.id]);
    expect(n).toBe(0);
  });

  it('after the deadline answers are refused (409) and the attempt is graded as of the deadline when first touched', async () => {
    const exam = await finalExam({ timeLimitMinutes: 1 });
    const { token } = await enrolledLearner();
    const attempt = (await api(token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    await answerAll(token, attempt, 6);
    t.clock.advanceMinutes(2);
    const q = attempt.questions[0] as PaperQuestion;
    const late = await api(token).put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, answerFor(q, false));
    expect(late.status).toBe(409);
    const shown = await api(token).get(`/attempts/${attempt.id}`).expect(200);
    expect(shown.body).toMatchObject({ status: 'expired', submittedAt: attempt.deadlineAt, remainingSeconds: 0 });
    expect(shown.body.result).toMatchObject({ score: 6, passed: true });
    await api(token).put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, answerFor(q, false)).expect(409);
    const submitted = await api(token).post(`/attempts/${attempt.id}/submit`).expect(200);
    expect(submitted.body).toEqual(shown.body);
  });

  it('parallel submits give one result, graded once', async () => {
    const exam = await finalExam();
    const { token } = await enrolledLearner();
    const attempt = (await api(token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    await answerAll(token, attempt, 5);
    const blocker = t.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query(`SELECT id FROM exam_attempt WHERE id = $1 FOR UPDATE`, [attempt.id]);
      const runs = [0, 1, 2, 3, 4].map(() =>
        tracked(Promise.resolve(api(token).post(`/attempts/${attempt.id}/submit`))),
      );
      await waitersOn(attempt.id, 5, () => runs.some((r) => r.settled()));
      await blocker.commitTransaction();
      const results = await Promise.all(runs.map((r) => r.work));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      for (const r of results) expect(r.body).toEqual(results[0].body);
      expect(results[0].body.result).toMatchObject({ score: 5, percent: 83.33, passed: true });
    } finally {
      await blocker.release();
    }
  });

  it('a submit racing the overdue job gives one result, as of the deadline', async () => {
    const exam = await finalExam({ timeLimitMinutes: 1 });
    const { token } = await enrolledLearner();
    const attempt = (await api(token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    await answerAll(token, attempt, 4);
    t.clock.advanceMinutes(2);
    const blocker = t.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query(`SELECT id FROM exam_attempt WHERE id = $1 FOR UPDATE`, [attempt.id]);
      const submit = tracked(Promise.resolve(api(token).post(`/attempts/${attempt.id}/submit`)));
      const job = tracked(t.app.get(AttemptGrader).closeOverdue());
      await waitersOn(attempt.id, 2, () => submit.settled() || job.settled());
      await blocker.commitTransaction();
      const [res] = await Promise.all([submit.work, job.work]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'expired', submittedAt: attempt.deadlineAt });
      expect(res.body.result).toMatchObject({ score: 4, percent: 66.66, passed: false });
      const rows = await t.db.query(`SELECT status, score::float8 AS score FROM exam_attempt WHERE id = $1`, [
        attempt.id,
      ]);
      expect(rows).toEqual([{ status: 'expired', score: 4 }]);
    } finally {
      await blocker.release();
    }
  });

  it('the overdue job grades what was saved, whenever it runs, and skips attempts still running', async () => {
    const exam = await finalExam({ timeLimitMinutes: 10 });
    const early = await enrolledLearner();
    const running = await enrolledLearner();
    const overdue = (await api(early.token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    await answerAll(early.token, overdue, 6);
    t.clock.advanceMinutes(8);
    const fresh = (await api(running.token).post(`/exams/${exam.id}/attempts`).expect(201)).body;
    t.clock.advanceMinutes(20); // the job runs late (after both deadlines)
    const report = await t.app.get(AttemptGrader).closeOverdue();
    expect(report.closed).toBeGreaterThanOrEqual(2);
    const [a] = await t.db.query(`SELECT status, submitted_at, passed FROM exam_attempt WHERE id = $1`, [overdue.id]);
    expect(a).toEqual({ status: 'expired', submitted_at: new Date(overdue.deadlineAt), passed: true });
    const [b] = await t.db.query(`SELECT status, submitted_at FROM exam_attempt WHERE id = $1`, [fresh.id]);
    expect(b).toEqual({ status: 'expired', submitted_at: new Date(fresh.deadlineAt) });
    const second = await api(running.token).post(`/exams/${exam.id}/attempts`).expect(201);
    expect(second.body.attemptNo).toBe(2);
    expect((await t.app.get(AttemptGrader).closeOverdue()).closed).toBe(0);
    await api(running.token).get(`/attempts/${second.body.id}`).expect(200);
  });
});
