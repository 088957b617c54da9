import { createHash } from 'node:crypto';
import request from 'supertest';
import { Permission } from '@app/common';
import { UnitResponse } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const tokenOf = (url: string): string => url.split('/activate/')[1];
const PASSWORD = 'mật khẩu đủ mười hai ký tự';

interface Invitation {
  invitationId: string;
  activationUrl: string;
  expiresAt: string;
  emailed: boolean;
}

describe('invitations: POST /api/v1/people/:id/invitations, /activate/:token', () => {
  let t: TestApp;
  let roleId: string;
  let province: UnitResponse;
  let commune: UnitResponse;
  let sibling: UnitResponse;
  let admin: string;
  let organiser: string;

  beforeAll(async () => {
    t = await createTestApp({ SMTP_URL: 'smtp://mail.example.test:25', PUBLIC_URL: 'http://moc.example.test' });
    [{ id: roleId }] = await t.db.query(`SELECT id FROM role WHERE code = 'HR_OFFICIAL'`);
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province });
    sibling = await t.given.unit({ parent: province });
  });
  beforeEach(async () => {
    // Fresh tokens: one test moves the clock by days.
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
  });
  afterAll(() => t.close());

  const person = async (fullName: string, o: { unitId?: string; email?: string } = {}): Promise<string> => {
    const res = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({ fullName, unitId: o.unitId ?? commune.id, roleIds: [roleId], email: o.email })
      .expect(201);
    return (res.body as { id: string }).id;
  };
  const invite = async (personId: string, token = organiser, status = 201) =>
    (await t.http.post(`/api/v1/people/${personId}/invitations`).auth(token, { type: 'bearer' }).expect(status))
      .body as Invitation;
  /** Opens the activation page in a fresh browser and posts the form. */
  const activate = async (token: string, form: Record<string, string>) => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get(`/activate/${token}`).expect(200);
    const res = await agent
      .post(`/activate/${token}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...form });
    return { agent, page, res };
  };

  it('invites, activates, logs the person in and links the roster entry', async () => {
    const personId = await person('Trần Thị Hoa', { email: 'Hoa.Tran@Example.VN' });
    const inv = await invite(personId);
    expect(inv).toEqual({
      invitationId: expect.any(String),
      activationUrl: expect.stringMatching(/^http:\/\/moc\.example\.test\/activate\/[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      emailed: true,
    });
    const token = tokenOf(inv.activationUrl);
    expect(new Date(inv.expiresAt).getTime() - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    // Only the hash is stored; the e-mail went to the outbox in the same transaction.
    const [stored] = await t.db.query(`SELECT token_hash FROM account_invitation WHERE id = $1`, [inv.invitationId]);
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const mails = await t.db.query(`SELECT to_address, body_text FROM outbox_message WHERE to_address = $1`, [
      'hoa.tran@example.vn',
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toContain(inv.activationUrl);
    const [audit] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'account.invite' AND entity_id = $1`,
      [personId],
    );
    expect(audit.details).toMatchObject({ invitationId: inv.invitationId, emailed: true });

    // A second browser opens the form now and posts it after the link is used.
    const late = request.agent(t.app.getHttpServer());
    const lateForm = await late.get(`/activate/${token}`).expect(200);
    const { agent, page, res } = await activate(token, {
      login: 'hoa.tran',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(page.text).toContain('Trần Thị Hoa');
    expect(page.text).toContain('value="hoa.tran"'); // suggested from the e-mail
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/').expect(200)).text).toContain('Trần Thị Hoa');

    const bearer = await t.given.tokenFor({ login: 'hoa.tran', password: PASSWORD });
    const me = await t.http.get('/api/v1/auth/me').auth(bearer, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({
      login: 'hoa.tran',
      email: 'hoa.tran@example.vn',
      displayName: 'Trần Thị Hoa',
      homeUnitId: commune.id,
      grants: [{ permission: 'learner', scopeUnitId: commune.id }],
    });
    const linked = await t.http.get(`/api/v1/people/${personId}`).auth(organiser, { type: 'bearer' }).expect(200);
    expect(linked.body.accountId).toBe(me.body.id);
    const [used] = await t.db.query(`SELECT used_at FROM account_invitation WHERE id = $1`, [inv.invitationId]);
    expect(used.used_at).not.toBeNull();

    // Reuse: 410 on the page and on the form, naming nobody; the person now has an account (409).
    const again = await request(t.app.getHttpServer()).get(`/activate/${token}`).expect(410);
    expect(again.text).not.toContain('Trần Thị Hoa');
    expect(again.text).toContain('đã được sử dụng');
    const reused = await late
      .post(`/activate/${token}`)
      .type('form')
      .send({ _csrf: csrfOf(lateForm.text), login: 'hoa.tran2', password: PASSWORD, passwordConfirm: PASSWORD })
      .expect(410);
    expect(reused.text).not.toContain('Trần Thị Hoa');
    await invite(personId, organiser, 409);
  });

  it('answers 404 to an unknown or malformed link, naming nobody', async () => {
    const unknown = await request(t.app.getHttpServer())
      .get(`/activate/${'A'.repeat(43)}`)
      .expect(404);
    expect(unknown.text).toContain('không hợp lệ');
    await request(t.app.getHttpServer()).get('/activate/short').expect(404);
  });

  it('refuses a short password or a mismatch on the form (400) and keeps the link usable', async () => {
    const personId = await person('Phạm Văn Minh');
    const token = tokenOf((await invite(personId)).activationUrl);
    const short = await activate(token, { login: 'pvminh', password: 'ngắn quá', passwordConfirm: 'ngắn quá' });
    expect(short.res.status).toBe(400);
    expect(short.res.text).toContain('role="alert"');
    expect(short.res.text).toContain('password must be 12 to 256 characters');
    expect(short.page.text).toContain('value="phamvanminh"'); // suggested from the name
    const mismatch = await activate(token, { login: 'pvminh', password: PASSWORD, passwordConfirm: `${PASSWORD}!` });
    expect(mismatch.res.status).toBe(400);
    expect(mismatch.res.text).toContain('does not match the password');
    const [row] = await t.db.query(`SELECT account_id FROM person WHERE id = $1`, [personId]);
    expect(row.account_id).toBeNull();
    const ok = await activate(token, { login: 'pvminh', password: PASSWORD, passwordConfirm: PASSWORD });
    expect(ok.res.status).toBe(303);
  });

  it('refuses a taken login on the form (409) without using the link', async () => {
    const taken = await t.given.account({ login: 'daco.roi' });
    const token = tokenOf((await invite(await person('Đỗ Văn Cơ'))).activationUrl);
    const res = await activate(token, { login: taken.login, password: PASSWORD, passwordConfirm: PASSWORD });
    expect(res.res.status).toBe(409);
    expect(res.res.text).toContain('already used');
    await request(t.app.getHttpServer()).get(`/activate/${token}`).expect(200);
  });

  it('refuses POST /activate without the form CSRF token, or with a forged or foreign one (403)', async () => {
    const token = tokenOf((await invite(await person('Vũ Thị Lan'))).activationUrl);
    const agent = request.agent(t.app.getHttpServer());
    await agent.get(`/activate/${token}`).expect(200);
    const form = { login: 'vtlan', password: PASSWORD, passwordConfirm: PASSWORD };
    await agent.post(`/activate/${token}`).type('form').send(form).expect(403);
    await agent
      .post(`/activate/${token}`)
      .type('form')
      .send({ _csrf: 'forged', ...form })
      .expect(403);
    // The register form's token is signed for another purpose.
    const register = await agent.get('/register').expect(200);
    await agent
      .post(`/activate/${token}`)
      .type('form')
      .send({ _csrf: csrfOf(register.text), ...form })
      .expect(403);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM account WHERE login = 'vtlan'`);
    expect(row.n).toBe(0);
  });

  it('keeps invitations to the subtree: sibling organiser 404, learner and agency 403, left person 409', async () => {
    const inSibling = await person('Lê Thị Mai', { unitId: sibling.id });
    await invite(inSibling, organiser, 404);
    const inCommune = await person('Hồ Văn Sơn');
    const siblingOrganiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    await invite(inCommune, siblingOrganiser, 404);
    const learner = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Learner, scopeUnit: commune }),
    );
    await invite(inCommune, learner, 403);
    const agency = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    await invite(inCommune, agency, 403);
    await invite('00000000-0000-4000-8000-000000000000', organiser, 404);
    const bad = await invite('not-a-uuid', organiser, 400);
    expect(bad).toMatchObject({ details: [{ field: 'id', reason: 'must be a UUID' }] });
    await t.http.post(`/api/v1/people/${inCommune}/invitations`).expect(401);

    await t.http
      .post(`/api/v1/people/${inCommune}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left' })
      .expect(200);
    const left = await invite(inCommune, organiser, 409);
    expect(left).toMatchObject({ details: [{ field: 'personId', reason: 'has left' }] });
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM account_invitation WHERE person_id = ANY($1)`, [
      [inSibling, inCommune],
    ]);
    expect(n.n).toBe(0);
  });

  it('re-inviting revokes the previous link; DELETE revokes (scoped); no e-mail without an address', async () => {
    const personId = await person('Ngô Thị Bích');
    const first = await invite(personId);
    expect(first.emailed).toBe(false);
    const second = await invite(personId);
    await request(t.app.getHttpServer())
      .get(`/activate/${tokenOf(first.activationUrl)}`)
      .expect(410);
    await request(t.app.getHttpServer())
      .get(`/activate/${tokenOf(second.activationUrl)}`)
      .expect(200);

    const siblingOrganiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    await t.http
      .delete(`/api/v1/invitations/${second.invitationId}`)
      .auth(siblingOrganiser, { type: 'bearer' })
      .expect(404);
    await t.http.delete(`/api/v1/invitations/${second.invitationId}`).auth(organiser, { type: 'bearer' }).expect(204);
    await t.http.delete(`/api/v1/invitations/${second.invitationId}`).auth(organiser, { type: 'bearer' }).expect(204);
    const gone = await request(t.app.getHttpServer())
      .get(`/activate/${tokenOf(second.activationUrl)}`)
      .expect(410);
    expect(gone.text).not.toContain('Ngô Thị Bích');
    const actions = await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'account.invite%' ORDER BY id`,
      [personId],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'account.invite',
      'account.invite',
      'account.invite_revoke',
    ]);
  });

  it('shows the link on the organiser page and revokes from it; sibling organisers get 404', async () => {
    const personId = await person('Đinh Văn Tùng');
    const acc = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
    const { agent, csrf } = await t.given.webLogin(acc);
    const page = await agent.get(`/people/${personId}/invitation`).expect(200);
    expect(page.text).toContain('Đinh Văn Tùng');
    await agent.post(`/people/${personId}/invitation`).type('form').send({}).expect(403);
    const created = await agent.post(`/people/${personId}/invitation`).type('form').send({ _csrf: csrf }).expect(200);
    const url = /value="(http:\/\/moc\.example\.test\/activate\/[^"]+)"/.exec(created.text)?.[1] ?? '';
    await request(t.app.getHttpServer())
      .get(`/activate/${tokenOf(url)}`)
      .expect(200);
    const [open] = await t.db.query(
      `SELECT id FROM account_invitation WHERE person_id = $1 AND revoked_at IS NULL AND used_at IS NULL`,
      [personId],
    );
    const revoked = await agent.post(`/invitations/${open.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(revoked.headers.location).toBe(`/people/${personId}/invitation`);
    await request(t.app.getHttpServer())
      .get(`/activate/${tokenOf(url)}`)
      .expect(410);

    const other = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    await other.agent.get(`/people/${personId}/invitation`).expect(404);
  });

  it('expires links after 7 days (410 on the page and the form)', async () => {
    const token = tokenOf((await invite(await person('Bùi Thị Yến'))).activationUrl);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get(`/activate/${token}`).expect(200);
    t.clock.advance(8 * 24 * 3600_000);
    const expired = await agent.get(`/activate/${token}`).expect(410);
    expect(expired.text).toContain('hết hạn');
    expect(expired.text).not.toContain('Bùi Thị Yến');
    await agent
      .post(`/activate/${token}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), login: 'btyen', password: PASSWORD, passwordConfirm: PASSWORD })
      .expect(410);
  });
});
