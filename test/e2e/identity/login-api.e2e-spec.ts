import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('POST /api/v1/auth/login', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('gives a bearer token for the login or the e-mail, ignoring case', async () => {
    const acc = await t.given.account({ permission: Permission.Admin, email: 'Lan.Tran@example.gov.vn' });
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ login: acc.login.toUpperCase(), password: acc.password })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: t.config.jwtTtlSeconds,
    });
    await t.http
      .post('/api/v1/auth/login')
      .send({ login: 'lan.tran@example.gov.vn', password: acc.password })
      .expect(200);

    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: acc.id, login: acc.login, grants: [{ permission: 'admin' }] });
    expect(me.body).not.toHaveProperty('passwordHash');
    expect(me.body).not.toHaveProperty('totpSecret');
  });

  it('answers a wrong password and an unknown login with the same 401', async () => {
    const acc = await t.given.account();
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ login: acc.login, password: 'not the password' })
      .expect(401);
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ login: 'nobody-here', password: 'not the password' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'UNAUTHORIZED', message: 'wrong login or password' });
  });

  it('writes auth.login to the audit log', async () => {
    const acc = await t.given.account();
    await t.given.tokenFor(acc);
    const rows = await t.db.query(
      `SELECT actor_account_id, details FROM audit_log WHERE action = 'auth.login' AND entity_id = $1`,
      [acc.id],
    );
    expect(rows).toEqual([{ actor_account_id: acc.id, details: { via: 'api', totp: false } }]);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"login": "a",')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
  });

  it('refuses an unknown field with 400 naming it', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ login: 'a', password: 'b', admin: true }).expect(400);
    expect(res.body.details).toEqual([{ field: 'admin', reason: expect.stringMatching(/should not exist/) }]);
  });

  it('refuses a wrong type with 400 naming the field', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ login: 'a', password: 123 }).expect(400);
    expect(res.body.details).toContainEqual({ field: 'password', reason: expect.stringMatching(/string/) });
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ login: 'a', password: 'x'.repeat(1_100_000) })
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/too large|larger than/) });
  });

  it('refuses a password under 12 characters on create, naming password', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const token = await t.given.tokenFor(admin);
    const root = (await t.db.query(`SELECT id FROM org_unit WHERE code = 'VN'`))[0].id;
    const res = await t.http
      .post('/api/v1/accounts')
      .set('Authorization', `Bearer ${token}`)
      .send({ login: 'shorty', displayName: 'Short Pass', password: 'elevenchars', homeUnitId: root })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'password', reason: 'password must be 12 to 256 characters' }]);
  });
});
