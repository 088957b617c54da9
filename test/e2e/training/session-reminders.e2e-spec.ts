import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { SESSION_REMINDER_MAIL_KIND, SESSION_REMINDERS_JOB } from '@app/training';
import { JobDispatcher } from '@app/jobs';
import { waitForJob } from '../../factories/certificates';
import { Callers, createSession, sessionBody } from '../../factories/training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Reminders before the day, through the outbox: each invitee (invited or confirmed, with an e-mail) of a session
 * starting within 48 hours gets one message, however often the hourly job runs; declined invitees, people without an
 * e-mail and sessions further ahead get none.
 */

jest.setTimeout(120_000);

describe('session reminders', () => {
  let t: TestApp;

  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reminds each invitee once, through the outbox', async () => {
    const P = await t.given.unit({ type: UnitType.Province });
    const A = await t.given.unit({ parent: P });
    const ann = await t.given.person({
      unit: A,
      roles: ['HR_OFFICIAL'],
      fullName: 'Nguyễn Thị Ánh',
      email: 'anh@example.vn',
    });
    const chi = await t.given.person({
      unit: A,
      roles: ['HR_OFFICIAL'],
      fullName: 'Trần Văn Chí',
      email: 'chi@example.vn',
    });
    const nomail = await t.given.person({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Lê Thị Dung' });
    const c = await new Callers(t, {
      orgA: await t.given.account({ permission: Permission.Organiser, scopeUnit: A }),
    }).login();
    const soon = await createSession(
      t,
      c.tokens.orgA,
      sessionBody(t, A.id, { startsInHours: 24, title: 'Tập huấn ngày mai' }),
    );
    const later = await createSession(t, c.tokens.orgA, sessionBody(t, A.id, { startsInHours: 24 * 5 }));
    for (const id of [soon, later]) {
      await t.http
        .post(`/api/v1/training-sessions/${id}/invitations`)
        .auth(c.tokens.orgA, { type: 'bearer' })
        .send({ personIds: [ann.id, chi.id, nomail.id] })
        .expect(201);
    }
    await t.http
      .post(`/api/v1/training-sessions/${soon}/invitations/${chi.id}/answer`)
      .auth(c.tokens.orgA, { type: 'bearer' })
      .send({ answer: 'decline' })
      .expect(200);
    const jobs = t.app.get(JobDispatcher);
    // Two hourly runs: the second finds everyone already reminded.
    for (const hours of [0, 1]) {
      const at = new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
      await jobs.dispatch(SESSION_REMINDERS_JOB, `test-reminders:${hours}`, { at });
      expect(await waitForJob(t.db, `test-reminders:${hours}`)).toBe('succeeded');
    }
    const mails = await t.db.query<Array<{ to_address: string; subject: string }>>(
      `SELECT to_address, subject FROM outbox_message WHERE kind = $1 ORDER BY created_at`,
      [SESSION_REMINDER_MAIL_KIND],
    );
    expect(mails).toEqual([{ to_address: 'anh@example.vn', subject: 'Nhắc lịch: Tập huấn ngày mai' }]);
  });
});
