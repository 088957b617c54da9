import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('/api/v1/people', () => {
  let t: TestApp;
  let roles: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const rows: Array<{ id: string; code: string }> = await t.db.query(`SELECT id, code FROM role`);
    roles = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  it('creates a person with roles, stores the name NFC, and finds them ignoring diacritics', async () => {
    const province = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const token = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const nfd = 'Nguyễn Thị Đào'.normalize('NFD');
    const res = await t.http
      .post('/api/v1/people')
      .auth(token, { type: 'bearer' })
      .send({
        fullName: `  ${nfd} `,
        employeeCode: 'VL-0001',
        unitId: commune.id,
        roleIds: [roles.HR_OFFICIAL, roles.PROPAGANDIST],
        email: 'Dao@Example.VN',
      })
      .expect(201);
    expect(res.body.fullName).toBe('Nguyễn Thị Đào'.normalize('NFC'));
    expect(res.body.email).toBe('dao@example.vn');
    expect(res.body.roleIds.sort()).toEqual([roles.HR_OFFICIAL, roles.PROPAGANDIST].sort());
    for (const q of ['nguyen thi dao', 'DAO', 'VL-0001', 'dao@example.vn']) {
      const found = await t.http.get('/api/v1/people').query({ q }).auth(token, { type: 'bearer' }).expect(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
    }
    const dup = await t.http
      .post('/api/v1/people')
      .auth(token, { type: 'bearer' })
      .send({ fullName: 'Người Khác', employeeCode: 'VL-0001', unitId: commune.id, roleIds: [roles.HR_OFFICIAL] })
      .expect(409);
    expect(dup.body.details).toEqual([{ field: 'employeeCode', reason: 'already used in the province' }]);
  });

  it('refuses a person with no role, a formula name or an impossible birth date (400 naming the field)', async () => {
    const unit = await t.given.unit();
    const token = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const post = (body: object) => t.http.post('/api/v1/people').auth(token, { type: 'bearer' }).send(body).expect(400);
    expect((await post({ fullName: 'Lê Văn Tám', unitId: unit.id, roleIds: [] })).body.details).toEqual([
      { field: 'roleIds', reason: 'roleIds must name at least one role' },
    ]);
    expect(
      (await post({ fullName: '=HYPERLINK("x")', unitId: unit.id, roleIds: [roles.HR_OFFICIAL] })).body.details[0]
        .field,
    ).toBe('fullName');
    expect(
      (await post({ fullName: 'Lê Văn Tám', unitId: unit.id, roleIds: [roles.HR_OFFICIAL], birthDate: '1990-02-31' }))
        .body.details[0].field,
    ).toBe('birthDate');
    const count = await t.db.query(`SELECT count(*)::int AS n FROM person WHERE unit_id = $1`, [unit.id]);
    expect(count[0].n).toBe(0);
  });

  it('keeps people of a sibling commune out of lists and reads; learners cannot list', async () => {
    const province = await t.given.unit();
    const a = await t.given.unit({ parent: province });
    const b = await t.given.unit({ parent: province });
    const admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const inB = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({ fullName: 'Ngô Văn Bảo', unitId: b.id, roleIds: [roles.ICT_MANAGER] })
      .expect(201);
    const organiserA = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: a }),
    );
    const list = await t.http.get('/api/v1/people').auth(organiserA, { type: 'bearer' }).expect(200);
    expect(list.body.items).toEqual([]);
    await t.http.get(`/api/v1/people/${inB.body.id}`).auth(organiserA, { type: 'bearer' }).expect(404);
    await t.http.get(`/api/v1/people/${inB.body.id}/history`).auth(organiserA, { type: 'bearer' }).expect(404);
    await t.http.get(`/api/v1/people?unitId=${b.id}`).auth(organiserA, { type: 'bearer' }).expect(404);
    const learner = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Learner, scopeUnit: province }),
    );
    await t.http.get('/api/v1/people').auth(learner, { type: 'bearer' }).expect(403);
  });

  it('records status changes from a date, keeping the earlier period', async () => {
    const unit = await t.given.unit();
    const admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const p = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({ fullName: 'Đinh Thị Thu', unitId: unit.id, roleIds: [roles.HR_OFFICIAL], effectiveFrom: '2024-01-01' })
      .expect(201);
    await t.http
      .post(`/api/v1/people/${p.body.id}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left', effectiveFrom: '2025-09-01' })
      .expect(200);
    const h = await t.http.get(`/api/v1/people/${p.body.id}/history`).auth(admin, { type: 'bearer' }).expect(200);
    expect(h.body.statuses).toEqual([
      { status: 'active', validFrom: '2024-01-01', validTo: '2025-09-01' },
      { status: 'left', validFrom: '2025-09-01', validTo: null },
    ]);
  });
});
