import { Permission } from '@app/common';
import { totpCode } from '@app/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('TOTP second factor', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const login = (body: object) => t.http.post('/api/v1/auth/login').send(body);

  it('lets an admin turn it on; then a login needs a valid code', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const auth = { Authorization: `Bearer ${await t.given.tokenFor(admin)}` };
    const enrol = await t.http.post('/api/v1/auth/totp/enrol').set(auth).expect(200);
    expect(enrol.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Moc%3A/),
    });
    const secret = enrol.body.secret as string;

    // Not on until confirmed with a code.
    await login({ login: admin.login, password: admin.password }).expect(200);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000' })
      .expect(400);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: totpCode(secret, t.clock.now()) })
      .expect(204);

    const missing = await login({ login: admin.login, password: admin.password }).expect(401);
    expect(missing.body.message).toMatch(/two-factor authentication: send the 6-digit code as totp/);
    expect(missing.body.details).toEqual([{ field: 'totp', reason: 'required' }]);

    t.clock.advance(30_000);
    const ok = await login({
      login: admin.login,
      password: admin.password,
      totp: totpCode(secret, t.clock.now()),
    }).expect(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    // The same code cannot be replayed.
    await login({ login: admin.login, password: admin.password, totp: totpCode(secret, t.clock.now()) }).expect(401);

    const me = await t.http.get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body.totpEnabled).toBe(true);
    expect(JSON.stringify(me.body)).not.toContain(secret);

    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'account.totp_enable' AND entity_id = $1`, [
      admin.id,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('counts wrong codes towards the lock', async () => {
    const agency = await t.given.account({ permission: Permission.Agency });
    const auth = { Authorization: `Bearer ${await t.given.tokenFor(agency)}` };
    const { body } = await t.http.post('/api/v1/auth/totp/enrol').set(auth).expect(200);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: totpCode(body.secret, t.clock.now()) })
      .expect(204);
    const wrong = totpCode(body.secret, new Date(t.clock.now().getTime() + 10 * 60_000));
    for (let i = 0; i < 10; i++) {
      const res = await login({ login: agency.login, password: agency.password, totp: wrong }).expect(401);
      expect(res.body.message).toMatch(/authentication code/);
    }
    t.clock.advance(60_000);
    await login({ login: agency.login, password: agency.password, totp: totpCode(body.secret, t.clock.now()) }).expect(
      429,
    );
  });

  it('is refused to a learner (403)', async () => {
    const learner = await t.given.account({ permission: Permission.Learner });
    await t.http
      .post('/api/v1/auth/totp/enrol')
      .set('Authorization', `Bearer ${await t.given.tokenFor(learner)}`)
      .expect(403);
  });

  it('asks for the code on the web login form', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const auth = { Authorization: `Bearer ${await t.given.tokenFor(admin)}` };
    const { body } = await t.http.post('/api/v1/auth/totp/enrol').set(auth).expect(200);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: totpCode(body.secret, t.clock.now()) })
      .expect(204);
    await expect(t.given.webLogin(admin)).rejects.toThrow(/401/);
  });
});
