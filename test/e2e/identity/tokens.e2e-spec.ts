import { createHmac } from 'node:crypto';
import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const hs256 = (payload: object, secret: string): string => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
};

describe('bearer tokens and permissions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  it('refuses a request without a token', async () => {
    const res = await t.http.get('/api/v1/auth/me').expect(401);
    expect(res.body.message).toMatch(/Bearer/);
  });

  it('refuses a forged signature', async () => {
    const acc = await t.given.account();
    const now = Math.floor(Date.now() / 1000);
    await me(hs256({ sub: acc.id, iat: now, exp: now + 600 }, 'not-the-secret-0123456789abcdef0123')).expect(401);
    const token = await t.given.tokenFor(acc);
    const [head, , sig] = token.split('.');
    await me(`${head}.${b64({ sub: acc.id, iat: now, exp: now + 999_999 })}.${sig}`).expect(401);
    await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: acc.id, iat: now, exp: now + 600 })}.`).expect(401);
    await me('garbage').expect(401);
  });

  it('refuses an expired token, by the clock and by a past exp', async () => {
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    const past = Math.floor(Date.now() / 1000) - 7200;
    const res = await me(hs256({ sub: acc.id, iat: past, exp: past + 60 }, t.config.jwtSecret)).expect(401);
    expect(res.body.message).toMatch(/expired/);
    t.clock.advance((t.config.jwtTtlSeconds + 1) * 1000);
    await me(token).expect(401);
  });

  it("refuses a disabled account's token at once", async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    await t.http
      .patch(`/api/v1/accounts/${acc.id}`)
      .set('Authorization', `Bearer ${await t.given.tokenFor(admin)}`)
      .send({ status: 'disabled' })
      .expect(200);
    const res = await me(token).expect(401);
    expect(res.body.message).toMatch(/disabled/);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ login: acc.login, password: acc.password })
      .expect(401);
    expect(login.body.message).toMatch(/disabled/);
  });

  it('refuses tokens issued before a password reset', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    t.clock.advance(2000);
    await t.http
      .post(`/api/v1/accounts/${acc.id}/password`)
      .set('Authorization', `Bearer ${await t.given.tokenFor(admin)}`)
      .send({ password: 'a brand new passphrase' })
      .expect(204);
    await me(token).expect(401);
    await t.given.tokenFor({ login: acc.login, password: 'a brand new passphrase' });
  });

  it('answers 403 to a learner on an admin route', async () => {
    const learner = await t.given.account({ permission: Permission.Learner });
    const res = await t.http
      .get('/api/v1/accounts')
      .set('Authorization', `Bearer ${await t.given.tokenFor(learner)}`)
      .expect(403);
    expect(res.body).toMatchObject({
      statusCode: 403,
      error: 'FORBIDDEN',
      message: expect.stringMatching(/admin, organiser/),
    });
  });
});
