import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('web login, sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('serves an accessible, small login form in Vietnamese with a CSRF token', async () => {
    const res = await t.http.get('/login').expect(200);
    expect(res.text).toContain('<html lang="vi">');
    expect(res.text).toContain('<label for="login">Email hoặc tên đăng nhập</label>');
    expect(res.text).toContain('<label for="password">');
    expect(csrfOf(res.text)).not.toBe('');
    expect(gzipSync(res.text).length).toBeLessThan(50 * 1024);
    const en = await t.http.get('/login?lang=en').expect(200);
    expect(en.text).toContain('E-mail or username');
  });

  it('sets an HttpOnly, SameSite session cookie and shows the viewer', async () => {
    const acc = await t.given.account({ permission: Permission.Organiser, displayName: 'Trần Thị Mai' });
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), login: acc.login, password: acc.password, next: '/accounts' })
      .expect(303);
    expect(res.headers.location).toBe('/accounts');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('moc_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Trần Thị Mai');
    expect(home.text).toContain('href="/accounts"');
    const rows = await t.db.query(`SELECT details FROM audit_log WHERE action = 'auth.login' AND entity_id = $1`, [
      acc.id,
    ]);
    expect(rows).toEqual([{ details: { via: 'web', totp: false } }]);
  });

  it('redirects only to local paths after login', async () => {
    const acc = await t.given.account();
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const agent = request.agent(t.app.getHttpServer());
      const form = await agent.get('/login').expect(200);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(form.text), login: acc.login, password: acc.password, next })
        .expect(303);
      expect(res.headers.location).toBe('/');
    }
  });

  it('shows a wrong password on the form with 401, and keeps the login typed', async () => {
    const acc = await t.given.account();
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), login: acc.login, password: 'wrong password!' })
      .expect(401);
    expect(res.text).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    expect(res.text).toContain(`value="${acc.login}"`);
  });

  it('refuses a login form without its CSRF token, or with a forged one (403)', async () => {
    const acc = await t.given.account();
    const agent = request.agent(t.app.getHttpServer());
    await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ login: acc.login, password: acc.password }).expect(403);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: 'forged', login: acc.login, password: acc.password })
      .expect(403);
    // A token from another browser does not match this browser's cookie.
    const other = await t.http.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(other.text), login: acc.login, password: acc.password })
      .expect(403);
  });

  it('sends a visitor without a session to /login?next=…', async () => {
    const res = await t.http.get('/accounts?q=x').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Faccounts%3Fq%3Dx');
  });

  it('ends a session after 30 minutes idle', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const { agent } = await t.given.webLogin(admin);
    await agent.get('/accounts').expect(200);
    t.clock.advanceMinutes(29);
    await agent.get('/accounts').expect(200);
    t.clock.advanceMinutes(31);
    const res = await agent.get('/accounts').expect(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain(admin.displayName);
  });

  it('keeps an active session for 11 hours but ends it at 12 hours', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const { agent } = await t.given.webLogin(admin);
    for (let minutes = 20; minutes <= 11 * 60; minutes += 20) {
      t.clock.advanceMinutes(20);
      await agent.get('/accounts').expect(200);
    }
    t.clock.advanceMinutes(20);
    await agent.get('/accounts').expect(200); // 11 h 20
    t.clock.advanceMinutes(20);
    await agent.get('/accounts').expect(200); // 11 h 40
    t.clock.advanceMinutes(20);
    const res = await agent.get('/accounts').expect(303); // 12 h 00
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('ends the session at logout, which needs the CSRF token', async () => {
    const acc = await t.given.account();
    const { agent, csrf } = await t.given.webLogin(acc);
    await agent.post('/logout').type('form').send({}).expect(403);
    await agent.post('/logout').type('form').send({ _csrf: 'wrong-token' }).expect(403);
    await agent.post('/logout').set('X-CSRF-Token', 'wrong-token').expect(403);
    expect((await agent.get('/').expect(200)).text).toContain(acc.displayName);
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/').expect(200)).text).not.toContain(acc.displayName);
    const rows = await t.db.query(`SELECT 1 FROM web_session WHERE account_id = $1`, [acc.id]);
    expect(rows).toHaveLength(0);
  });

  it('ends the sessions of an account when it is disabled', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const acc = await t.given.account({ permission: Permission.Organiser });
    const { agent } = await t.given.webLogin(acc);
    await agent.get('/accounts').expect(200);
    const token = await t.given.tokenFor(admin);
    await t.http
      .patch(`/api/v1/accounts/${acc.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ status: 'disabled' })
      .expect(200);
    await agent.get('/accounts').expect(303);
  });

  it('answers 403 to a learner on the accounts page', async () => {
    const learner = await t.given.account({ permission: Permission.Learner });
    const { agent } = await t.given.webLogin(learner);
    const res = await agent.get('/accounts').set('Accept', 'text/html').expect(403);
    expect(res.text).toContain('<h1>Bạn không có quyền làm việc này</h1>');
    expect(res.text).toContain('Cần một trong các quyền: Quản trị, Người tổ chức bồi dưỡng.');
  });
});
