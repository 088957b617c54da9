import { Client } from 'pg';
import { Permission } from '@app/common';
import { InProcessJobExecutor, JobDispatcher } from '@app/jobs';
import { DUE_SOON_DAYS, REMINDER_BATCH, REMINDERS_JOB, remindersKey, RemindersService } from '@app/learning';
import { UnitResponse } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { blockedBehind, tracked } from '../../setup/races';

// Booting the app and a fresh database takes several seconds on a busy 2-core machine.
jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const vnDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');

interface Mail {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
}

describe('course reminders: the learning.reminders job', () => {
  let t: TestApp;
  let province: UnitResponse;
  let course: GivenCourse;
  let admin: string;

  /** A person on the roster (with or without an e-mail) enrolled in the course with a due date. */
  const enrolled = async (o: { email?: string; due: string; completed?: boolean; on?: GivenCourse }) => {
    const learner = await t.given.learner({ unit: province, roles: ['HR_OFFICIAL'], email: o.email });
    const c = o.on ?? course;
    const [{ id }] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date, completed_at, progress_percent)
       VALUES ($1, $2, $3, 'assignment', now(), $4, $5, $6) RETURNING id`,
      [learner.person.id, c.id, c.versionId, o.due, o.completed ? new Date() : null, o.completed ? 100 : 0],
    );
    return { personId: learner.person.id, enrolmentId: id };
  };
  const mailsTo = (email: string): Promise<Mail[]> =>
    t.db.query(`SELECT * FROM outbox_message WHERE to_address = $1 ORDER BY created_at, kind`, [email]);
  /** Runs the day's job through the dispatcher, as the scheduler does, and returns its result. */
  const runJob = async (date: string) => {
    const job = await t.app.get(JobDispatcher).dispatch(REMINDERS_JOB, remindersKey(date), { date });
    await t.app.get(InProcessJobExecutor).onIdle();
    const [row] = await t.db.query(`SELECT status, result, last_error FROM job_run WHERE id = $1`, [job.id]);
    expect(row).toMatchObject({ status: 'succeeded', last_error: null });
    return row.result as { date: string; dueSoon: number; overdue: number };
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'http://moc.example.test' });
    province = await t.given.unit();
    course = await createPublishedCourse(t.db, { title: 'Quyền con người trong truyền thông' });
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
  });
  afterAll(() => t.close());

  it('sends "due soon" once, "overdue" once after the due date, and nothing to those who do not qualify', async () => {
    const today = t.clock.today();
    const due = addDays(today, 3);
    const hoa = await enrolled({ email: 'hoa@example.vn', due });
    await enrolled({ email: 'later@example.vn', due: addDays(today, DUE_SOON_DAYS + 3) });
    await enrolled({ email: 'done@example.vn', due, completed: true });
    await enrolled({ due }); // no e-mail
    const gone = await enrolled({ email: 'gone@example.vn', due });
    await t.http
      .post(`/api/v1/people/${gone.personId}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left' })
      .expect(200);

    expect(await runJob(today)).toEqual({ date: today, dueSoon: 1, overdue: 0 });
    const [soon] = await mailsTo('hoa@example.vn');
    expect(soon.kind).toBe('learning.due_soon');
    expect(soon.subject).toContain('Quyền con người trong truyền thông');
    expect(soon.subject).toContain(vnDate(due));
    expect(soon.body_text).toContain(`http://moc.example.test/courses/${course.id}`);
    expect(soon.body_text).toContain('còn 3 ngày');
    expect(soon.body_text.indexOf('Kính gửi')).toBeLessThan(soon.body_text.indexOf('Dear'));
    const [sent] = await t.db.query(`SELECT * FROM reminder_sent WHERE enrolment_id = $1`, [hoa.enrolmentId]);
    expect(sent).toMatchObject({ kind: 'due_soon', outbox_message_id: soon.id });
    for (const email of ['later@example.vn', 'done@example.vn', 'gone@example.vn']) {
      expect(await mailsTo(email)).toHaveLength(0);
    }

    // The same day again (the service itself: a second dispatch of the key would not even run), then the next day.
    await expect(t.app.get(RemindersService).run(today)).resolves.toEqual({ date: today, dueSoon: 0, overdue: 0 });
    t.clock.advance(DAY_MS);
    expect(await runJob(t.clock.today())).toEqual({ date: t.clock.today(), dueSoon: 0, overdue: 0 });
    expect(await mailsTo('hoa@example.vn')).toHaveLength(1);

    // On the due date itself: still nothing; the day after it, overdue once.
    t.clock.advance(2 * DAY_MS);
    expect(t.clock.today()).toBe(due);
    expect((await runJob(t.clock.today())).overdue).toBe(0);
    t.clock.advance(DAY_MS);
    expect(await runJob(t.clock.today())).toMatchObject({ overdue: 1 });
    await expect(t.app.get(RemindersService).run(t.clock.today())).resolves.toMatchObject({ dueSoon: 0, overdue: 0 });
    t.clock.advance(DAY_MS);
    expect(await runJob(t.clock.today())).toMatchObject({ overdue: 0 });

    const mails = await mailsTo('hoa@example.vn');
    expect(mails.map((m) => m.kind)).toEqual(['learning.due_soon', 'learning.overdue']);
    expect(mails[1].subject).toContain(vnDate(due));
    expect(mails[1].body_text).toContain('quá 1 ngày');
    const kinds = await t.db.query(`SELECT kind FROM reminder_sent WHERE enrolment_id = $1 ORDER BY kind`, [
      hoa.enrolmentId,
    ]);
    expect(kinds.map((r: { kind: string }) => r.kind)).toEqual(['due_soon', 'overdue']);
    for (const email of ['done@example.vn', 'gone@example.vn']) expect(await mailsTo(email)).toHaveLength(0);
  });

  it('reminds again when the due date changes, and stops once the course is completed', async () => {
    const today = t.clock.today();
    const lan = await enrolled({ email: 'lan@example.vn', due: addDays(today, 1) });
    await t.app.get(RemindersService).run(today);
    expect(await mailsTo('lan@example.vn')).toHaveLength(1);

    // An earlier assignment moves the due date: a new reminder for the new date.
    await t.db.query(`UPDATE enrolment SET due_date = $2 WHERE id = $1`, [lan.enrolmentId, today]);
    await t.app.get(RemindersService).run(today);
    const mails = await mailsTo('lan@example.vn');
    expect(mails).toHaveLength(2);
    expect(mails[1].body_text).toContain('hôm nay là hạn cuối');

    await t.db.query(`UPDATE enrolment SET completed_at = now(), progress_percent = 100 WHERE id = $1`, [
      lan.enrolmentId,
    ]);
    t.clock.advance(3 * DAY_MS);
    await t.app.get(RemindersService).run(t.clock.today());
    expect(await mailsTo('lan@example.vn')).toHaveLength(2);
  });

  it('works through thousands of enrolments in batches, each reminded once', async () => {
    const bulk = await createPublishedCourse(t.db, { title: 'Khoá học đông người' });
    const today = t.clock.today();
    const n = 2_345;
    // People and enrolments written set-based: the factories would take minutes for this many.
    await t.db.query(
      `WITH p AS (
         INSERT INTO person (full_name, email, unit_id, status, status_from)
         SELECT 'Người học ' || i, 'bulk' || i || '@example.vn', $1, 'active', $2::date - 30
           FROM generate_series(1, $3) AS i RETURNING id),
       s AS (INSERT INTO person_status_period (person_id, status, valid_from) SELECT id, 'active', $2::date - 30 FROM p),
       m AS (INSERT INTO person_membership (person_id, unit_id, valid_from) SELECT id, $1, $2::date - 30 FROM p)
       INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date)
       SELECT p.id, $4, $5, 'assignment', now(), $2::date + (row_number() OVER () % 3)::int FROM p`,
      [province.id, today, n, bulk.id, bulk.versionId],
    );
    // How fast is for `npm run bench`, not for a test on a shared machine.
    const report = await t.app.get(RemindersService).run(today);
    expect(report.dueSoon).toBe(n);
    const [{ mails, distinct }] = await t.db.query(
      `SELECT count(*)::int AS mails, count(DISTINCT to_address)::int AS distinct FROM outbox_message
        WHERE to_address LIKE 'bulk%@example.vn'`,
    );
    expect({ mails, distinct }).toEqual({ mails: n, distinct: n });
    // 1,000 enrolments per transaction: the messages were written by three transactions (xmin), not one.
    const [{ transactions }] = await t.db.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM outbox_message WHERE to_address LIKE 'bulk%@example.vn'`,
    );
    expect(transactions).toBe(Math.ceil(n / REMINDER_BATCH));
    const [{ linked }] = await t.db.query(
      `SELECT count(*)::int AS linked FROM reminder_sent r JOIN enrolment e ON e.id = r.enrolment_id
        WHERE e.course_id = $1 AND r.outbox_message_id IS NOT NULL`,
      [bulk.id],
    );
    expect(linked).toBe(n);
    expect((await t.app.get(RemindersService).run(today)).dueSoon).toBe(0);
  });

  it('three runs started at once on 300 enrolments send 300 e-mails: each reminder once, under a race', async () => {
    const race = await createPublishedCourse(t.db, { title: 'Khoá học chạy đua' });
    const today = t.clock.today();
    const n = 300;
    // Set-based, as in the test above: only the enrolments matter here.
    await t.db.query(
      `WITH p AS (
         INSERT INTO person (full_name, email, unit_id, status, status_from)
         SELECT 'Người đua ' || i, 'race' || i || '@example.vn', $1, 'active', $2::date - 30
           FROM generate_series(1, $3) AS i RETURNING id),
       s AS (INSERT INTO person_status_period (person_id, status, valid_from) SELECT id, 'active', $2::date - 30 FROM p),
       m AS (INSERT INTO person_membership (person_id, unit_id, valid_from) SELECT id, $1, $2::date - 30 FROM p)
       INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date)
       SELECT p.id, $4, $5, 'assignment', now(), $2::date + 2 FROM p`,
      [province.id, today, n, race.id, race.versionId],
    );
    // The race, forced: this connection holds a lock that lets the runs read (eligible ids, candidates) but not
    // write reminder_sent, so all three have read the same 300 candidates before any of them claims one.
    const holder = new Client({ connectionString: t.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query(`BEGIN; LOCK TABLE reminder_sent IN SHARE MODE`);
      const pid = (await holder.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
      const runs = [0, 1, 2].map(() => tracked(t.app.get(RemindersService).run(today)));
      await blockedBehind(t.db, pid, 3, () => runs.some((r) => r.settled()));
      await holder.query('COMMIT');
      const reports = await Promise.all(runs.map((r) => r.work));
      expect(reports.reduce((sum, r) => sum + r.dueSoon, 0)).toBe(n);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    const [{ mails, distinct }] = await t.db.query(
      `SELECT count(*)::int AS mails, count(DISTINCT to_address)::int AS distinct FROM outbox_message
        WHERE to_address LIKE 'race%@example.vn'`,
    );
    expect({ mails, distinct }).toEqual({ mails: n, distinct: n });
    const [{ claimed }] = await t.db.query(
      `SELECT count(*)::int AS claimed FROM reminder_sent r JOIN enrolment e ON e.id = r.enrolment_id
        WHERE e.course_id = $1 AND r.outbox_message_id IS NOT NULL`,
      [race.id],
    );
    expect(claimed).toBe(n);
  });

  it('refuses a job payload that is not a date', async () => {
    await expect(
      t.app.get(JobDispatcher).dispatch(REMINDERS_JOB, 'reminders:bad', { date: '2026-02-30' }),
    ).resolves.toBeDefined();
    await t.app.get(InProcessJobExecutor).onIdle();
    const [row] = await t.db.query(`SELECT status, last_error FROM job_run WHERE business_key = 'reminders:bad'`);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/date/);
  });
});
