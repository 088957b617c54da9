import { seedDemo } from '@app/demo';
import { DEMO_CONTEST_PARTICIPANTS, DemoExamSeeder } from '@app/exams';
import { DemoCourseSeeder } from '@app/learning';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * The demo's knowledge contest (issue 9): the demo loads a contest on the demo course that is open now, with
 * participants already on its leaderboards, and a demo learner may still take part. Loading the demo again adds
 * nothing.
 */
describe('demo knowledge contest', () => {
  let t: TestApp;
  let provinceId: string;
  const password = 'Demo-contest-1234';

  beforeAll(async () => {
    t = await createTestApp();
    const roster = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: password });
    provinceId = roster.provinceIds[0];
    await t.app.get(DemoCourseSeeder).seed(provinceId);
  });
  afterAll(() => t?.close());

  it('opens a contest with ranked people and units, once, and leaves it open to a demo learner', async () => {
    const first = await t.app.get(DemoExamSeeder).seed(provinceId);
    expect(first.contestId).toEqual(expect.any(String));
    expect(first.contestAttempts).toBe(DEMO_CONTEST_PARTICIPANTS);

    const [graded] = await t.db.query<Array<{ n: number; passed: number; late: number }>>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE a.passed)::int AS passed,
              count(*) FILTER (WHERE a.submitted_at > a.deadline_at OR a.started_at > now())::int AS late
         FROM exam_attempt a WHERE a.exam_id = $1 AND a.submitted_at IS NOT NULL AND a.enrolment_id IS NULL`,
      [first.contestId],
    );
    expect(graded.n).toBe(DEMO_CONTEST_PARTICIPANTS);
    expect(graded.late).toBe(0);
    // Some pass and some do not: a believable leaderboard.
    expect(graded.passed).toBeGreaterThan(0);
    expect(graded.passed).toBeLessThan(DEMO_CONTEST_PARTICIPANTS);

    const token = await t.given.tokenFor({ login: 'demo.hocvien1', password });
    const get = (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' });
    const open = await get('/contests').expect(200);
    expect((open.body as Array<{ id: string }>).map((c) => c.id)).toEqual([first.contestId]);

    const board = await get(`/exams/${first.contestId}/leaderboard`).expect(200);
    expect(board.body.total).toBe(DEMO_CONTEST_PARTICIPANTS);
    expect(board.body.items.length).toBeGreaterThan(0);
    expect(board.body.units.length).toBeGreaterThan(1);

    // The page: the menu links it; a learner sees the contest, an agency account (no person) an empty list.
    const learnerPage = await (await t.given.webLogin({ login: 'demo.hocvien1', password })).agent.get('/contests');
    expect(learnerPage.status).toBe(200);
    expect(learnerPage.text).toContain('href="/contests"');
    expect(learnerPage.text).toContain('Hội thi tìm hiểu về quyền con người');
    const agencyPage = await (await t.given.webLogin({ login: 'demo.coquan', password })).agent.get('/contests');
    expect(agencyPage.status).toBe(200);
    expect(agencyPage.text).not.toContain('Hội thi tìm hiểu về quyền con người');

    const again = await t.app.get(DemoExamSeeder).seed(provinceId);
    expect(again).toMatchObject({ contestId: first.contestId, contestAttempts: 0 });
    const [{ n }] = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM exam WHERE kind = 'contest'`,
    );
    expect(n).toBe(1);
  });
});
