import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { blockedBehind, tracked } from '../../setup/races';
import { createTestApp, TestApp } from '../../setup/test-app';

interface Attempt {
  id: string;
  deadlineAt: string;
  questions: Array<{ questionVersionId: string }>;
}

/**
 * The answer save's one-statement path (AttemptRepository.saveIfOpen after PaperItems): once the paper is cached,
 * ownership, state and deadline are still checked by the statement itself, and every refusal answers as the checked
 * path does.
 */
describe('PUT /api/v1/attempts/:id/answers/:q once the paper is known', () => {
  let t: TestApp;
  let commune: UnitResponse;
  let course: GivenCourse;
  let questionIds: string[];

  const put = (token: string, attemptId: string, q: string, body: object) =>
    t.http.put(`/api/v1/attempts/${attemptId}/answers/${q}`).auth(token, { type: 'bearer' }).send(body);
  const stored = async (attemptId: string) =>
    t.db.query<Array<{ q: string; response: object }>>(
      `SELECT question_version_id AS q, response FROM exam_answer WHERE attempt_id = $1 ORDER BY 1`,
      [attemptId],
    );

  /** An enrolled learner's token and a started attempt (final exam, 3 single-choice questions, 1 minute). */
  const started = async (): Promise<{ token: string; attempt: Attempt }> => {
    const exam = await t.given.exam({ course, kind: 'practice', questionIds, timeLimitMinutes: 1 });
    const learner = await t.given.learner({ unit: commune });
    const token = await t.given.tokenFor(learner);
    await t.http.post(`/api/v1/courses/${course.id}/enrolment`).auth(token, { type: 'bearer' }).expect(201);
    const res = await t.http.post(`/api/v1/exams/${exam.id}/attempts`).auth(token, { type: 'bearer' }).expect(201);
    return { token, attempt: res.body as Attempt };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    commune = await t.given.unit({ parent: province });
    course = await createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
    questionIds = [];
    for (let i = 0; i < 3; i++) questionIds.push((await t.given.question({ course, name: `Câu lưu ${i}` })).id);
  });
  afterAll(() => t.close());

  it("refuses a save to another learner's attempt (403) and leaves the owner's answer as it was", async () => {
    const alice = await started();
    const q = alice.attempt.questions[0].questionVersionId;
    await put(alice.token, alice.attempt.id, q, { selected: ['a'] }).expect(200); // the paper is now cached
    const bob = await started();
    const res = await put(bob.token, alice.attempt.id, q, { selected: ['b'] }).expect(403);
    expect(res.body.message).toMatch(/someone else/);
    expect(await stored(alice.attempt.id)).toEqual([{ q, response: { selected: ['a'] } }]);
  });

  it('refuses an account that is not on the roster (403), and answers 404 for an unknown attempt', async () => {
    const { attempt } = await started();
    const q = attempt.questions[0].questionVersionId;
    const admin = await t.given.account({ permission: Permission.Admin });
    const token = await t.given.tokenFor(admin);
    await put(token, attempt.id, q, { selected: ['a'] }).expect(403);
    const learner = await started();
    await put(learner.token, '00000000-0000-4000-8000-000000000000', q, { selected: ['a'] }).expect(404);
    expect(await stored(attempt.id)).toEqual([]);
  });

  it('saves idempotently: the same answer keeps its savedAt, a new one moves it', async () => {
    const { token, attempt } = await started();
    const q = attempt.questions[1].questionVersionId;
    const first = (await put(token, attempt.id, q, { selected: ['a'] }).expect(200)).body;
    expect(first).toMatchObject({ questionVersionId: q, answer: { selected: ['a'] } });
    expect(first.remainingSeconds).toBeGreaterThan(0);
    t.clock.advance(1_000);
    const same = (await put(token, attempt.id, q, { selected: ['a'] }).expect(200)).body;
    expect(same.savedAt).toBe(first.savedAt);
    const changed = (await put(token, attempt.id, q, { selected: ['b'] }).expect(200)).body;
    expect(new Date(changed.savedAt).getTime()).toBeGreaterThan(new Date(first.savedAt).getTime());
    expect(await stored(attempt.id)).toEqual([{ q, response: { selected: ['b'] } }]);
  });

  it('refuses a save after the deadline (409, by the server clock) and grades what was saved before it', async () => {
    const { token, attempt } = await started();
    const q = attempt.questions[0].questionVersionId;
    await put(token, attempt.id, q, { selected: ['a'] }).expect(200);
    t.clock.advanceMinutes(2);
    const late = await put(token, attempt.id, q, { selected: ['b'] }).expect(409);
    expect(late.body.details).toEqual([expect.objectContaining({ field: 'deadlineAt' })]);
    expect(await stored(attempt.id)).toEqual([{ q, response: { selected: ['a'] } }]);
    const [row] = await t.db.query(`SELECT status, submitted_at FROM exam_attempt WHERE id = $1`, [attempt.id]);
    expect(row).toEqual({ status: 'expired', submitted_at: new Date(attempt.deadlineAt) });
  });

  it('a save waiting behind the grader sees the graded attempt and is refused (409), storing nothing', async () => {
    const { token, attempt } = await started();
    const q = attempt.questions[2].questionVersionId;
    await put(token, attempt.id, attempt.questions[0].questionVersionId, { selected: ['a'] }).expect(200);
    const grader = t.db.createQueryRunner();
    await grader.connect();
    await grader.startTransaction();
    try {
      await grader.query(`SELECT id FROM exam_attempt WHERE id = $1 FOR UPDATE`, [attempt.id]);
      const [{ pid }] = await grader.query(`SELECT pg_backend_pid() AS pid`);
      const save = tracked(Promise.resolve(put(token, attempt.id, q, { selected: ['a'] })));
      await blockedBehind(t.db, pid as number, 1, save.settled);
      await grader.query(
        `UPDATE exam_attempt SET status = 'submitted', submitted_at = now(), score = 1, max_score = 3,
                percent = 33.33, passed = false WHERE id = $1`,
        [attempt.id],
      );
      await grader.commitTransaction();
      const res = await save.work;
      expect(res.status).toBe(409);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'status', reason: 'graded' })]);
      expect((await stored(attempt.id)).map((r) => r.q)).toEqual([attempt.questions[0].questionVersionId]);
    } finally {
      await grader.release();
    }
  });

  it('refuses a bad answer (400) and a question not on the paper (404) with the paper cached', async () => {
    const { token, attempt } = await started();
    const q = attempt.questions[0].questionVersionId;
    await put(token, attempt.id, q, { selected: ['a'] }).expect(200);
    const bad = await put(token, attempt.id, q, { selected: ['zz'] }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'selected', reason: 'unknown option key' }]);
    await put(token, attempt.id, q, { text: 'a' }).expect(400);
    const elsewhere = (await t.given.question({ course, name: 'Câu ngoài đề' })).versionId;
    await put(token, attempt.id, elsewhere, { selected: ['a'] }).expect(404);
    expect(await stored(attempt.id)).toEqual([{ q, response: { selected: ['a'] } }]);
  });
});
