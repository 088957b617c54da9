import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('/accounts page', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('lists the subtree, creates an account with a 303, and disables/enables it', async () => {
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province, code: 'XA-MAUSON' });
    const sibling = await t.given.unit({ parent: province });
    const organiser = await t.given.account({
      permission: Permission.Organiser,
      scopeUnit: commune,
      displayName: 'Hoàng Văn Nam',
    });
    const outsider = await t.given.account({ scopeUnit: sibling, displayName: 'Người Ngoài Phạm Vi' });
    const { agent, csrf } = await t.given.webLogin(organiser);

    const page = await agent.get('/accounts').expect(200);
    expect(page.text).toContain('Hoàng Văn Nam');
    expect(page.text).not.toContain(outsider.displayName);
    expect(page.text).toContain('value="XA-MAUSON"');
    expect(page.text).not.toContain('value="admin"');
    expect(gzipSync(page.text).length).toBeLessThan(50 * 1024);

    const created = await agent
      .post('/accounts')
      .type('form')
      .send({
        _csrf: csrf,
        login: 'hocvien.mauson',
        displayName: 'Lý Thị Thu',
        email: '',
        password: 'mật khẩu thật dài',
        unitCode: 'xa-mauson',
        permission: 'learner',
      })
      .expect(303);
    expect(created.headers.location).toBe('/accounts?done=created');
    const after = await agent.get('/accounts?done=created').expect(200);
    expect(after.text).toContain('Đã tạo tài khoản.');
    expect(after.text).toContain('Lý Thị Thu');

    const [row] = await t.db.query(`SELECT id FROM account WHERE login = 'hocvien.mauson'`);
    await agent.post(`/accounts/${row.id}/status`).type('form').send({ _csrf: csrf, status: 'disabled' }).expect(303);
    expect((await t.db.query(`SELECT status FROM account WHERE id = $1`, [row.id]))[0].status).toBe('disabled');
    await agent.post(`/accounts/${row.id}/status`).type('form').send({ _csrf: csrf, status: 'active' }).expect(303);

    // Outside the subtree: not found, nothing changed.
    await agent
      .post(`/accounts/${outsider.id}/status`)
      .type('form')
      .send({ _csrf: csrf, status: 'disabled' })
      .expect(404);
    expect((await t.db.query(`SELECT status FROM account WHERE id = $1`, [outsider.id]))[0].status).toBe('active');
  });

  it('shows form errors on the page, naming the fields, and keeps what was typed (but not the password)', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const { agent, csrf } = await t.given.webLogin(admin);
    const res = await agent
      .post('/accounts')
      .type('form')
      .send({
        _csrf: csrf,
        login: 'x',
        displayName: 'Tên Hợp Lệ',
        email: 'not-an-email',
        password: 'short',
        unitCode: 'NO-SUCH-UNIT',
        permission: 'learner',
      })
      .expect(400);
    expect(res.text).toContain('role="alert"');
    for (const field of ['login', 'email', 'password', 'unitCode']) {
      expect(res.text).toContain(`<strong>${field}</strong>`);
    }
    expect(res.text).toContain('value="Tên Hợp Lệ"');
    expect(res.text).not.toContain('value="short"');
  });

  it('refuses a create form without the CSRF token (403), creating nothing', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const { agent } = await t.given.webLogin(admin);
    await agent
      .post('/accounts')
      .type('form')
      .send({
        login: 'csrf.victim',
        displayName: 'Victim',
        password: 'mật khẩu thật dài',
        unitCode: 'VN',
        permission: 'admin',
      })
      .expect(403);
    expect(await t.db.query(`SELECT 1 FROM account WHERE login = 'csrf.victim'`)).toHaveLength(0);
  });
});
