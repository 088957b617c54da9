import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { vietnamDay } from '@app/certificates';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { countingExternalRecords, MAX_EVIDENCE_BYTES } from '@app/training';
import { sampleFiles } from '../../factories/authoring';
import { binary, externalTrainingState, submitRecord, workshop } from '../../factories/external-training';
import type { GivenLearner } from '../../factories/roster';
import { blockedBehind, tracked } from '../../setup/races';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Training done elsewhere end to end: a learner records their own with the evidence (PDF or image, sniffed; anything
 * else 415), an organiser records one for a person of their subtree; an organiser of the person's unit approves it
 * for roles (once: a second approval, even at the same time, is 409 and leaves one approval), rejects or revokes it
 * with a reason, each with its audit entry and roster change rows; someone who does not manage the person is 403;
 * lists and the evidence stay inside the subtree. Then the coverage fragment on real rows.
 */

jest.setTimeout(120_000);

type Caller = 'alice' | 'bob' | 'orgA' | 'orgB' | 'orgP' | 'agencyP' | 'agencyQ';

describe('external training: record, approve, reject, revoke, scope', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let alice: GivenLearner;
  let bob: GivenLearner;
  let hr: string;
  let ict: string;
  let tokens: Record<Caller, string>;

  const api = (method: 'get' | 'post', path: string, who: Caller) =>
    t.http[method](`/api/v1${path}`).auth(tokens[who], { type: 'bearer' });
  const today = () => vietnamDay(t.clock.now());
  const submitted = async (who: Caller = 'alice', fields = workshop()): Promise<string> => {
    const res = await submitRecord(t.http, tokens[who], fields);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const changesOf = (recordId: string) =>
    t.db.query<Array<{ kind: string; person_id: string; role_id: string; effective_from: string }>>(
      `SELECT kind, person_id, role_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from
         FROM roster_change WHERE payload->>'recordId' = $1 ORDER BY id`,
      [recordId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    const Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Quảng Xa' });
    alice = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ngọc Ánh' });
    bob = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đặng Hữu Ước' });
    hr = await t.given.roleId('HR_OFFICIAL');
    ict = await t.given.roleId('ICT_MANAGER');
    const token = async (permission: Permission, unit: UnitResponse) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit: unit }));
    tokens = {
      alice: await t.given.tokenFor(alice),
      bob: await t.given.tokenFor(bob),
      orgA: await token(Permission.Organiser, A),
      orgB: await token(Permission.Organiser, B),
      orgP: await token(Permission.Organiser, P),
      agencyP: await token(Permission.Agency, P),
      agencyQ: await token(Permission.Agency, Q),
    };
  });
  afterAll(() => t.close());

  describe('recording', () => {
    it('a learner records their own, pending, with the evidence kept as uploaded', async () => {
      const res = await submitRecord(
        t.http,
        tokens.alice,
        workshop({ topics: ['policy-and-law', 'international-law'] }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        personId: alice.person.id,
        personName: 'Nguyễn Thị Ngọc Ánh',
        organiser: 'Bộ Ngoại giao',
        startedOn: '2026-10-12',
        endedOn: '2026-10-13',
        hours: 16,
        topics: ['international-law', 'policy-and-law'],
        status: 'pending',
        evidenceType: 'application/pdf',
        evidenceName: 'giay-chung-nhan.pdf',
        approvedOn: null,
        roles: [],
        countsToday: false,
      });
      const file = await binary(api('get', `/external-training/${res.body.id}/evidence`, 'alice')).expect(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-security-policy']).toBe('sandbox');
      expect((file.body as Buffer).equals(sampleFiles.pdf())).toBe(true);
      const [audit] = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id]);
      expect(audit).toEqual({ action: 'external_training.create' });
      const mine = await api('get', '/me/external-training', 'alice').expect(200);
      expect(mine.body.map((r: { id: string }) => r.id)).toContain(res.body.id);
      const bobs = await api('get', '/me/external-training', 'bob').expect(200);
      expect(bobs.body).toEqual([]);
    });

    it('accepts a JPEG or PNG scan, judged by content whatever the name', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const res = await submitRecord(t.http, tokens.alice, workshop(), { data: png, name: 'quyet-dinh.pdf' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ evidenceType: 'image/png', evidenceName: 'quyet-dinh.png' });
    });

    it.each([
      ['an HTML page named .pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'chung-nhan.pdf'],
      ['a Word file', Buffer.from('504b0304140000000800', 'hex'), 'chung-nhan.docx'],
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00'), 'anh.gif'],
    ])('refuses %s with 415 and keeps nothing', async (_what, data, name) => {
      const before = await externalTrainingState(t.db);
      const res = await submitRecord(t.http, tokens.alice, workshop({ title: 'Không phải PDF' }), { data, name });
      expect(res.status).toBe(415);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
      expect(await externalTrainingState(t.db)).toBe(before);
    });

    it('refuses evidence over 10 MB (413); refused files leave nothing in storage', async () => {
      const stored = async () =>
        (
          await readdir(join(t.config.storageDir, 'objects', 'external-training'), {
            recursive: true,
            withFileTypes: true,
          }).catch(() => [])
        ).filter((e) => e.isFile()).length;
      const files = await stored();
      const before = await externalTrainingState(t.db);
      const big = Buffer.concat([sampleFiles.pdf(), Buffer.alloc(MAX_EVIDENCE_BYTES, 0x20)]);
      const res = await submitRecord(t.http, tokens.alice, workshop(), { data: big, name: 'lon.pdf' });
      expect(res.status).toBe(413);
      await submitRecord(t.http, tokens.alice, workshop(), { data: Buffer.from('GIF89a'), name: 'a.pdf' }).expect(415);
      expect(await externalTrainingState(t.db)).toBe(before);
      expect(await stored()).toBe(files);
      expect(await readdir(join(t.config.storageDir, 'tmp'))).toEqual([]);
    });

    it.each([
      ['no file', workshop(), null, 'file'],
      ['ended before it started', workshop({ startedOn: '2026-10-13', endedOn: '2026-10-12' }), 'pdf', 'endedOn'],
      ['ends in the future', workshop({ endedOn: '2199-01-01' }), 'pdf', 'endedOn'],
      ['not a real date', workshop({ startedOn: '2026-02-30' }), 'pdf', 'startedOn'],
      ['no hours', workshop({ hours: 0 }), 'pdf', 'hours'],
      ['hours not a number', workshop({ hours: 'mười' }), 'pdf', 'hours'],
      ['a topic outside the catalogue', workshop({ topics: ['astrology'] }), 'pdf', 'topics'],
      ['no title', workshop({ title: '' }), 'pdf', 'title'],
      ['no organiser', workshop({ organiser: undefined }), 'pdf', 'organiser'],
      ['a person id that is not a UUID', workshop({ personId: 'alice' }), 'pdf', 'personId'],
    ])('400 naming the field for %s', async (_what, fields, file, field) => {
      const before = await externalTrainingState(t.db);
      const res = await submitRecord(
        t.http,
        tokens.alice,
        fields,
        file ? { data: sampleFiles.pdf(), name: 'a.pdf' } : null,
      );
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await externalTrainingState(t.db)).toBe(before);
    });

    it('an organiser records one for a person of their subtree; not for a sibling’s person (403)', async () => {
      const res = await submitRecord(t.http, tokens.orgP, workshop({ personId: alice.person.id }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ personId: alice.person.id, status: 'pending' });
      const before = await externalTrainingState(t.db);
      await submitRecord(t.http, tokens.orgB, workshop({ personId: alice.person.id })).expect(403);
      await submitRecord(t.http, tokens.bob, workshop({ personId: alice.person.id })).expect(403);
      await submitRecord(t.http, tokens.agencyP, workshop({ personId: alice.person.id })).expect(403);
      expect(await externalTrainingState(t.db)).toBe(before);
    });

    it('an organiser with no person on the roster must name the person (400)', async () => {
      const res = await submitRecord(t.http, tokens.orgA, workshop()).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'personId' })]);
    });
  });

  describe('deciding', () => {
    it('refuses a decision by someone who does not manage the person (403), changing nothing', async () => {
      const id = await submitted();
      const before = await externalTrainingState(t.db);
      for (const who of ['orgB', 'agencyP', 'agencyQ', 'bob', 'alice'] as const) {
        await api('post', `/external-training/${id}/approve`, who).send({}).expect(403);
        await api('post', `/external-training/${id}/reject`, who).send({ reason: 'Không hợp lệ' }).expect(403);
      }
      expect(await externalTrainingState(t.db)).toBe(before);
    });

    it('an organiser of the unit approves for the person’s roles today, with a roster change row and an audit entry', async () => {
      const id = await submitted();
      const res = await api('post', `/external-training/${id}/approve`, 'orgA').send({}).expect(200);
      expect(res.body).toMatchObject({
        status: 'approved',
        approvedOn: today(),
        expiresOn: null,
        countsToday: true,
        roles: [expect.objectContaining({ id: hr, code: 'HR_OFFICIAL' })],
      });
      expect(await changesOf(id)).toEqual([
        { kind: 'training_approved', person_id: alice.person.id, role_id: hr, effective_from: today() },
      ]);
      const audit = await t.db.query(`SELECT action, details FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
      expect(audit[1]).toEqual({
        action: 'external_training.approve',
        details: { roleIds: [hr], expiresOn: null },
      });
    });

    it('approving twice is 409 and leaves one approval; two at the same time make one', async () => {
      const id = await submitted();
      await api('post', `/external-training/${id}/approve`, 'orgA')
        .send({ roleIds: [hr] })
        .expect(200);
      const before = await externalTrainingState(t.db);
      const again = await api('post', `/external-training/${id}/approve`, 'orgP').send({ roleIds: [ict] });
      expect(again.status).toBe(409);
      expect(await externalTrainingState(t.db)).toBe(before);

      // Two approvals at the same time: both reach the row lock, then the lock is let go.
      const raced = await submitted();
      const blocker = t.db.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      // EXCLUSIVE lets reads through but holds every row lock: both wait here, neither behind the other.
      await blocker.query(`LOCK TABLE external_training IN EXCLUSIVE MODE`);
      const [{ pid }] = await blocker.query(`SELECT pg_backend_pid() AS pid`);
      const contenders = [
        tracked(
          api('post', `/external-training/${raced}/approve`, 'orgA')
            .send({ roleIds: [hr] })
            .then((r) => r),
        ),
        tracked(
          api('post', `/external-training/${raced}/approve`, 'orgP')
            .send({ roleIds: [hr, ict] })
            .then((r) => r),
        ),
      ];
      await blockedBehind(t.db, pid as number, 2, () => contenders.some((c) => c.settled()));
      await blocker.commitTransaction();
      await blocker.release();
      const answers = await Promise.all(contenders.map((c) => c.work));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const approvals = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'external_training.approve'`,
        [raced],
      );
      expect(approvals).toEqual([{ n: 1 }]);
      const winner = answers.find((a) => a.status === 200)!.body as { roles: Array<{ id: string }> };
      expect((await changesOf(raced)).map((c) => c.role_id).sort()).toEqual(winner.roles.map((r) => r.id).sort());
    });

    it('approves for the roles the approver names, with its own validity', async () => {
      const id = await submitted();
      const bad = await api('post', `/external-training/${id}/approve`, 'orgA')
        .send({ roleIds: [hr], expiresOn: today() })
        .expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'expiresOn' })]);
      const unknown = await api('post', `/external-training/${id}/approve`, 'orgA')
        .send({ roleIds: ['00000000-0000-4000-8000-000000000000'] })
        .expect(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'roleIds' })]);
      const res = await api('post', `/external-training/${id}/approve`, 'orgA')
        .send({ roleIds: [ict, hr], expiresOn: '2199-01-01' })
        .expect(200);
      expect(res.body.roles.map((r: { id: string }) => r.id).sort()).toEqual([hr, ict].sort());
      expect(res.body.expiresOn).toBe('2199-01-01');
    });

    it('rejects with a reason (required), after which it cannot be approved', async () => {
      const id = await submitted();
      const noReason = await api('post', `/external-training/${id}/reject`, 'orgA').send({}).expect(400);
      expect(noReason.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
      const res = await api('post', `/external-training/${id}/reject`, 'orgA')
        .send({ reason: 'Giấy chứng nhận không rõ' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', reason: 'Giấy chứng nhận không rõ', countsToday: false });
      await api('post', `/external-training/${id}/approve`, 'orgA').send({}).expect(409);
      await api('post', `/external-training/${id}/revoke`, 'orgA').send({ reason: 'Thu hồi thử' }).expect(409);
      expect(await changesOf(id)).toEqual([]);
    });

    it('revokes an approval with a reason: it stops counting today, with a roster change row', async () => {
      const id = await submitted();
      await api('post', `/external-training/${id}/revoke`, 'orgA').send({ reason: 'Chưa được duyệt' }).expect(409);
      await api('post', `/external-training/${id}/approve`, 'orgA').send({}).expect(200);
      await api('post', `/external-training/${id}/revoke`, 'orgB').send({ reason: 'Không phải của tôi' }).expect(403);
      await api('post', `/external-training/${id}/revoke`, 'orgA').send({}).expect(400);
      const res = await api('post', `/external-training/${id}/revoke`, 'orgP')
        .send({ reason: 'Quyết định cử đi học đã bị huỷ' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'revoked', revokedOn: today(), countsToday: false });
      expect((await changesOf(id)).map((c) => c.kind)).toEqual(['training_approved', 'training_revoked']);
    });

    it('an organiser who is also on the roster cannot decide their own record (403), only others’', async () => {
      const own = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Lê Văn Tự' });
      await t.db.query(
        `INSERT INTO account_grant (account_id, permission, scope_unit_id) VALUES ($1, 'organiser', $2)`,
        [own.id, A.id],
      );
      const ownToken = await t.given.tokenFor(own);
      const decide = (id: string) =>
        t.http.post(`/api/v1/external-training/${id}/approve`).auth(ownToken, { type: 'bearer' }).send({});
      const ownRecord = (await submitRecord(t.http, ownToken).expect(201)).body.id as string;
      await decide(ownRecord).expect(403);
      await decide(await submitted()).expect(200);
    });
  });

  describe('seeing', () => {
    it('lists only the records of the caller’s subtree, filtered by status', async () => {
      const aliceRecord = await submitted('alice', workshop({ title: 'Tập huấn của Ánh' }));
      const bobRecord = await submitted('bob', workshop({ title: 'Tập huấn của Ước' }));
      const ids = async (who: Caller, query = '') =>
        ((await api('get', `/external-training${query}`, who).expect(200)).body.items as Array<{ id: string }>).map(
          (r) => r.id,
        );
      expect(await ids('orgA')).toContain(aliceRecord);
      expect(await ids('orgA')).not.toContain(bobRecord);
      expect(await ids('orgB')).toEqual([bobRecord]);
      expect(await ids('orgP')).toEqual(expect.arrayContaining([aliceRecord, bobRecord]));
      expect(await ids('agencyP')).toEqual(expect.arrayContaining([aliceRecord, bobRecord]));
      expect(await ids('agencyQ')).toEqual([]);
      expect(await ids('orgP', '?status=rejected')).not.toContain(aliceRecord);
      expect(await ids('orgP', `?status=pending&unitId=${B.id}`)).toEqual([bobRecord]);
      expect(await ids('orgP', `?q=${encodeURIComponent('dang huu uoc')}`)).toEqual([bobRecord]);
      expect(await ids('orgA', `?q=${encodeURIComponent('DANG HUU')}`)).toEqual([]);
      await api('get', '/external-training?status=done', 'orgP').expect(400);
      await api('get', '/external-training', 'alice').expect(403);
      for (const who of ['orgB', 'agencyQ', 'bob'] as const) {
        await api('get', `/external-training/${aliceRecord}`, who).expect(404);
        await api('get', `/external-training/${aliceRecord}/evidence`, who).expect(404);
      }
      await api('get', `/external-training/${aliceRecord}`, 'agencyP').expect(200);
      await api('get', `/external-training/${aliceRecord}/evidence`, 'orgA').expect(200);
    });
  });

  describe('countingExternalRecords (the fragment coverage unions in)', () => {
    it('counts a record from its approval day, until it is revoked or expires, once per approved role', async () => {
      const record = async (title: string) => submitted('alice', workshop({ title }));
      const [open, revoked, expiring, pending, rejected] = await Promise.all(
        ['Còn hiệu lực', 'Thu hồi', 'Hết hạn', 'Chờ duyệt', 'Từ chối'].map((x) => record(x)),
      );
      for (const id of [open, revoked, expiring]) {
        await api('post', `/external-training/${id}/approve`, 'orgA')
          .send({ roleIds: [hr, ict] })
          .expect(200);
      }
      await api('post', `/external-training/${rejected}/reject`, 'orgA').send({ reason: 'Không hợp lệ' }).expect(200);
      await api('post', `/external-training/${revoked}/revoke`, 'orgA').send({ reason: 'Nhầm người' }).expect(200);
      // Move the days into the past so the rule can be read at each edge (approval 2026-03-01, revoked 2026-06-01,
      // expiring 2026-09-01).
      await t.db.query(`UPDATE external_training SET approved_on = '2026-03-01' WHERE id = ANY($1)`, [
        [open, revoked, expiring],
      ]);
      await t.db.query(`UPDATE external_training SET revoked_on = '2026-06-01' WHERE id = $1`, [revoked]);
      await t.db.query(`UPDATE external_training SET expires_on = '2026-09-01' WHERE id = $1`, [expiring]);
      const counting = async (day: string) =>
        (
          await t.db.query<Array<{ record_id: string; role_id: string; record_kind: string; person_id: string }>>(
            `SELECT * FROM (${countingExternalRecords('$1')}) x WHERE x.record_id = ANY($2::uuid[])`,
            [day, [open, revoked, expiring, pending, rejected]],
          )
        )
          .map(
            (r) =>
              `${[open, revoked, expiring].indexOf(r.record_id)}:${r.role_id === hr ? 'hr' : 'ict'}:${r.record_kind}`,
          )
          .sort();
      const all = (n: number) => [`${n}:hr:external`, `${n}:ict:external`];
      expect(await counting('2026-02-28')).toEqual([]);
      expect(await counting('2026-03-01')).toEqual([...all(0), ...all(1), ...all(2)].sort());
      expect(await counting('2026-05-31')).toEqual([...all(0), ...all(1), ...all(2)].sort());
      expect(await counting('2026-06-01')).toEqual([...all(0), ...all(2)].sort());
      expect(await counting('2026-08-31')).toEqual([...all(0), ...all(2)].sort());
      expect(await counting('2026-09-01')).toEqual(all(0));
      expect(await counting('2199-01-01')).toEqual(all(0));
      const [row] = await t.db.query(`SELECT * FROM (${countingExternalRecords('$1')}) x WHERE x.record_id = $2`, [
        '2026-03-01',
        open,
      ]);
      expect(Object.keys(row).sort()).toEqual(['person_id', 'record_id', 'record_kind', 'role_id']);
      expect(row.person_id).toBe(alice.person.id);
    });

    it('takes only placeholders', () => {
      expect(() => countingExternalRecords("'2026-01-01'")).toThrow(/placeholder/);
      expect(countingExternalRecords('$3')).toContain('$3::date');
    });
  });
});
