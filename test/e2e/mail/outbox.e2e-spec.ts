import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { Mailer } from '@app/mail';
import { createTestApp, TestApp } from '../../setup/test-app';
import type { WebLogin } from '../../factories/identity';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

const PAGE_BUDGET_BYTES = 50 * 1024;
/** The page as a browser reads it: Handlebars escapes = and & inside attributes. */
const decoded = (text: string): string => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('the outbox without SMTP: /admin/outbox and GET /api/v1/outbox', () => {
  let t: TestApp;
  let admin: WebLogin;
  let organiser: WebLogin;
  let adminToken: string;
  let organiserToken: string;
  let sentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const adminAccount = await t.given.account({ permission: Permission.Admin });
    const organiserAccount = await t.given.account({ permission: Permission.Organiser });
    admin = await t.given.webLogin(adminAccount);
    organiser = await t.given.webLogin(organiserAccount);
    adminToken = await t.given.tokenFor(adminAccount);
    organiserToken = await t.given.tokenFor(organiserAccount);

    const mailer = t.app.get(Mailer);
    await t.db.transaction(async (m) => {
      await mailer.send(
        {
          kind: 'account.invitation',
          to: 'hoa@example.vn',
          subject: 'Mời kích hoạt tài khoản Mộc',
          text: 'Kính gửi Hoa,\nhttps://moc.example.vn/activate/secret-token',
        },
        m,
      );
      await mailer.sendMany(
        Array.from({ length: 3 }, (_, i) => ({
          kind: 'learning.due_soon',
          to: `learner${i}@example.vn`,
          subject: `Nhắc hạn học ${i}`,
          text: `Khoá học sắp đến hạn ${i}`,
        })),
        m,
      );
    });
    // One message as a sender leaves it once delivered: stamped, text cleared.
    sentId = await mailer.send({ kind: 'learning.overdue', to: 'an@example.vn', subject: 'Quá hạn học', text: 'x' });
    await t.db.query(`UPDATE outbox_message SET sent_at = now(), attempts = 1, body_text = '' WHERE id = $1`, [sentId]);
    await t.app.get(InProcessJobExecutor).onIdle();
  });
  afterAll(() => t.close());

  it('writes the messages without sending anything (no delivery job without SMTP_URL)', async () => {
    const [{ jobs }] = await t.db.query(`SELECT count(*)::int AS jobs FROM job_run WHERE name = 'mail.deliver'`);
    expect(jobs).toBe(0);
    const [{ unsent }] = await t.db.query(`SELECT count(*)::int AS unsent FROM outbox_message WHERE sent_at IS NULL`);
    expect(unsent).toBe(4);
  });

  it('lists the messages newest first for an administrator, with the text only while unsent', async () => {
    const res = await t.http.get('/api/v1/outbox').auth(adminToken, { type: 'bearer' }).expect(200);
    expect(res.body).toMatchObject({ total: 5, limit: 50, offset: 0, smtpConfigured: false });
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items[0]).toMatchObject({ id: sentId, kind: 'learning.overdue', attempts: 1, bodyText: null });
    expect(items[0].sentAt).toEqual(expect.any(String));
    const invitation = items.find((i) => i.kind === 'account.invitation');
    expect(invitation).toMatchObject({
      to: 'hoa@example.vn',
      subject: 'Mời kích hoạt tài khoản Mộc',
      sentAt: null,
      attempts: 0,
      lastError: null,
      bodyText: expect.stringContaining('/activate/secret-token'),
    });
    const created = items.map((i) => i.createdAt as string);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('filters by kind and by sent/unsent, and pages', async () => {
    const get = (query: string) =>
      t.http.get(`/api/v1/outbox?${query}`).auth(adminToken, { type: 'bearer' }).expect(200);
    expect((await get('kind=learning.due_soon')).body.total).toBe(3);
    expect((await get('status=sent')).body.items.map((i: { id: string }) => i.id)).toEqual([sentId]);
    expect((await get('status=unsent')).body.total).toBe(4);
    expect((await get('kind=learning.due_soon&status=sent')).body.total).toBe(0);
    const first = (await get('limit=2')).body;
    const second = (await get('limit=2&offset=2')).body;
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(2);
    expect(first.items.map((i: { id: string }) => i.id)).not.toContain(second.items[0].id);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const bad = await t.http.get('/api/v1/outbox?status=lost').auth(adminToken, { type: 'bearer' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    const kind = await t.http.get('/api/v1/outbox?kind=DROP%20TABLE').auth(adminToken, { type: 'bearer' }).expect(400);
    expect(JSON.stringify(kind.body)).toContain('kind');
    await t.http.get('/api/v1/outbox?limit=1000').auth(adminToken, { type: 'bearer' }).expect(400);
    await admin.agent.get('/admin/outbox?status=lost').expect(400);
  });

  it('refuses organisers and learners, and anonymous callers', async () => {
    await t.http.get('/api/v1/outbox').auth(organiserToken, { type: 'bearer' }).expect(403);
    const learner = await t.given.tokenFor(await t.given.account({ permission: Permission.Learner }));
    await t.http.get('/api/v1/outbox').auth(learner, { type: 'bearer' }).expect(403);
    await t.http.get('/api/v1/outbox').expect(401);
    await organiser.agent.get('/admin/outbox').expect(403);
    const anonymous = await t.http.get('/admin/outbox');
    expect([302, 303, 401]).toContain(anonymous.status);
  });

  it("refuses an administrator of a province: the outbox holds other units' mail and activation links", async () => {
    const province = await t.given.unit();
    const localAdmin = await t.given.account({ permission: Permission.Admin, scopeUnit: province });
    const res = await t.http
      .get('/api/v1/outbox')
      .auth(await t.given.tokenFor(localAdmin), { type: 'bearer' })
      .expect(403);
    expect(JSON.stringify(res.body)).not.toContain('secret-token');
    const { agent } = await t.given.webLogin(localAdmin);
    const page = await agent.get('/admin/outbox').expect(403);
    expect(page.text).not.toContain('secret-token');
    // ...and the menu does not offer it (it does offer the jobs page)
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('href="/admin/outbox"');
    expect(home.text).toContain('href="/admin/jobs"');
  });

  it('shows the page to an administrator: SMTP not configured, the messages, the text of unsent ones', async () => {
    const res = await admin.agent.get('/admin/outbox').expect(200);
    expect(res.text).toContain('<h1>Thư đi</h1>');
    expect(res.text).toContain('<a href="/admin/outbox">Thư đi</a>');
    expect(res.text).toContain('Chưa cấu hình SMTP: thư được giữ lại ở đây');
    expect(res.text).toContain('Mời kích hoạt tài khoản Mộc');
    expect(res.text).toContain('hoa@example.vn');
    expect(res.text).toContain('<details><summary>Nội dung thư</summary>');
    expect(res.text).toContain('/activate/secret-token');
    expect(res.text).toContain('<th scope="col">Lỗi gần nhất</th>');
    expect(res.text.match(/<details>/g)).toHaveLength(4); // the sent one shows no text
    expect(gzipSync(res.text).length).toBeLessThan(PAGE_BUDGET_BYTES);

    const en = await admin.agent.get('/admin/outbox?lang=en').expect(200);
    expect(en.text).toContain('SMTP not configured: messages are kept here');

    const sent = await admin.agent.get('/admin/outbox?status=sent').expect(200);
    expect(sent.text).toContain('Quá hạn học');
    expect(sent.text).not.toContain('Mời kích hoạt tài khoản Mộc');
    expect(sent.text).not.toContain('<details>');
    expect(sent.text).toContain('<option value="sent" selected>');
  });

  it('pages the list 50 at a time with links that keep the filters', async () => {
    await t.app.get(Mailer).sendMany(
      Array.from({ length: 55 }, (_, i) => ({
        kind: 'learning.overdue',
        to: `late${i}@example.vn`,
        subject: `Quá hạn ${i}`,
        text: 'x',
      })),
    );
    const first = await admin.agent.get('/admin/outbox?kind=learning.overdue').expect(200);
    expect(decoded(first.text)).toContain('href="/admin/outbox?kind=learning.overdue&page=2"');
    expect(first.text).toContain('1/2');
    const second = await admin.agent.get('/admin/outbox?kind=learning.overdue&page=2').expect(200);
    expect(second.text).toContain('2/2');
    expect(second.text.match(/<tr>/g)?.length).toBe(1 + 6); // header + 56 - 50 rows
    expect(decoded(second.text)).toContain('href="/admin/outbox?kind=learning.overdue"');
  });
});
