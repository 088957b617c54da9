import { vietnamDay } from '@app/certificates';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { countingSessionRecords } from '@app/training';
import type { GivenLearner } from '../../factories/roster';
import { Callers, createSession, sessionBody } from '../../factories/training';
import { putAuthority } from '../../factories/certificates';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Certificates from attendance: making the attendance of a counting session final issues a certificate of kind
 * 'session' (through libs/certificates, by the organiser's nearest authority) to each person present for the
 * required share, once; corrections issue or revoke in the same transaction; the certificate verifies like the
 * others; countingSessionRecords gives coverage its rows on a day. A session that does not count issues none.
 */

jest.setTimeout(120_000);

describe('session certificates', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let hr: string;
  let ann: GivenLearner;
  let chi: GivenLearner;
  let dung: GivenLearner;
  let c: Callers<'orgA' | 'orgP' | 'orgB'>;
  let sessionId: string;
  let lastDay: string;

  const api = (method: 'get' | 'post' | 'put', path: string, token: string) =>
    t.http[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
  const mark = (personId: string, status: string, share?: number) =>
    api('put', `/training-sessions/${sessionId}/attendance/${personId}`, c.tokens.orgA)
      .send({ status, ...(share === undefined ? {} : { share }) })
      .expect(200);
  const certificates = () =>
    t.db.query<
      Array<{
        id: string;
        person_id: string;
        kind: string;
        session_id: string;
        source_key: string;
        code: string;
        completed_on: string;
        issued_on: string;
        expires_on: string | null;
        revoked_on: string | null;
        authority_unit_id: string;
      }>
    >(
      `SELECT id, person_id, kind, session_id, source_key, code, to_char(completed_on, 'YYYY-MM-DD') AS completed_on,
              to_char(issued_on, 'YYYY-MM-DD') AS issued_on, to_char(expires_on, 'YYYY-MM-DD') AS expires_on,
              to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, authority_unit_id
         FROM certificate WHERE session_id = $1 ORDER BY person_id`,
      [sessionId],
    );
  const records = (day: string) =>
    t.db.query<Array<{ person_id: string; role_id: string; record_kind: string; certificate_id: string }>>(
      `SELECT * FROM (${countingSessionRecords('$1')}) r ORDER BY person_id`,
      [day],
    );

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    hr = await t.given.roleId('HR_OFFICIAL');
    ann = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ánh' });
    chi = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Trần Văn Chí' });
    dung = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Lê Thị Dung' });
    const account = (unit: UnitResponse) => t.given.account({ permission: Permission.Organiser, scopeUnit: unit });
    c = await new Callers(t, { orgA: await account(A), orgP: await account(P), orgB: await account(B) }).login();
    // The province is the authority: the commune has none, so its sessions are certified by the nearest one above.
    await putAuthority(t.http, P.id, c.tokens.orgP);
    const body = {
      ...sessionBody(t, A.id, { startsInHours: 1, hours: 1, countingRoleIds: [hr] }),
      requiredShare: 80,
      validityMonths: 24,
    };
    lastDay = vietnamDay(new Date(body.endsAt));
    sessionId = await createSession(t, c.tokens.orgA, body);
    await api('post', `/training-sessions/${sessionId}/invitations`, c.tokens.orgA)
      .send({ unitId: A.id, roleIds: [hr] })
      .expect(201);
    await c.advance(2 * 3_600_000 + 60_000);
  });
  afterAll(() => t.close());

  it('issues nothing before the attendance is final', async () => {
    await mark(ann.person.id, 'present');
    await mark(chi.person.id, 'present', 50);
    await mark(dung.person.id, 'absent');
    expect(await certificates()).toEqual([]);
  });

  it('refuses to make it final for an outsider', async () => {
    await api('post', `/training-sessions/${sessionId}/attendance/close`, c.tokens.orgB).expect(404);
    expect(
      (await t.db.query(`SELECT attendance_closed_at FROM training_session WHERE id = $1`, [sessionId]))[0],
    ).toEqual({ attendance_closed_at: null });
  });

  it('makes it final: one session certificate for whoever attended the required share, by the nearest authority', async () => {
    const res = await api('post', `/training-sessions/${sessionId}/attendance/close`, c.tokens.orgA).expect(200);
    expect(res.body.certificatesIssued).toBe(1);
    const today = vietnamDay(t.clock.now());
    const [cert, ...others] = await certificates();
    expect(others).toEqual([]);
    expect(cert).toMatchObject({
      person_id: ann.person.id,
      kind: 'session',
      session_id: sessionId,
      source_key: `attendance:${sessionId}:${ann.person.id}`,
      completed_on: lastDay,
      issued_on: today,
      expires_on: `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`,
      revoked_on: null,
      authority_unit_id: P.id,
    });
    await api('post', `/training-sessions/${sessionId}/attendance/close`, c.tokens.orgA).expect(409);
    expect(await certificates()).toHaveLength(1);
  });

  it('verifies it publicly like any certificate, and draws its PDF', async () => {
    const [cert] = await certificates();
    const v = await t.http.get(`/api/v1/certificates/verify/${cert.code}`).expect(200);
    expect(v.body).toMatchObject({
      status: 'valid',
      kind: 'session',
      personName: 'Nguyễn Thị Ánh',
      title: 'Tập huấn kỹ năng truyền thông về quyền con người',
    });
    const page = await t.http.get(`/verify/${cert.code}`).expect(200);
    expect(page.text).toContain('Lớp tập huấn');
    expect(page.text).toContain('Tập huấn kỹ năng truyền thông về quyền con người');
    const pdf = await api('get', `/certificates/${cert.id}/pdf`, c.tokens.orgA).expect(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
  });

  it('follows corrections in the same transaction: the share met issues, a lost presence revokes', async () => {
    await mark(chi.person.id, 'present', 80);
    await mark(ann.person.id, 'absent');
    const byPerson = Object.fromEntries((await certificates()).map((x) => [x.person_id, x]));
    const today = vietnamDay(t.clock.now());
    expect(byPerson[chi.person.id]).toMatchObject({ kind: 'session', revoked_on: null });
    expect(byPerson[ann.person.id]).toMatchObject({ revoked_on: today });
    expect(byPerson[dung.person.id]).toBeUndefined();
    const changes = await t.db.query<Array<{ kind: string; person_id: string }>>(
      `SELECT kind, person_id FROM roster_change WHERE kind LIKE 'certificate_%' ORDER BY id`,
    );
    expect(changes.map((x) => [x.kind, x.person_id])).toEqual([
      ['certificate_issued', ann.person.id],
      ['certificate_issued', chi.person.id],
      ['certificate_revoked', ann.person.id],
    ]);
  });

  it('gives coverage the valid records × counting roles on a day (countingSessionRecords)', async () => {
    const today = vietnamDay(t.clock.now());
    const certs = Object.fromEntries((await certificates()).map((x) => [x.person_id, x.id]));
    expect(await records(today)).toEqual([
      { person_id: chi.person.id, role_id: hr, record_kind: 'session', certificate_id: certs[chi.person.id] },
    ]);
    // The day before: nothing was issued yet (issued_on ≤ D).
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    expect(await records(yesterday)).toEqual([]);
    // After the expiry (24 months): none.
    expect(await records(`${Number(today.slice(0, 4)) + 3}-01-01`)).toEqual([]);
    expect(() => countingSessionRecords("'2026-01-01'")).toThrow(/placeholder/);
  });

  it('issues a new certificate when a correction gives back a presence it took away, once', async () => {
    await mark(ann.person.id, 'present');
    await mark(ann.person.id, 'present');
    const anns = (await certificates())
      .filter((x) => x.person_id === ann.person.id)
      .sort((a, b) => a.source_key.localeCompare(b.source_key));
    const base = `attendance:${sessionId}:${ann.person.id}`;
    expect(anns.map((x) => [x.source_key, x.revoked_on === null])).toEqual([
      [base, false],
      [`${base}:2`, true],
    ]);
    const today = vietnamDay(t.clock.now());
    expect((await records(today)).map((r) => r.certificate_id)).toContain(anns[1].id);
    // Taken away again: the new one is withdrawn too; nothing else changes.
    await mark(ann.person.id, 'absent');
    expect((await certificates()).filter((x) => x.person_id === ann.person.id && x.revoked_on === null)).toEqual([]);
  });

  it('issues nothing for a session that does not count', async () => {
    const id = await createSession(t, c.tokens.orgA, sessionBody(t, A.id, { startsInHours: 1, hours: 1 }));
    await api('post', `/training-sessions/${id}/invitations`, c.tokens.orgA)
      .send({ personIds: [dung.person.id] })
      .expect(201);
    await c.advance(2 * 3_600_000);
    await api('put', `/training-sessions/${id}/attendance/${dung.person.id}`, c.tokens.orgA)
      .send({ status: 'present' })
      .expect(200);
    const res = await api('post', `/training-sessions/${id}/attendance/close`, c.tokens.orgA).expect(200);
    expect(res.body.certificatesIssued).toBe(0);
    expect(await t.db.query(`SELECT id FROM certificate WHERE session_id = $1`, [id])).toEqual([]);
  });

  it("shows the session certificates in the organisers' list (the trained list until coverage exists)", async () => {
    const res = await api('get', `/certificates?unitId=${A.id}`, c.tokens.orgP).expect(200);
    expect(res.body.items.map((x: { personName?: string; snapshot?: unknown }) => JSON.stringify(x)).join()).toContain(
      'Trần Văn Chí',
    );
  });
});
