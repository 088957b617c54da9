import { addDays, Permission } from '@app/common';
import { CoverageRecount, CoverageUpkeep } from '@app/coverage';
import { UnitResponse, UnitType } from '@app/org';
import { vietnamDay } from '@app/certificates';
import { putAuthority } from '../../factories/certificates';
import { submitRecord, workshop } from '../../factories/external-training';
import type { GivenLearner } from '../../factories/roster';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { Callers, createSession, sessionBody } from '../../factories/training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * "Trained" counts in-person sessions and training done elsewhere the same as an online course (DESIGN.md, "Coverage,
 * exactly"; issue 15): a session certificate counts for the session's counting roles from its issue; an approved
 * record counts for the roles its approval names, from the day of approval, until it is withdrawn or
 * expires; the dashboard's figure, the trained list (which says the record's kind), the untrained list and the live
 * recount agree on every day tried, and an earlier day's figures do not change.
 */

jest.setTimeout(180_000);

const DAY = 86_400_000;

describe('coverage counts in-person sessions and training done elsewhere', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let people: GivenLearner[];
  let hr: string;
  let ict: string;
  let organiser: string;
  let organiserAccount: Awaited<ReturnType<TestApp['given']['account']>>;
  const auth = { type: 'bearer' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    people = [];
    for (const fullName of ['Nguyễn Thị Ánh', 'Trần Văn Bình', 'Lê Thị Cúc']) {
      people.push(await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName }));
    }
    hr = await t.given.roleId('HR_OFFICIAL');
    ict = await t.given.roleId('ICT_MANAGER');
    organiserAccount = await t.given.account({ permission: Permission.Organiser, scopeUnit: A });
    organiser = await t.given.tokenFor(organiserAccount);
    await t.app.get(CoverageUpkeep).rebuild();
    await coverageCaughtUp(t);
  });
  afterAll(() => t?.close());

  const api = (method: 'get' | 'post', path: string) => t.http[method](`/api/v1${path}`).auth(organiser, auth);

  /** Served figures for commune A and HR on a day, checked against both lists and the live recount. */
  async function hrOn(
    date: string,
    unit: UnitResponse = A,
  ): Promise<{ trained: number; headcount: number; kinds: string[] }> {
    const res = await api('get', `/coverage?unitId=${unit.id}&roleId=${hr}&date=${date}`).expect(200);
    const row = (res.body.rows as Array<{ roleId: string; trained: number; headcount: number }>).find(
      (r) => r.roleId === hr,
    )!;
    const trained = await api('get', `/coverage/trained?unitId=${unit.id}&roleId=${hr}&date=${date}&limit=100`).expect(
      200,
    );
    const untrained = await api(
      'get',
      `/coverage/untrained?unitId=${unit.id}&roleId=${hr}&date=${date}&limit=100`,
    ).expect(200);
    expect(trained.body.total).toBe(row.trained);
    expect(untrained.body.total + (untrained.body.declaredNotNamed ?? 0)).toBe(row.headcount - row.trained);
    const recount = await t.app.get(CoverageRecount).count(unit.id, hr, date);
    expect({ trained: recount.trained, headcount: recount.headcount }).toEqual({
      trained: row.trained,
      headcount: row.headcount,
    });
    const kinds = (trained.body.items as Array<{ recordKind: string }>).map((i) => i.recordKind);
    return { trained: row.trained, headcount: row.headcount, kinds };
  }

  /** A day later, or more: API tokens live a day, so the organiser logs in again. */
  const advanceDays = async (days: number): Promise<string> => {
    t.clock.advance(days * DAY);
    organiser = await t.given.tokenFor(organiserAccount);
    return t.clock.today();
  };

  const approve = async (who: GivenLearner, body: object): Promise<string> => {
    const res = await submitRecord(t.http, organiser, workshop({ personId: who.person.id }));
    expect(res.status).toBe(201);
    await api('post', `/external-training/${res.body.id}/approve`).send(body).expect(200);
    return res.body.id as string;
  };

  it('counts an approved record from its day for the roles it names, until revoked or expired', async () => {
    const day0 = t.clock.today();
    expect(await hrOn(day0)).toEqual({ trained: 0, headcount: 3, kinds: [] });

    // Approved for HR: counts from today. Approved for ICT only: does not count for HR.
    const first = await approve(people[0], { roleIds: [hr] });
    await approve(people[1], { roleIds: [ict] });
    const pending = await submitRecord(t.http, organiser, workshop({ personId: people[2].person.id }));
    expect(pending.status).toBe(201);
    await coverageCaughtUp(t);
    expect(await hrOn(day0)).toEqual({ trained: 1, headcount: 3, kinds: ['external'] });

    // A record that expires in two days: counts tomorrow, not on the third day.
    const expiresOn = new Date(Date.parse(`${day0}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);
    await api('post', `/external-training/${pending.body.id}/approve`)
      .send({ roleIds: [hr], expiresOn })
      .expect(200);
    await coverageCaughtUp(t);
    expect((await hrOn(day0)).trained).toBe(2);

    const day1 = await advanceDays(1);
    await coverageCaughtUp(t);
    expect((await hrOn(day1)).trained).toBe(2);

    // Withdrawn on day 1: from day 1 on it no longer counts; day 0 keeps its figure.
    await api('post', `/external-training/${first}/revoke`)
      .send({ reason: 'Giấy chứng nhận không hợp lệ' })
      .expect(200);
    await coverageCaughtUp(t);
    expect((await hrOn(day1)).trained).toBe(1);
    expect((await hrOn(day0)).trained).toBe(2);

    const day3 = await advanceDays(2);
    await coverageCaughtUp(t);
    expect(await hrOn(day3)).toEqual({ trained: 0, headcount: 3, kinds: [] });
    expect((await hrOn(day1)).trained).toBe(1);
  });

  it('counts a session certificate for the session’s counting roles, from its day of issue', async () => {
    // The province's organiser (it may read every commune, and the province is the certificates' authority).
    const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    const present = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Phạm Thị Duyên' });
    const absent = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Vũ Văn Em' });
    const c = await new Callers(t, {
      orgP: await t.given.account({ permission: Permission.Organiser, scopeUnit: P }),
    }).login();
    organiser = c.tokens.orgP;
    await putAuthority(t.http, P.id, c.tokens.orgP);
    const sessionId = await createSession(
      t,
      c.tokens.orgP,
      sessionBody(t, B.id, { startsInHours: 1, hours: 1, countingRoleIds: [hr] }),
    );
    const session = (method: 'put' | 'post', path: string) =>
      t.http[method](`/api/v1/training-sessions/${sessionId}${path}`).auth(c.tokens.orgP, { type: 'bearer' });
    await session('post', '/invitations')
      .send({ unitId: B.id, roleIds: [hr] })
      .expect(201);
    await c.advance(2 * 3_600_000 + 60_000);
    organiser = c.tokens.orgP;
    await session('put', `/attendance/${present.person.id}`).send({ status: 'present' }).expect(200);
    await session('put', `/attendance/${absent.person.id}`).send({ status: 'absent' }).expect(200);
    await session('post', '/attendance/close').expect(200);
    await coverageCaughtUp(t);

    const issuedOn = vietnamDay(t.clock.now());
    expect(await hrOn(issuedOn, B)).toEqual({ trained: 1, headcount: 2, kinds: ['session'] });
    expect((await hrOn(addDays(issuedOn, -1), B)).trained).toBe(0);
  });
});
