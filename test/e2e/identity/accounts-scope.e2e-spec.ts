import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

/** An organiser of commune A, a sibling commune B under the same province, and the accounts in each. */
describe('accounts: subtree scope', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let communeA: { id: string; code: string };
  let communeB: { id: string; code: string };
  let villageA: { id: string };
  let organiserA: { login: string; password: string; id: string };
  let tokenA: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thái Nguyên' });
    communeA = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã An Khánh' });
    communeB = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Bình Sơn' });
    villageA = await t.given.unit({ parent: communeA, type: UnitType.Other, name: 'Thôn Đồng Tâm' });
    organiserA = await t.given.account({ permission: Permission.Organiser, scopeUnit: communeA });
    tokenA = await t.given.tokenFor(organiserA);
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http.get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => t.http.post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => t.http.patch(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => t.http.delete(url).set('Authorization', `Bearer ${token}`),
  });

  it('lists only the accounts inside the subtree', async () => {
    const inA = await t.given.account({ scopeUnit: villageA, displayName: 'Đặng Thị Ánh' });
    const inB = await t.given.account({ scopeUnit: communeB, displayName: 'Đặng Văn Bình' });
    const res = await as(tokenA).get('/api/v1/accounts?q=dang&limit=200').expect(200);
    const ids = res.body.items.map((a: { id: string }) => a.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(JSON.stringify(res.body)).not.toContain('Bình');
  });

  it('searches ignoring diacritics and case', async () => {
    const acc = await t.given.account({ scopeUnit: communeA, displayName: 'Nguyễn Văn Đức' });
    const res = await as(tokenA).get('/api/v1/accounts?q=nguyen van duc').expect(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([acc.id]);
    expect(res.body.total).toBe(1);
  });

  it('cannot get, patch, reset or re-grant an account of the sibling commune: 404 with no data', async () => {
    const inB = await t.given.account({ scopeUnit: communeB });
    for (const res of [
      await as(tokenA).get(`/api/v1/accounts/${inB.id}`),
      await as(tokenA).patch(`/api/v1/accounts/${inB.id}`).send({ status: 'disabled' }),
      await as(tokenA).post(`/api/v1/accounts/${inB.id}/password`).send({ password: 'taken over password' }),
      await as(tokenA)
        .post(`/api/v1/accounts/${inB.id}/grants`)
        .send({ permission: 'learner', scopeUnitId: communeA.id }),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(inB.login);
    }
    const still = await t.db.query(`SELECT status FROM account WHERE id = $1`, [inB.id]);
    expect(still[0].status).toBe('active');
  });

  it('cannot touch an account that also holds a grant outside the subtree', async () => {
    const straddler = await t.given.account({
      scopeUnit: communeA,
      also: [{ permission: Permission.Learner, scopeUnit: communeB }],
    });
    await as(tokenA).get(`/api/v1/accounts/${straddler.id}`).expect(404);
  });

  it('cannot see the province or the country accounts (ancestors)', async () => {
    const provincial = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
    await as(tokenA).get(`/api/v1/accounts/${provincial.id}`).expect(404);
  });

  it('manages accounts inside the subtree: create, get, disable, reset, grant, remove', async () => {
    const created = await as(tokenA)
      .post('/api/v1/accounts')
      .send({
        login: 'hv.ankhanh1',
        displayName: 'Lê Thị Hoa',
        password: 'mật khẩu mạnh 2025',
        homeUnitId: villageA.id,
        grants: [{ permission: 'learner', scopeUnitId: villageA.id }],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      login: 'hv.ankhanh1',
      status: 'active',
      grants: [{ permission: 'learner', scopeUnitId: villageA.id }],
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const id = created.body.id as string;

    await as(tokenA).get(`/api/v1/accounts/${id}`).expect(200);
    const granted = await as(tokenA)
      .post(`/api/v1/accounts/${id}/grants`)
      .send({ permission: 'organiser', scopeUnitId: villageA.id })
      .expect(201);
    expect(granted.body.grants).toHaveLength(2);
    const organiserGrant = granted.body.grants.find((g: { permission: string }) => g.permission === 'organiser');
    const removed = await as(tokenA).delete(`/api/v1/accounts/${id}/grants/${organiserGrant.id}`).expect(200);
    expect(removed.body.grants).toHaveLength(1);
    await as(tokenA).post(`/api/v1/accounts/${id}/password`).send({ password: 'another long password' }).expect(204);
    const disabled = await as(tokenA).patch(`/api/v1/accounts/${id}`).send({ status: 'disabled' }).expect(200);
    expect(disabled.body.status).toBe('disabled');
  });

  it('cannot create an account in the sibling commune', async () => {
    const res = await as(tokenA)
      .post('/api/v1/accounts')
      .send({ login: 'hv.binhson1', displayName: 'Người B', password: 'mật khẩu mạnh 2025', homeUnitId: communeB.id })
      .expect(404);
    expect(res.body.message).toMatch(/not found/);
    const rows = await t.db.query(`SELECT 1 FROM account WHERE login = 'hv.binhson1'`);
    expect(rows).toHaveLength(0);
  });

  it('cannot grant admin (or agency), nor grant outside the subtree', async () => {
    const acc = await t.given.account({ scopeUnit: communeA });
    const admin = await as(tokenA)
      .post(`/api/v1/accounts/${acc.id}/grants`)
      .send({ permission: 'admin', scopeUnitId: communeA.id })
      .expect(403);
    expect(admin.body.message).toMatch(/only administrators/);
    await as(tokenA)
      .post(`/api/v1/accounts/${acc.id}/grants`)
      .send({ permission: 'agency', scopeUnitId: communeA.id })
      .expect(403);
    await as(tokenA)
      .post(`/api/v1/accounts/${acc.id}/grants`)
      .send({ permission: 'learner', scopeUnitId: province.id })
      .expect(404);
    await as(tokenA)
      .post('/api/v1/accounts')
      .send({
        login: 'sneaky.admin',
        displayName: 'Sneaky',
        password: 'mật khẩu mạnh 2025',
        homeUnitId: communeA.id,
        grants: [{ permission: 'admin', scopeUnitId: communeA.id }],
      })
      .expect(403);
    const grants = await t.db.query(`SELECT permission FROM account_grant WHERE account_id = $1`, [acc.id]);
    expect(grants).toEqual([{ permission: 'learner' }]);
  });

  it('cannot manage an admin or agency account inside the subtree', async () => {
    const localAdmin = await t.given.account({ permission: Permission.Admin, scopeUnit: communeA });
    const agency = await t.given.account({ permission: Permission.Agency, scopeUnit: communeA });
    await as(tokenA).get(`/api/v1/accounts/${localAdmin.id}`).expect(404);
    await as(tokenA).patch(`/api/v1/accounts/${agency.id}`).send({ status: 'disabled' }).expect(404);
  });

  it('lets a national admin manage everything, and grant admin', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const token = await t.given.tokenFor(admin);
    const inB = await t.given.account({ scopeUnit: communeB });
    await as(token).get(`/api/v1/accounts/${inB.id}`).expect(200);
    await as(token)
      .post(`/api/v1/accounts/${inB.id}/grants`)
      .send({ permission: 'admin', scopeUnitId: communeB.id })
      .expect(201);
  });

  it('refuses a duplicate login with 409 naming login', async () => {
    const acc = await t.given.account({ scopeUnit: communeA });
    const res = await as(tokenA)
      .post('/api/v1/accounts')
      .send({
        login: acc.login.toUpperCase(),
        displayName: 'Dup',
        password: 'mật khẩu mạnh 2025',
        homeUnitId: communeA.id,
      })
      .expect(409);
    expect(res.body.details).toEqual([{ field: 'login', reason: 'already used' }]);
  });

  it('writes account.create and grant.add / grant.remove to the audit log', async () => {
    const created = await as(tokenA)
      .post('/api/v1/accounts')
      .send({
        login: 'audit.me',
        displayName: 'Audit Me',
        password: 'mật khẩu mạnh 2025',
        homeUnitId: communeA.id,
        grants: [{ permission: 'learner', scopeUnitId: communeA.id }],
      })
      .expect(201);
    const id = created.body.id as string;
    const added = await as(tokenA)
      .post(`/api/v1/accounts/${id}/grants`)
      .send({ permission: 'organiser', scopeUnitId: communeA.id })
      .expect(201);
    const grantId = added.body.grants.find((g: { permission: string }) => g.permission === 'organiser').id;
    await as(tokenA).delete(`/api/v1/accounts/${id}/grants/${grantId}`).expect(200);
    const rows = await t.db.query(
      `SELECT action, actor_account_id, details->>'permission' AS permission FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows).toEqual([
      { action: 'account.create', actor_account_id: organiserA.id, permission: null },
      { action: 'grant.add', actor_account_id: organiserA.id, permission: 'learner' },
      { action: 'grant.add', actor_account_id: organiserA.id, permission: 'organiser' },
      { action: 'grant.remove', actor_account_id: organiserA.id, permission: 'organiser' },
    ]);
  });

  it('answers 400 naming the field for a bad id or status', async () => {
    const bad = await as(tokenA).get('/api/v1/accounts/not-a-uuid').expect(400);
    expect(bad.body.details).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    const acc = await t.given.account({ scopeUnit: communeA });
    const status = await as(tokenA).patch(`/api/v1/accounts/${acc.id}`).send({ status: 'deleted' }).expect(400);
    expect(status.body.details[0].field).toBe('status');
  });
});
