import { createHmac } from 'node:crypto';
import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const hs256 = (payload: object, secret: string): string => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
};

/** Tokens must carry exp and iat; a disable, a password change or a grant change ends older ones (point 11). */
describe('bearer tokens and web sessions are revocable', () => {
  let t: TestApp;
  let adminToken: string;
  let country: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    country = { id: (await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`))[0].id };
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/v1/auth/me').auth(token, { type: 'bearer' });
  const patch = (id: string, body: object) =>
    t.http.patch(`/api/v1/accounts/${id}`).auth(adminToken, { type: 'bearer' }).send(body);
  const nowSeconds = (): number => Math.floor(t.clock.now().getTime() / 1000);

  it('refuses a token signed with the real secret but without exp', async () => {
    const acc = await t.given.account();
    const res = await me(hs256({ sub: acc.id, iat: nowSeconds() }, t.config.jwtSecret)).expect(401);
    expect(res.body.message).toMatch(/exp/);
    // The same token with both claims is fine: only the missing claim is refused.
    const iat = t.clock.now().getTime() / 1000;
    await me(hs256({ sub: acc.id, iat, exp: nowSeconds() + 600 }, t.config.jwtSecret)).expect(200);
  });

  it('refuses a token signed with the real secret but without iat', async () => {
    const acc = await t.given.account();
    const res = await me(hs256({ sub: acc.id, exp: nowSeconds() + 600 }, t.config.jwtSecret)).expect(401);
    expect(res.body.message).toMatch(/iat/);
    await me(hs256({ sub: acc.id, iat: 'yesterday', exp: nowSeconds() + 600 }, t.config.jwtSecret)).expect(401);
  });

  it('keeps a token issued before a disable dead after the account is enabled again', async () => {
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    await patch(acc.id, { status: 'disabled' }).expect(200);
    await me(token).expect(401);
    await patch(acc.id, { status: 'active' }).expect(200);
    const res = await me(token).expect(401);
    expect(res.body.message).toMatch(/log in again/);
    // A new login after the re-enable works at once (same second).
    await me(await t.given.tokenFor(acc)).expect(200);
  });

  it('ends tokens issued before a password change, even within the same second', async () => {
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await t.http
      .post(`/api/v1/accounts/${acc.id}/password`)
      .auth(adminToken, { type: 'bearer' })
      .send({ password: 'một mật khẩu mới hoàn toàn' })
      .expect(204);
    await me(token).expect(401);
    await me(await t.given.tokenFor({ login: acc.login, password: 'một mật khẩu mới hoàn toàn' })).expect(200);
  });

  it('ends tokens and web sessions issued before a grant is added or removed', async () => {
    const acc = await t.given.account();
    const before = await t.given.tokenFor(acc);
    const { agent } = await t.given.webLogin(acc);
    await agent.get('/profile').expect(200);

    const added = await t.http
      .post(`/api/v1/accounts/${acc.id}/grants`)
      .auth(adminToken, { type: 'bearer' })
      .send({ permission: Permission.Agency, scopeUnitId: country.id })
      .expect(201);
    await me(before).expect(401);
    const page = await agent.get('/profile');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);

    const between = await t.given.tokenFor(acc);
    expect((await me(between).expect(200)).body.grants).toHaveLength(2);
    const grantId = (added.body.grants as Array<{ id: string; permission: Permission }>).find(
      (g) => g.permission === Permission.Agency,
    )?.id;
    await t.http
      .delete(`/api/v1/accounts/${acc.id}/grants/${grantId}`)
      .auth(adminToken, { type: 'bearer' })
      .expect(200);
    await me(between).expect(401);
    await me(await t.given.tokenFor(acc)).expect(200);
  });

  it('ends a web session started before a disable, after the re-enable too', async () => {
    const acc = await t.given.account();
    const { agent } = await t.given.webLogin(acc);
    await agent.get('/profile').expect(200);
    await patch(acc.id, { status: 'disabled' }).expect(200);
    await patch(acc.id, { status: 'active' }).expect(200);
    expect((await agent.get('/profile')).status).toBe(303);
  });
});
