import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { ExamsService, initialsOf, staggeredStartAt } from '@app/exams';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { GivenAccount, systemActor } from '../../factories/identity';
import type { GivenLearner } from '../../factories/roster';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Knowledge contests (issue 9 point 6): a contest of a province's course is open, without an enrolment, to the
 * people of the province (public learners and officials) and to nobody else; it is time-boxed; each participant
 * starts from their own staggered start time; the leaderboards rank people by score then time taken (named as the
 * contest sets) and the communes by participation against their roster, then average score.
 */
describe('knowledge contests: audience, staggered start, leaderboards', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let C: UnitResponse;
  let course: GivenCourse;
  let questionIds: string[];
  const people: Record<'a1' | 'a2' | 'b1' | 'c1' | 'c2' | 'q1', GivenLearner> = {} as never;
  const tokens: Record<string, string> = {};
  let orgP: string;
  let orgQ: string;
  let organiserP: GivenAccount;
  let organiserQ: GivenAccount;

  const api = (token: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
  });
  const setClock = (at: Date) => t.clock.advance(at.getTime() - t.clock.now().getTime());

  /** A contest opening in two minutes: 30 minutes of staggered starts, 10 minutes each, closing after an hour. */
  const contest = async (o: object = {}) => {
    const opensAt = new Date(t.clock.now().getTime() + 2 * 60_000);
    return t.given.exam({
      course,
      kind: 'contest',
      title: 'Cuộc thi tìm hiểu pháp luật về quyền con người',
      questionIds,
      timeLimitMinutes: 10,
      attemptsAllowed: 1,
      staggerMinutes: 30,
      leaderboardNames: 'initials',
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + 60 * 60_000).toISOString(),
      ...o,
    });
  };

  /** At the person's own start: starts, answers `right` of the three right, and submits `minutes` later. */
  const take = async (examId: string, who: keyof typeof people, right: number, minutes: number) => {
    const exam = await t.app.get(ExamsService).get(await systemActor(t.app), examId);
    const startsAt = staggeredStartAt(
      { id: examId, opensAt: new Date(exam.opensAt!), staggerMinutes: exam.staggerMinutes },
      people[who].person.id,
    )!;
    setClock(startsAt);
    tokens[who] = await t.given.tokenFor(people[who]); // sessions expire as the clock moves on
    const attempt = (await api(tokens[who]).post(`/exams/${examId}/attempts`).expect(201)).body;
    const startedAt = new Date(attempt.startedAt).getTime();
    expect(startedAt).toBeGreaterThanOrEqual(startsAt.getTime());
    expect(attempt.deadlineAt).toBe(new Date(startedAt + 10 * 60_000).toISOString());
    for (const [i, q] of (attempt.questions as Array<{ questionVersionId: string }>).entries()) {
      await api(tokens[who])
        .put(`/attempts/${attempt.id}/answers/${q.questionVersionId}`, { selected: [i < right ? 'a' : 'b'] })
        .expect(200);
    }
    setClock(new Date(startedAt + minutes * 60_000));
    return (await api(tokens[who]).post(`/attempts/${attempt.id}/submit`).expect(200)).body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thi Đua' });
    A = await t.given.unit({ parent: P, name: 'Xã An Khang' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Yên' });
    C = await t.given.unit({ parent: P, name: 'Xã Cát Tường' });
    const Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Xa Xôi' });
    people.a1 = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ánh' });
    people.a2 = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Trần Văn Bảo' });
    people.b1 = await t.given.learner({ unit: B, fullName: 'Lê Minh Châu' }); // a public learner
    people.c1 = await t.given.learner({ unit: C, fullName: 'Phạm Văn Dũng' });
    people.c2 = await t.given.learner({ unit: C, fullName: 'Hoàng Thị Én' });
    people.q1 = await t.given.learner({ unit: Q, fullName: 'Đỗ Văn Xa' });
    for (const [k, p] of Object.entries(people)) tokens[k] = await t.given.tokenFor(p);
    organiserP = await t.given.account({ permission: Permission.Organiser, scopeUnit: P });
    organiserQ = await t.given.account({ permission: Permission.Organiser, scopeUnit: Q });
    orgP = await t.given.tokenFor(organiserP);
    orgQ = await t.given.tokenFor(organiserQ);
    course = await createPublishedCourse(t.db, { ownerUnit: P, modules: [{ lessons: [{}] }] });
    questionIds = [];
    for (let i = 0; i < 3; i++) questionIds.push((await t.given.question({ course, name: `Câu thi ${i}` })).id);
  });
  afterAll(() => t.close());

  it('refuses a staggered start on another kind of exam, without an opening time, or closing too early (400)', async () => {
    const base = {
      title: 'Thi',
      drawMode: 'fixed',
      questionIds,
      timeLimitMinutes: 10,
      passPercent: 50,
      staggerMinutes: 30,
    };
    const opensAt = '2030-01-05T08:00:00+07:00';
    const cases: Array<[object, string]> = [
      [{ kind: 'practice', opensAt }, 'staggerMinutes'],
      [{ kind: 'contest' }, 'opensAt'],
      [{ kind: 'contest', opensAt, closesAt: '2030-01-05T08:39:00+07:00' }, 'closesAt'],
      [{ kind: 'contest', opensAt, staggerMinutes: 241 }, 'staggerMinutes'],
      [{ kind: 'contest', opensAt, leaderboardNames: 'nicknames' }, 'leaderboardNames'],
    ];
    for (const [body, field] of cases) {
      const res = await api(orgP).post(`/courses/${course.id}/exams`, { ...base, ...body });
      expect([res.status, JSON.stringify(res.body)]).toEqual([400, expect.stringContaining(field)]);
    }
    const ok = await api(orgP)
      .post(`/courses/${course.id}/exams`, { ...base, kind: 'contest', opensAt, closesAt: '2030-01-05T08:40:00+07:00' })
      .expect(201);
    expect(ok.body).toMatchObject({ kind: 'contest', staggerMinutes: 30, leaderboardNames: 'initials' });
  });

  it("is open to the province's people without an enrolment, from each one's own start, and to nobody else", async () => {
    const exam = await contest();
    await api(tokens.a1).post(`/exams/${exam.id}/attempts`).expect(409); // not open yet
    const listed = await api(tokens.b1).get('/contests').expect(200);
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(exam.id);
    const elsewhere = await api(tokens.q1).get('/contests').expect(200);
    expect(elsewhere.body.map((c: { id: string }) => c.id)).not.toContain(exam.id);
    const outsider = await api(tokens.q1).post(`/exams/${exam.id}/attempts`).expect(403);
    expect(outsider.body.message).toContain('another unit');

    const mine = staggeredStartAt(
      { id: exam.id, opensAt: new Date(exam.opensAt!), staggerMinutes: 30 },
      people.b1.person.id,
    )!;
    const opensAt = new Date(exam.opensAt!).getTime();
    expect(mine.getTime() - opensAt).toBeGreaterThanOrEqual(0);
    expect(mine.getTime() - opensAt).toBeLessThan(30 * 60_000);
    setClock(new Date(opensAt)); // open, but (unless their start is the opening second) not yet for b1
    if (mine.getTime() > opensAt) {
      const early = await api(tokens.b1).post(`/exams/${exam.id}/attempts`).expect(409);
      expect(early.body.details).toEqual([
        expect.objectContaining({ field: 'startsAt', startsAt: mine.toISOString() }),
      ]);
    }
    const web = await t.given.webLogin(people.b1);
    const page = await web.agent.get(`/exams/${exam.id}`).expect(200);
    const inVietnam = new Date(mine.getTime() + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
    expect(page.text).toContain(`<dd id="your-start">${inVietnam} (giờ Việt Nam)</dd>`);
    expect(page.text).toContain(`href="/contests/${exam.id}"`);
    setClock(mine);
    const started = await api(tokens.b1).post(`/exams/${exam.id}/attempts`).expect(201);
    expect(started.body.enrolmentId).toBeUndefined();
    const [row] = await t.db.query(`SELECT enrolment_id FROM exam_attempt WHERE id = $1`, [started.body.id]);
    expect(row.enrolment_id).toBeNull();
    setClock(new Date(opensAt + 61 * 60_000)); // closed
    tokens.a1 = await t.given.tokenFor(people.a1);
    await api(tokens.a1).post(`/exams/${exam.id}/attempts`).expect(409);
  });

  it('ranks people by score then time taken, and communes by participation then average score', async () => {
    const exam = await contest();
    await take(exam.id, 'a1', 3, 4);
    await take(exam.id, 'a2', 3, 2); // as right as a1, quicker
    await take(exam.id, 'b1', 2, 1);
    await take(exam.id, 'c1', 3, 4); // the same score and time as a1: the same rank

    for (const who of ['a1', 'b1', 'q1'] as const) tokens[who] = await t.given.tokenFor(people[who]);
    orgP = await t.given.tokenFor(organiserP);
    orgQ = await t.given.tokenFor(organiserQ);
    const board = (await api(tokens.a1).get(`/exams/${exam.id}/leaderboard`).expect(200)).body;
    expect(board).toMatchObject({ total: 4, names: 'initials' });
    expect(
      board.items.map((e: { rank: number; name: string; percent: number; seconds: number; you: boolean }) => [
        e.rank,
        e.name,
        e.percent,
        e.seconds,
        e.you,
      ]),
    ).toEqual([
      [1, 'T. V. B.', 100, 120, false],
      [2, 'Nguyễn Thị Ánh', 100, 240, true], // the viewer's own row by name
      [2, 'P. V. D.', 100, 240, false],
      [4, 'L. M. C.', 66.66, 60, false],
    ]);
    expect(board.mine).toMatchObject({ rank: 2, you: true });
    expect(board.units).toEqual([
      {
        rank: 1,
        unitId: A.id,
        name: A.name,
        roster: 2,
        participants: 2,
        participationPercent: 100,
        averagePercent: 100,
      },
      {
        rank: 2,
        unitId: B.id,
        name: B.name,
        roster: 1,
        participants: 1,
        participationPercent: 100,
        averagePercent: 66.66,
      },
      {
        rank: 3,
        unitId: C.id,
        name: C.name,
        roster: 2,
        participants: 1,
        participationPercent: 50,
        averagePercent: 100,
      },
    ]);

    await t.app.get(ExamsService).update(await systemActor(t.app), exam.id, { leaderboardNames: 'hidden' });
    const hidden = (await api(tokens.b1).get(`/exams/${exam.id}/leaderboard?limit=2`).expect(200)).body;
    expect(hidden.items.map((e: { name: string | null }) => e.name)).toEqual([null, null]);
    expect(hidden.mine).toMatchObject({ rank: 4, name: 'Lê Minh Châu', you: true });
    expect(JSON.stringify(hidden)).not.toContain('Trần Văn Bảo');
    const asOrganiser = (await api(orgP).get(`/exams/${exam.id}/leaderboard`).expect(200)).body;
    expect(asOrganiser.mine).toBeNull();
    expect(asOrganiser.items).toHaveLength(4);
    await api(orgQ).get(`/exams/${exam.id}/leaderboard`).expect(404);
    await api(tokens.q1).get(`/exams/${exam.id}/leaderboard`).expect(404);
    await api(tokens.a1).get(`/exams/${exam.id}/leaderboard?limit=0`).expect(400);

    const web = await t.given.webLogin(people.c1);
    const page = await web.agent.get(`/contests/${exam.id}`).expect(200);
    expect(page.text).toContain('Bảng xếp hạng');
    expect(page.text).toContain('Phạm Văn Dũng (bạn)');
    expect(page.text).not.toContain('Nguyễn Thị Ánh');
    expect(page.text).toMatch(/<th scope="row">Xã Cát Tường<\/th><td>1<\/td><td>2<\/td><td>50%<\/td><td>100%<\/td>/);
    expect(gzipSync(page.text).length).toBeLessThan(50 * 1024);
    const list = await web.agent.get('/contests').expect(200);
    expect(list.text).toContain(`href="/exams/${exam.id}"`);
    const practice = await t.given.exam({ course, questionIds });
    await api(orgP).get(`/exams/${practice.id}/leaderboard`).expect(404); // not a contest
    expect(initialsOf('  Đỗ   thị ánh ')).toBe('Đ. T. Á.');
  });
});
