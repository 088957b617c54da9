import { Permission } from '@app/common';
import { totpCode } from '@app/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Lockout cannot be used as a weapon (issue 16, point 12). */
describe('login lock: per account, per IP, Retry-After, admin unlock, second factor', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  let ipSeq = 0;
  /** A fresh client address (the app trusts X-Forwarded-For from loopback, as behind its proxy). */
  const newIp = (): string => `203.0.113.${++ipSeq}`;
  const attempt = (ip: string, body: { login: string; password: string; totp?: string }) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send(body);
  const lock = async (login: string, ip = newIp()): Promise<void> => {
    for (let i = 0; i < 10; i++) await attempt(ip, { login, password: `wrong password ${i}` }).expect(401);
  };

  it('answers 429 with Retry-After in seconds, on the API and on the login page', async () => {
    const acc = await t.given.account();
    await lock(acc.login);
    const api = await attempt(newIp(), { login: acc.login, password: acc.password }).expect(429);
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(890);
    expect(Number(api.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(api.body.details).toMatchObject({
      lockedBy: 'account',
      retryAfterSeconds: Number(api.headers['retry-after']),
    });

    const agent = t.http;
    const form = await agent.get('/login').expect(200);
    const cookie = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const page = await agent
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(form.text), login: acc.login, password: acc.password, next: '/' })
      .expect(429);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.text).toMatch(/tạm khoá/);
  });

  it('limits failures per IP address across accounts (30 in 15 minutes)', async () => {
    const sprayer = newIp();
    const victims = await Promise.all([1, 2, 3, 4, 5].map(() => t.given.account()));
    // 6 failures on each of 5 accounts: no account reaches its own limit of 10.
    for (const v of victims) {
      for (let i = 0; i < 6; i++) await attempt(sprayer, { login: v.login, password: 'wrong password!' }).expect(401);
    }
    const other = await t.given.account();
    const res = await attempt(sprayer, { login: other.login, password: other.password }).expect(429);
    expect(res.body.details).toMatchObject({ lockedBy: 'ip' });
    expect(res.body.message).toMatch(/network address/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses, and the same accounts from them, are not affected.
    await attempt(newIp(), { login: other.login, password: other.password }).expect(200);
    await attempt(newIp(), { login: victims[0].login, password: victims[0].password }).expect(200);
    // The window slides: 15 minutes later the address may try again.
    t.clock.advanceMinutes(15);
    await attempt(sprayer, { login: other.login, password: other.password }).expect(200);
  });

  it('lets an admin whose scope covers the home unit unlock an account, audited; not a sibling province admin', async () => {
    const province = await t.given.unit();
    const sibling = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const acc = await t.given.account({ scopeUnit: commune });
    const admin = await t.given.account({ permission: Permission.Admin, scopeUnit: province });
    const siblingAdmin = await t.given.account({ permission: Permission.Admin, scopeUnit: sibling });
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
    const ip = newIp();
    await lock(acc.login, ip);
    await attempt(ip, { login: acc.login, password: acc.password }).expect(429);

    const unlock = async (who: { login: string; password: string }, status: number): Promise<void> => {
      const token = await t.given.tokenFor(who);
      await t.http.post(`/api/v1/accounts/${acc.id}/unlock`).auth(token, { type: 'bearer' }).expect(status);
    };
    await unlock(siblingAdmin, 404);
    await unlock(organiser, 403);
    await attempt(ip, { login: acc.login, password: acc.password }).expect(429);

    await unlock(admin, 204);
    const audit = await t.db.query(
      `SELECT actor_account_id, details FROM audit_log WHERE action = 'account.unlock' AND entity_id = $1`,
      [acc.id],
    );
    expect(audit).toEqual([{ actor_account_id: admin.id, details: { failuresCleared: 10 } }]);
    // Same address: its 10 failures still count for the IP (under 30), no longer for the account.
    await attempt(ip, { login: acc.login, password: acc.password }).expect(200);
  });

  it('offers the unlock button on /accounts to the admin of the subtree', async () => {
    const province = await t.given.unit();
    const acc = await t.given.account({ scopeUnit: province });
    const admin = await t.given.account({ permission: Permission.Admin, scopeUnit: province });
    await lock(acc.login);
    const { agent, csrf } = await t.given.webLogin(admin);
    const page = await agent.get(`/accounts?q=${acc.login}`).expect(200);
    expect(page.text).toContain(`action="/accounts/${acc.id}/unlock"`);
    const res = await agent.post(`/accounts/${acc.id}/unlock`).type('form').send({ _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/accounts?done=unlocked');
    await attempt(newIp(), { login: acc.login, password: acc.password }).expect(200);
    const after = await agent.get(`/accounts?q=${acc.login}`).expect(200);
    expect(after.text).not.toContain(`action="/accounts/${acc.id}/unlock"`);
  });

  it("logs in with the right password and a valid TOTP code while others' failures lock the account", async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const auth = { Authorization: `Bearer ${await t.given.tokenFor(admin)}` };
    const { body } = await t.http.post('/api/v1/auth/totp/enrol').set(auth).expect(200);
    const secret = body.secret as string;
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: totpCode(secret, t.clock.now()) })
      .expect(204);
    await lock(admin.login); // an attacker who does not know the password

    const me = newIp();
    const plain = { login: admin.login, password: admin.password };
    const locked = await attempt(me, plain).expect(429);
    // Through the lock, a wrong password or a wrong code answers exactly like the lock: no password oracle.
    t.clock.advance(30_000);
    const code = totpCode(secret, t.clock.now());
    const wrongPassword = await attempt(me, { ...plain, password: 'not the password', totp: code }).expect(429);
    const wrongCode = await attempt(me, { ...plain, totp: code === '000000' ? '111111' : '000000' }).expect(429);
    for (const r of [wrongPassword, wrongCode]) expect(r.body.message).toBe(locked.body.message);

    const ok = await attempt(me, { ...plain, totp: code }).expect(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    const [login] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'auth.login' AND entity_id = $1 ORDER BY at DESC LIMIT 1`,
      [admin.id],
    );
    expect(login.details).toEqual({ via: 'api', totp: true, lockBypassed: true });
    // The code is spent, and the account stays locked for attempts without a second factor.
    await attempt(me, { ...plain, totp: code }).expect(429);
    await attempt(me, plain).expect(429);
  });

  it('also lets password + TOTP through a per-IP lock, but not password alone', async () => {
    const admin = await t.given.account({ permission: Permission.Agency });
    const auth = { Authorization: `Bearer ${await t.given.tokenFor(admin)}` };
    const { body } = await t.http.post('/api/v1/auth/totp/enrol').set(auth).expect(200);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(auth)
      .send({ code: totpCode(body.secret, t.clock.now()) })
      .expect(204);
    const office = newIp(); // a shared address where someone else sprayed guesses
    for (let i = 0; i < 30; i++) await attempt(office, { login: `ghost-${i % 5}`, password: 'wrong!' }).expect(401);
    await attempt(office, { login: admin.login, password: admin.password }).expect(429);
    t.clock.advance(30_000);
    await attempt(office, {
      login: admin.login,
      password: admin.password,
      totp: totpCode(body.secret, t.clock.now()),
    }).expect(200);
  });
});
