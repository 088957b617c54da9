import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { MailDeliveryService, Mailer, OutboxSweeper } from '@app/mail';
import { createTestApp, TestApp } from '../../setup/test-app';
import { startSmtpServer, TestSmtpServer } from '../../factories/mail';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

interface OutboxRow {
  id: string;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  body_text: string;
}

/** Polls until `probe` returns a value (jobs run in the background after the commit). */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('mail delivery over SMTP (a real smtp-server on a random port)', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let mailer: Mailer;

  const row = async (id: string): Promise<OutboxRow> =>
    (await t.db.query<OutboxRow[]>(`SELECT * FROM outbox_message WHERE id = $1`, [id]))[0];
  const job = async (key: string): Promise<{ status: string; attempts: number; last_error: string | null }> =>
    (await t.db.query(`SELECT status, attempts, last_error FROM job_run WHERE business_key = $1`, [key]))[0];
  const receivedWith = (subject: string) => smtp.received.filter((m) => m.subject === subject);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Mộc <no-reply@moc.example.test>',
      PUBLIC_URL: 'http://moc.example.test',
    });
    mailer = t.app.get(Mailer);
  });
  beforeEach(() => {
    smtp.mode = 'accept';
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends a message written in a transaction once, after the commit, and clears its text', async () => {
    const subject = 'Thư thử nghiệm: Quyền con người';
    const id = await t.db.transaction((m) =>
      mailer.send({ kind: 'test.hello', to: 'hoa@example.vn', subject, text: 'Xin chào Hoa,\nđường dẫn bí mật' }, m),
    );
    await t.app.get(InProcessJobExecutor).onIdle();

    const got = receivedWith(subject);
    expect(got).toHaveLength(1);
    expect(got[0].to).toEqual(['hoa@example.vn']);
    expect(got[0].from).toBe('no-reply@moc.example.test');
    expect(got[0].text).toContain('Xin chào Hoa,');
    const sent = await row(id);
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sent.attempts).toBe(1);
    expect(sent.last_error).toBeNull();
    expect(sent.body_text).toBe('');
    expect((await job(`mail:${id}`)).status).toBe('succeeded');

    // Delivering it again (a retry, the sweep) sends nothing more.
    await expect(t.app.get(MailDeliveryService).deliverAll([id])).resolves.toMatchObject({ sent: 0, alreadySent: 1 });
    expect(await t.app.get(OutboxSweeper).sweep()).toBe(0);
    expect(receivedWith(subject)).toHaveLength(1);
    expect((await row(id)).attempts).toBe(1);
  });

  it('writes nothing and sends nothing when the transaction rolls back', async () => {
    const subject = 'Rolled back';
    await expect(
      t.db.transaction(async (m) => {
        await mailer.send({ kind: 'test.hello', to: 'lan@example.vn', subject, text: 'x' }, m);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await t.app.get(InProcessJobExecutor).onIdle();
    expect(await t.db.query(`SELECT 1 FROM outbox_message WHERE subject = $1`, [subject])).toHaveLength(0);
    expect(receivedWith(subject)).toHaveLength(0);
  });

  it('never sends a message twice when two attempts race for it (row lock, sent_at check)', async () => {
    const subject = 'Race';
    // Written straight into the table: no job of its own, the two attempts below are the only ones.
    const [{ id }] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO outbox_message (kind, to_address, subject, body_text, created_at)
       VALUES ('test.race', 'race@example.vn', $1, 'x', now()) RETURNING id`,
      [subject],
    );
    const delivery = t.app.get(MailDeliveryService);
    const results = await Promise.allSettled([delivery.deliverAll([id]), delivery.deliverAll([id])]);
    // The loser either found the row locked (and will retry) or found it already sent.
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.sent === 1)).toHaveLength(1);
    expect(receivedWith(subject)).toHaveLength(1);
    expect((await row(id)).attempts).toBe(1);
  });

  it('fails the job at once on a permanent refusal; the sweep tries again later', async () => {
    smtp.mode = 'reject';
    const subject = 'Refused recipient';
    const id = await mailer.send({ kind: 'test.hello', to: 'nobody@example.vn', subject, text: 'x' });
    await t.app.get(InProcessJobExecutor).onIdle();
    const refused = await row(id);
    expect(refused.sent_at).toBeNull();
    expect(refused.attempts).toBe(1);
    expect(refused.last_error).toMatch(/550|mailbox unavailable|rejected/);
    expect(await job(`mail:${id}`)).toMatchObject({ status: 'failed', attempts: 1 });

    // Too recent for the sweep (its own job had the first go).
    expect(await t.app.get(OutboxSweeper).sweep()).toBe(0);
    smtp.mode = 'accept';
    t.clock.advanceMinutes(20);
    expect(await t.app.get(OutboxSweeper).sweep()).toBe(1);
    await t.app.get(InProcessJobExecutor).onIdle();
    expect(receivedWith(subject)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ attempts: 2, last_error: null, body_text: '' });
    expect((await job(`mail:${id}`)).status).toBe('succeeded');
    expect(await t.app.get(OutboxSweeper).sweep()).toBe(0);
  });

  it('delivers many messages with one job per 50', async () => {
    const messages = Array.from({ length: 120 }, (_, i) => ({
      kind: 'test.bulk',
      to: `bulk${i}@example.vn`,
      subject: `Bulk ${i}`,
      text: 'x',
    }));
    const ids = await t.db.transaction((m) => mailer.sendMany(messages, m));
    expect(ids).toHaveLength(120);
    await t.app.get(InProcessJobExecutor).onIdle();
    const [{ jobs }] = await t.db.query(
      `SELECT count(*)::int AS jobs FROM job_run WHERE name = 'mail.deliver' AND business_key = ANY($1)`,
      [ids.map((id) => `mail:${id}`)],
    );
    expect(jobs).toBe(3);
    const [{ unsent }] = await t.db.query(
      `SELECT count(*)::int AS unsent FROM outbox_message WHERE id = ANY($1) AND sent_at IS NULL`,
      [ids],
    );
    expect(unsent).toBe(0);
    expect(smtp.received.filter((m) => m.subject.startsWith('Bulk '))).toHaveLength(120);
    expect(new Set(smtp.received.filter((m) => m.subject.startsWith('Bulk ')).map((m) => m.to[0])).size).toBe(120);
  });

  it('says on the outbox page that SMTP is configured, and shows no text for sent messages', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const res = await t.http
      .get('/api/v1/outbox?status=sent&limit=5')
      .auth(await t.given.tokenFor(admin), { type: 'bearer' })
      .expect(200);
    expect(res.body.smtpConfigured).toBe(true);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: { bodyText: unknown }) => i.bodyText === null)).toBe(true);
    const page = await (await t.given.webLogin(admin)).agent.get('/admin/outbox').expect(200);
    expect(page.text).toContain('Đã cấu hình SMTP');
    expect(page.text).not.toContain('Chưa cấu hình SMTP');
  });

  // Last: its job stays held for a 30 s retry, so onIdle() would wait for it.
  it('keeps the row unsent with the last error when the server fails, and sends it once it recovers', async () => {
    smtp.mode = 'tempfail';
    const subject = 'Temporary failure';
    const id = await mailer.send({ kind: 'test.hello', to: 'minh@example.vn', subject, text: 'x' });
    const failed = await waitFor('the failed attempt', async () => {
      const r = await row(id);
      return r.attempts >= 1 ? r : undefined;
    });
    expect(failed.sent_at).toBeNull();
    expect(failed.last_error).toMatch(/451|try again later/);
    expect(failed.body_text).toBe('x');
    expect(receivedWith(subject)).toHaveLength(0);
    // The job waits for a retry (30 s backoff) with the error recorded.
    await waitFor('the job to be queued for a retry', async () => {
      const j = await job(`mail:${id}`);
      return j.status === 'queued' && j.last_error ? j : undefined;
    });

    smtp.mode = 'accept';
    await expect(t.app.get(MailDeliveryService).deliverAll([id])).resolves.toMatchObject({ sent: 1 });
    const sent = await row(id);
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sent.attempts).toBe(2);
    expect(sent.last_error).toBeNull();
    expect(receivedWith(subject)).toHaveLength(1);
  });
});
