import { createTestApp, TestApp } from '../../setup/test-app';

describe('login lock: 10 failures per account per 15 minutes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  // Each test guesses from its own address: the per-IP limit (30 across accounts) is tested in test/e2e/security.
  let ip = 0;
  beforeEach(() => ip++);
  const attempt = (login: string, password: string) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', `198.51.100.${ip}`).send({ login, password });

  it('locks after 10 failures, even for the right password, and opens again 15 minutes later', async () => {
    const acc = await t.given.account();
    for (let i = 0; i < 10; i++) await attempt(acc.login, `wrong password ${i}`).expect(401);

    const locked = await attempt(acc.login, acc.password).expect(429);
    expect(locked.body).toMatchObject({
      statusCode: 429,
      error: 'TOO_MANY_ATTEMPTS',
      message: expect.stringMatching(/locked until \d\d:\d\d UTC; try again in 15 minutes/),
    });
    expect(locked.body.details.retryAt).toEqual(expect.any(String));

    t.clock.advanceMinutes(14);
    await attempt(acc.login, acc.password).expect(429);
    t.clock.advanceMinutes(1);
    await attempt(acc.login, acc.password).expect(200);
  });

  it('counts failures across the login and the e-mail of one account', async () => {
    const acc = await t.given.account({ email: 'hoa.le@example.gov.vn' });
    for (let i = 0; i < 5; i++) await attempt(acc.login, 'wrong password!').expect(401);
    for (let i = 0; i < 5; i++) await attempt('hoa.le@example.gov.vn', 'wrong password!').expect(401);
    await attempt(acc.login, acc.password).expect(429);
  });

  it('is a sliding window: old failures stop counting', async () => {
    const acc = await t.given.account();
    for (let i = 0; i < 9; i++) await attempt(acc.login, 'wrong password!').expect(401);
    t.clock.advanceMinutes(16);
    for (let i = 0; i < 9; i++) await attempt(acc.login, 'wrong password!').expect(401);
    await attempt(acc.login, acc.password).expect(200);
  });

  it('locks an unknown login the same way, so the lock does not reveal which logins exist', async () => {
    for (let i = 0; i < 10; i++) await attempt('ghost-login', 'wrong password!').expect(401);
    const res = await attempt('ghost-login', 'wrong password!').expect(429);
    expect(res.body.message).toMatch(/locked until/);
  });

  it('does not lock other accounts', async () => {
    const a = await t.given.account();
    const b = await t.given.account();
    for (let i = 0; i < 10; i++) await attempt(a.login, 'wrong password!').expect(401);
    await attempt(b.login, b.password).expect(200);
  });

  it('holds under parallel guessing: never more than 10 counted failures', async () => {
    const acc = await t.given.account();
    const results = await Promise.all(Array.from({ length: 14 }, () => attempt(acc.login, 'wrong password!')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(10);
    expect(results.filter((r) => r.status === 429)).toHaveLength(4);
  });

  it('writes auth.login_failed entries with the account id', async () => {
    const acc = await t.given.account();
    await attempt(acc.login, 'wrong password!').expect(401);
    await attempt(acc.login, 'wrong password!').expect(401);
    const rows = await t.db.query(
      `SELECT entity, entity_id, details FROM audit_log WHERE action = 'auth.login_failed' AND entity_id = $1`,
      [acc.id],
    );
    expect(rows).toEqual([
      { entity: 'account', entity_id: acc.id, details: { via: 'api', reason: 'password' } },
      { entity: 'account', entity_id: acc.id, details: { via: 'api', reason: 'password' } },
    ]);
    const unknown = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND details->>'reason' = 'unknown_login'`,
    );
    expect(unknown[0].n).toBeGreaterThan(0);
  });
});
