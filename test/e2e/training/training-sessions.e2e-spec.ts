import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import type { GivenLearner } from '../../factories/roster';
import { attendanceRows, createSession, sessionBody } from '../../factories/training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * In-person sessions end to end: create and edit (bad input named, outsiders refused), invitations with a waiting
 * list and answers, attendance at the door (not before the start, one record per person, walk-ins only from the
 * organiser's roster, corrections for 30 days, every change audited), the signed sheet (415 for other content).
 */

jest.setTimeout(120_000);

describe('training sessions: create, invite, take attendance', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let hr: string;
  let ann: GivenLearner;
  let binh: GivenLearner;
  let chi: GivenLearner;
  let dung: GivenLearner;
  let tokens: Record<'orgA' | 'orgB' | 'orgP' | 'ann' | 'binh' | 'agencyP', string>;
  let accounts: Record<keyof typeof tokens, { login: string; password: string }>;
  /** Moves the clock, and logs everyone in again (access tokens last an hour). */
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    for (const k of Object.keys(accounts) as Array<keyof typeof tokens>) {
      tokens[k] = await t.given.tokenFor(accounts[k]);
    }
  };

  const api = (method: 'get' | 'post' | 'put', path: string, token: string) =>
    t.http[method](`/api/v1${path}`).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    hr = await t.given.roleId('HR_OFFICIAL');
    ann = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ánh' });
    chi = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Trần Văn Chí' });
    dung = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Lê Thị Dung' });
    binh = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đỗ Văn Bình' });
    const account = (permission: Permission, unit: UnitResponse) => t.given.account({ permission, scopeUnit: unit });
    accounts = {
      orgA: await account(Permission.Organiser, A),
      orgB: await account(Permission.Organiser, B),
      orgP: await account(Permission.Organiser, P),
      agencyP: await account(Permission.Agency, P),
      ann,
      binh,
    };
    tokens = {} as typeof tokens;
    await advance(0);
  });
  afterAll(() => t.close());

  describe('sessions', () => {
    it('creates a session for the organiser unit and reads it back', async () => {
      const body = { ...sessionBody(t, A.id), topics: ['policy-and-law'], targetRoleIds: [hr], countingRoleIds: [hr] };
      const res = await api('post', '/training-sessions', tokens.orgA).send(body).expect(201);
      expect(res.body).toMatchObject({
        title: sessionBody(t, A.id).title,
        kind: 'training',
        organiserUnitId: A.id,
        organiserUnitName: A.name,
        place: 'Hội trường UBND xã',
        requiredShare: 100,
        targetRoleIds: [hr],
        countingRoleIds: [hr],
        counts: { invited: 0, confirmed: 0, declined: 0, waiting: 0, present: 0 },
      });
      const read = await api('get', `/training-sessions/${res.body.id}`, tokens.agencyP).expect(200);
      expect(read.body.id).toBe(res.body.id);
    });

    it.each([
      ['endsAt', (b: Record<string, unknown>) => ({ ...b, endsAt: b.startsAt })],
      ['startsAt', (b: Record<string, unknown>) => ({ ...b, startsAt: '2026-12-05 08:00' })],
      ['place', (b: Record<string, unknown>) => ({ ...b, place: undefined })],
      ['onlineUrl', (b: Record<string, unknown>) => ({ ...b, onlineUrl: 'javascript:alert(1)' })],
      ['topics', (b: Record<string, unknown>) => ({ ...b, topics: ['no-such-topic'] })],
      ['countingRoleIds', (b: Record<string, unknown>) => ({ ...b, countingRoleIds: [A.id] })],
      ['kind', (b: Record<string, unknown>) => ({ ...b, kind: 'party' })],
      ['capacity', (b: Record<string, unknown>) => ({ ...b, capacity: 0 })],
      ['requiredShare', (b: Record<string, unknown>) => ({ ...b, requiredShare: 101 })],
      ['organiserUnitId', (b: Record<string, unknown>) => ({ ...b, organiserUnitId: hr })],
    ])('refuses a bad %s with 400 naming it, writing nothing', async (field, change) => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM training_session`);
      const res = await api('post', '/training-sessions', tokens.orgA).send(change(sessionBody(t, A.id)));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM training_session`)).toEqual(before);
    });

    it('refuses an organiser of another commune, an agency and a learner', async () => {
      await api('post', '/training-sessions', tokens.orgB).send(sessionBody(t, A.id)).expect(403);
      await api('post', '/training-sessions', tokens.agencyP).send(sessionBody(t, A.id)).expect(403);
      await api('post', '/training-sessions', tokens.ann).send(sessionBody(t, A.id)).expect(403);
    });

    it("lists a subtree's sessions, by month, and hides them from a sibling commune", async () => {
      const id = await createSession(t, tokens.orgA, sessionBody(t, A.id, { title: 'Hội thảo tháng này' }));
      const month = new Date(t.clock.now().getTime() + 7 * 3_600_000 + 3_600_000).toISOString().slice(0, 7);
      const mine = await api('get', `/training-sessions?month=${month}`, tokens.orgP).expect(200);
      expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(id);
      const other = await api('get', `/training-sessions`, tokens.orgB).expect(200);
      expect(other.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
      await api('get', `/training-sessions/${id}`, tokens.orgB).expect(404);
      await api('get', `/training-sessions?month=2026-13`, tokens.orgA).expect(400);
    });

    it('edits a session (audited), and refuses the edit to a reader', async () => {
      const id = await createSession(t, tokens.orgA, sessionBody(t, A.id));
      const changed = { ...sessionBody(t, A.id), title: 'Tọa đàm chuyên gia', kind: 'seminar' };
      await api('put', `/training-sessions/${id}`, tokens.agencyP).send(changed).expect(403);
      const res = await api('put', `/training-sessions/${id}`, tokens.orgP).send(changed).expect(200);
      expect(res.body).toMatchObject({ title: 'Tọa đàm chuyên gia', kind: 'seminar' });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'training.session.create',
        'training.session.update',
      ]);
    });
  });

  describe('invitations', () => {
    it('invites a subtree × roles up to the capacity, the rest wait; a decline promotes the first waiting', async () => {
      const id = await createSession(t, tokens.orgA, sessionBody(t, A.id, { capacity: 2 }));
      const res = await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ unitId: A.id, roleIds: [hr] })
        .expect(201);
      expect(res.body).toEqual({ added: 3, waiting: 1 });
      const again = await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ personIds: [ann.person.id] })
        .expect(201);
      expect(again.body).toEqual({ added: 0, waiting: 0 });
      const list = async () =>
        Object.fromEntries(
          (await api('get', `/training-sessions/${id}/invitations`, tokens.orgA).expect(200)).body.map(
            (i: { personId: string; status: string }) => [i.personId, i.status],
          ),
        );
      const before = await list();
      const waiting = Object.keys(before).find((p) => before[p] === 'waiting')!;
      expect(Object.values(before).sort()).toEqual(['invited', 'invited', 'waiting']);
      const decliner = Object.keys(before).find((p) => before[p] === 'invited')!;
      // the learner answers for themself; an organiser over the person's unit may too
      const annAnswers = decliner === ann.person.id ? tokens.ann : tokens.orgA;
      await api('post', `/training-sessions/${id}/invitations/${decliner}/answer`, annAnswers)
        .send({ answer: 'decline' })
        .expect(200);
      const after = await list();
      expect(after[decliner]).toBe('declined');
      expect(after[waiting]).toBe('invited');
      await api('post', `/training-sessions/${id}/invitations/${waiting}/answer`, tokens.orgA)
        .send({ answer: 'confirm' })
        .expect(200);
      expect((await list())[waiting]).toBe('confirmed');
    });

    it("refuses another commune's organiser, people outside the caller's roster, and a bad answer", async () => {
      const id = await createSession(t, tokens.orgA, sessionBody(t, A.id));
      await api('post', `/training-sessions/${id}/invitations`, tokens.orgB)
        .send({ personIds: [binh.person.id] })
        .expect(404);
      const outside = await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ personIds: [binh.person.id] })
        .expect(400);
      expect(JSON.stringify(outside.body)).toContain('personIds');
      await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ unitId: B.id, roleIds: [hr] })
        .expect(403);
      await api('post', `/training-sessions/${id}/invitations`, tokens.orgA).send({}).expect(400);
      await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ personIds: [ann.person.id] })
        .expect(201);
      await api('post', `/training-sessions/${id}/invitations/${ann.person.id}/answer`, tokens.binh)
        .send({ answer: 'confirm' })
        .expect(404);
      await api('post', `/training-sessions/${id}/invitations/${ann.person.id}/answer`, tokens.ann)
        .send({ answer: 'maybe' })
        .expect(400);
      expect(
        await t.db.query(`SELECT count(*)::int AS n FROM training_session_invitee WHERE session_id = $1`, [id]),
      ).toEqual([{ n: 1 }]);
    });
  });

  describe('attendance', () => {
    let id: string;

    beforeAll(async () => {
      id = await createSession(t, tokens.orgA, sessionBody(t, A.id, { startsInHours: 1 }));
      await api('post', `/training-sessions/${id}/invitations`, tokens.orgA)
        .send({ personIds: [ann.person.id, chi.person.id] })
        .expect(201);
    });

    it('refuses attendance before the session starts', async () => {
      const res = await api('put', `/training-sessions/${id}/attendance/${ann.person.id}`, tokens.orgA)
        .send({ status: 'present' })
        .expect(409);
      expect(JSON.stringify(res.body)).toMatch(/not started/);
      expect(await attendanceRows(t, id)).toEqual([]);
    });

    it('ticks an invitee present twice: one record; then corrects it, each change audited', async () => {
      await advance(61 * 60_000);
      for (let i = 0; i < 2; i++) {
        await api('put', `/training-sessions/${id}/attendance/${ann.person.id}`, tokens.orgA)
          .send({ status: 'present' })
          .expect(200);
      }
      expect(await attendanceRows(t, id)).toEqual([
        { person_id: ann.person.id, status: 'present', share: 100, walk_in: false },
      ]);
      const res = await api('put', `/training-sessions/${id}/attendance/${ann.person.id}`, tokens.orgA)
        .send({ status: 'excused' })
        .expect(200);
      expect(res.body).toMatchObject({ personId: ann.person.id, status: 'excused', share: 0, invitation: 'invited' });
      const audit = await t.db.query<
        Array<{ details: { before: { status: string } | null; after: { status: string } } }>
      >(`SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'training.attendance.mark' ORDER BY id`, [id]);
      expect(audit.map((a) => [a.details.before?.status ?? null, a.details.after.status])).toEqual([
        [null, 'present'],
        ['present', 'excused'],
      ]);
    });

    it('searches the expected list without diacritics', async () => {
      const res = await api('get', `/training-sessions/${id}/attendance?q=tran van chi`, tokens.orgA).expect(200);
      expect(res.body.map((r: { fullName: string }) => r.fullName)).toEqual(['Trần Văn Chí']);
    });

    it("adds a walk-in from the organiser's roster, and refuses someone from outside it", async () => {
      const found = await api('get', `/training-sessions/${id}/walk-ins?q=le thi dung`, tokens.orgA).expect(200);
      expect(found.body.map((r: { personId: string }) => r.personId)).toEqual([dung.person.id]);
      await api('put', `/training-sessions/${id}/attendance/${dung.person.id}`, tokens.orgA)
        .send({ status: 'present' })
        .expect(200);
      const refused = await api('put', `/training-sessions/${id}/attendance/${binh.person.id}`, tokens.orgP)
        .send({ status: 'present' })
        .expect(403);
      expect(JSON.stringify(refused.body)).toContain('personId');
      await api('put', `/training-sessions/${id}/attendance/${ann.person.id}`, tokens.orgB)
        .send({ status: 'present' })
        .expect(404);
      const rows = await attendanceRows(t, id);
      expect(rows.map((r) => [r.person_id, r.status, r.walk_in]).sort()).toEqual(
        [
          [ann.person.id, 'excused', false],
          [dung.person.id, 'present', true],
        ].sort(),
      );
    });

    it('takes the signed sheet as PDF or image, 415 otherwise', async () => {
      await api('post', `/training-sessions/${id}/attendance-sheet`, tokens.orgA)
        .attach('file', Buffer.from('name,present\nAnn,yes\n'), 'sheet.pdf')
        .expect(415);
      await api('post', `/training-sessions/${id}/attendance-sheet`, tokens.orgA)
        .attach('file', sampleFiles.pdf(), 'sheet.pdf')
        .expect(204);
      const back = await api('get', `/training-sessions/${id}/attendance-sheet`, tokens.orgA).expect(200);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect((await api('get', `/training-sessions/${id}`, tokens.orgA)).body.hasSheet).toBe(true);
    });

    it('refuses corrections 30 days after the session ended', async () => {
      await advance(30 * 86_400_000 + 2 * 3_600_000);
      const res = await api('put', `/training-sessions/${id}/attendance/${chi.person.id}`, tokens.orgA)
        .send({ status: 'present' })
        .expect(409);
      expect(JSON.stringify(res.body)).toMatch(/30 days/);
    });

    it('refuses door ticks for a session created after it was held', async () => {
      const past = await createSession(t, tokens.orgA, sessionBody(t, A.id, { startsInHours: -48 }));
      const res = await api('put', `/training-sessions/${past}/attendance/${ann.person.id}`, tokens.orgA)
        .send({ status: 'present' })
        .expect(409);
      expect(JSON.stringify(res.body)).toMatch(/import/);
    });
  });
});
