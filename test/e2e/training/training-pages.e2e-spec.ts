import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import type { GivenLearner } from '../../factories/roster';
import { attendanceRows, Callers, createSession, sessionBody } from '../../factories/training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The sessions pages without JavaScript: the month calendar and list, a session's page with its counts and lists,
 * and attendance at the door (search without diacritics, one form per tap, a walk-in, the refusal shown on the page),
 * in Vietnamese and English, each under 50 KB compressed.
 */

jest.setTimeout(120_000);

describe('training sessions pages', () => {
  let t: TestApp;
  let A: UnitResponse;
  let ann: GivenLearner;
  let chi: GivenLearner;
  let c: Callers<'orgA'>;
  let web: Awaited<ReturnType<TestApp['given']['webLogin']>>;
  let sessionId: string;
  let orgA: { login: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    ann = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ánh' });
    chi = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Trần Văn Chí' });
    orgA = await t.given.account({ permission: Permission.Organiser, scopeUnit: A });
    c = await new Callers(t, { orgA }).login();
    sessionId = await createSession(t, c.tokens.orgA, sessionBody(t, A.id, { title: 'Hội thảo chuyên đề Ánh Dương' }));
    await t.http
      .post(`/api/v1/training-sessions/${sessionId}/invitations`)
      .auth(c.tokens.orgA, { type: 'bearer' })
      .send({ personIds: [ann.person.id] })
      .expect(201);
    web = await t.given.webLogin(orgA);
  });
  afterAll(() => t.close());

  const small = (html: string) => expect(gzipSync(html).length).toBeLessThan(50 * 1024);

  it('shows the month calendar and the list, with the nav link, in both languages', async () => {
    const vi = await web.agent.get('/training-sessions').expect(200);
    expect(vi.text).toContain('Hội thảo chuyên đề Ánh Dương');
    expect(vi.text).toContain('href="/training-sessions"');
    expect(vi.text).toContain('Lịch tháng');
    small(vi.text);
    const en = await web.agent.get('/training-sessions?lang=en').expect(200);
    expect(en.text).toContain('Month calendar');
    const empty = await web.agent.get('/training-sessions?month=2020-01').expect(200);
    expect(empty.text).not.toContain('Hội thảo chuyên đề Ánh Dương');
  });

  it('creates a session from the page form (Vietnam time), and shows the problems of a bad one', async () => {
    const bad = await web.agent
      .post('/training-sessions')
      .type('form')
      .send({
        _csrf: web.csrf,
        title: 'Tọa đàm',
        kind: 'seminar',
        organiserUnitId: A.id,
        startsAt: '2030-01-02T08:00',
        endsAt: '2030-01-02T07:00',
        place: 'Hội trường',
      })
      .expect(400);
    expect(bad.text).toContain('endsAt');
    const res = await web.agent
      .post('/training-sessions')
      .type('form')
      .send({
        _csrf: web.csrf,
        title: 'Tọa đàm chuyên gia',
        kind: 'seminar',
        organiserUnitId: A.id,
        startsAt: '2030-01-02T08:00',
        endsAt: '2030-01-02T11:00',
        place: 'Hội trường',
      })
      .expect(303);
    const id = /\/training-sessions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    const [row] = await t.db.query(`SELECT kind, starts_at FROM training_session WHERE id = $1`, [id]);
    expect(row).toEqual({ kind: 'seminar', starts_at: new Date('2030-01-02T01:00:00Z') });
  });

  it("shows a session's counts and invitees", async () => {
    const res = await web.agent.get(`/training-sessions/${sessionId}?lang=vi`).expect(200);
    expect(res.text).toContain('Nguyễn Thị Ánh');
    expect(res.text).toContain('Điểm danh');
    small(res.text);
  });

  it('refuses a tick before the start on the page itself, then takes attendance by name without diacritics', async () => {
    const early = await web.agent
      .post(`/training-sessions/${sessionId}/attendance/${ann.person.id}`)
      .type('form')
      .send({ _csrf: web.csrf, status: 'present', q: 'anh' })
      .expect(409);
    expect(early.text).toContain('role="alert"');
    await c.advance(61 * 60_000);
    web = await t.given.webLogin(orgA);
    const search = await web.agent.get(`/training-sessions/${sessionId}/attendance?q=nguyen thi anh`).expect(200);
    expect(search.text).toContain('Nguyễn Thị Ánh');
    small(search.text);
    await web.agent
      .post(`/training-sessions/${sessionId}/attendance/${ann.person.id}`)
      .type('form')
      .send({ _csrf: web.csrf, status: 'present', q: 'nguyen thi anh' })
      .expect(303)
      .expect('Location', `/training-sessions/${sessionId}/attendance?q=nguyen%20thi%20anh`);
    // a walk-in: not invited, found on the organiser's roster
    const walkIn = await web.agent.get(`/training-sessions/${sessionId}/attendance?q=tran van`).expect(200);
    expect(walkIn.text).toContain('Trần Văn Chí');
    await web.agent
      .post(`/training-sessions/${sessionId}/attendance/${chi.person.id}`)
      .type('form')
      .send({ _csrf: web.csrf, status: 'present' })
      .expect(303);
    const bad = await web.agent
      .post(`/training-sessions/${sessionId}/attendance/${chi.person.id}`)
      .type('form')
      .send({ _csrf: web.csrf, status: 'late' })
      .expect(400);
    expect(bad.text).toContain('role="alert"');
    expect((await attendanceRows(t, sessionId)).map((r) => [r.person_id, r.status, r.walk_in]).sort()).toEqual(
      [
        [ann.person.id, 'present', false],
        [chi.person.id, 'present', true],
      ].sort(),
    );
  });
});
