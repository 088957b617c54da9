import { randomUUID } from 'node:crypto';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { AssignmentEnrolment, AssignmentProgressService, AssignmentsService, timeAssignment } from '@app/learning';
import { PeopleService, PersonResponse, ROSTER_COLUMNS, UnitHistoryService, UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import { systemActor } from '../../factories/identity';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { blockedBehind, tracked } from '../../setup/races';
import { createTestApp, TestApp } from '../../setup/test-app';

jest.setTimeout(60_000); // a loaded CI machine runs the set-up slowly

const DAY = 24 * 3600_000;
const plusDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

describe('assignments: a course assigned to a unit subtree × roles with a due date', () => {
  let t: TestApp;
  let province: UnitResponse;
  let communeA: UnitResponse;
  let communeB: UnitResponse;
  let otherProvince: UnitResponse;
  let tokens: Record<'admin' | 'orgP' | 'orgA' | 'orgB' | 'agencyP' | 'learner', string>;
  let roles: Record<'HR' | 'PROP' | 'ICT', string>;

  const waitJobs = () => t.app.get(InProcessJobExecutor).onIdle();
  const today = () => t.clock.today();
  const post = (token: string, path: string, body?: object) =>
    t.http.post(path).auth(token, { type: 'bearer' }).send(body);
  const get = (token: string, path: string) => t.http.get(path).auth(token, { type: 'bearer' });

  async function person(
    unit: { id: string },
    roleCodes: string[],
    extra: { status?: 'active' | 'on_leave' | 'left'; effectiveFrom?: string } = {},
  ) {
    const code = unique('P');
    return t.app.get(PeopleService).create(await systemActor(t.app), {
      fullName: `Nguyễn Văn ${code}`,
      employeeCode: code,
      unitId: unit.id,
      roleIds: await Promise.all(roleCodes.map((c) => t.given.roleId(c))),
      ...extra,
    });
  }

  const enrolments = (courseId: string) =>
    t.db.query<Array<{ id: string; person_id: string; source: string; version_id: string; due_date: string | null }>>(
      `SELECT id, person_id, source, version_id, to_char(due_date, 'YYYY-MM-DD') AS due_date
         FROM enrolment WHERE course_id = $1 ORDER BY person_id`,
      [courseId],
    );
  const enrolledIds = async (courseId: string) => (await enrolments(courseId)).map((e) => e.person_id).sort();

  /** A fresh district under the shared province (so that people of other tests never match), with units below. */
  async function subtree() {
    const top = await t.given.unit({ parent: province, type: UnitType.District });
    const [x, y, z] = [
      await t.given.unit({ parent: top }),
      await t.given.unit({ parent: top }),
      await t.given.unit({ parent: top, type: UnitType.District }),
    ];
    const zz = await t.given.unit({ parent: z });
    return { top, x, y, z, zz };
  }

  async function assign(token: string, course: GivenCourse, unit: { id: string }, roleIds: string[], dueDate: string) {
    const res = await post(token, '/api/v1/assignments', { courseId: course.id, unitId: unit.id, roleIds, dueDate });
    expect(res.status).toBe(201);
    await waitJobs();
    return res.body as { id: string; jobId: string; status: string; memberCount: number };
  }

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    communeA = await t.given.unit({ parent: province });
    communeB = await t.given.unit({ parent: province });
    otherProvince = await t.given.unit();
    const token = async (permission: Permission, scopeUnit?: { id: string }) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit }));
    tokens = {
      admin: await token(Permission.Admin),
      orgP: await token(Permission.Organiser, province),
      orgA: await token(Permission.Organiser, communeA),
      orgB: await token(Permission.Organiser, communeB),
      agencyP: await token(Permission.Agency, province),
      learner: await token(Permission.Learner, communeA),
    };
    roles = {
      HR: await t.given.roleId('HR_OFFICIAL'),
      PROP: await t.given.roleId('PROPAGANDIST'),
      ICT: await t.given.roleId('ICT_MANAGER'),
    };
  });
  afterAll(() => t.close());

  it('enrols everyone on the roster of the subtree with one of the roles, and nobody else', async () => {
    const course = await createPublishedCourse(t.db, { title: 'Quyền con người cơ bản' });
    const u = await subtree();
    const hrA = await person(u.x, ['HR_OFFICIAL']);
    const ictD = await person(u.zz, ['ICT_MANAGER', 'PUBLIC_LEARNER']);
    const hrB = await person(u.top, ['HR_OFFICIAL']);
    const propA = await person(u.x, ['PROPAGANDIST']);
    const hrOther = await person(communeA, ['HR_OFFICIAL']);
    const onLeave = await person(u.x, ['HR_OFFICIAL'], { status: 'on_leave' });
    const left = await person(u.y, ['HR_OFFICIAL'], { status: 'left' });
    const notYet = await person(u.x, ['HR_OFFICIAL'], { effectiveFrom: plusDays(today(), 5) });
    const due = plusDays(today(), 30);

    const res = await post(tokens.orgP, '/api/v1/assignments', {
      courseId: course.id,
      unitId: u.top.id,
      roleIds: [roles.HR, roles.ICT, roles.HR],
      dueDate: due,
    }).expect(201);
    expect(res.body).toMatchObject({
      courseId: course.id,
      courseCode: course.code,
      courseTitle: 'Quyền con người cơ bản',
      unitId: u.top.id,
      dueDate: due,
      status: 'active',
    });
    expect(res.body.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.roles.map((r: { id: string }) => r.id).sort()).toEqual([roles.HR, roles.ICT].sort());
    await waitJobs();

    expect(await enrolledIds(course.id)).toEqual([hrA.id, ictD.id, hrB.id].sort());
    for (const e of await enrolments(course.id)) {
      expect(e).toMatchObject({ source: 'assignment', version_id: course.versionId, due_date: due });
    }
    const events = await t.db.query(
      `SELECT count(*)::int AS n FROM learning_event l JOIN enrolment e ON e.id = l.enrolment_id
        WHERE e.course_id = $1 AND l.kind = 'enrolled' AND l.lesson_id IS NULL`,
      [course.id],
    );
    expect(events[0].n).toBe(3);

    const shown = await get(tokens.orgP, `/api/v1/assignments/${res.body.id}`).expect(200);
    expect(shown.body).toMatchObject({ memberCount: 3, jobId: res.body.jobId });
    expect(shown.body.job).toMatchObject({ status: 'succeeded', progress: 100 });
    expect(shown.body.syncedAt).not.toBeNull();
    const job = await t.db.query(`SELECT result FROM job_run WHERE id = $1`, [res.body.jobId]);
    expect(job[0].result).toMatchObject({ matched: 3, enrolled: 3, added: 3, memberCount: 3 });
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['assignment.create']);
    // left out on purpose: other role, other province, on leave, left, joining only in five days
    for (const p of [propA, hrOther, onLeave, left, notYet]) expect(await enrolledIds(course.id)).not.toContain(p.id);
  });

  it('enrols people who later join the subtree or get the role: PeopleService create, move, status, and the roster import', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const propA = await person(u.x, ['PROPAGANDIST']);
    const hrOther = await person(otherProvince, ['HR_OFFICIAL']);
    const onLeave = await person(u.y, ['HR_OFFICIAL'], { status: 'on_leave' });
    const assignment = await assign(tokens.orgP, course, u.top, [roles.HR], plusDays(today(), 20));
    expect(await enrolledIds(course.id)).toEqual([]);

    // created in the subtree with the role: enrolled in the same transaction
    const fresh = await person(u.zz, ['HR_OFFICIAL']);
    expect(await enrolledIds(course.id)).toEqual([fresh.id]);
    const [row] = await enrolments(course.id);
    expect(row).toMatchObject({ source: 'assignment', due_date: plusDays(today(), 20), version_id: course.versionId });

    // moved into the subtree
    const admin = await systemActor(t.app);
    await t.app.get(PeopleService).move(admin, hrOther.id, { unitId: u.y.id });
    // back from leave
    await t.app.get(PeopleService).changeStatus(admin, onLeave.id, { status: 'active' });
    expect(await enrolledIds(course.id)).toEqual([fresh.id, hrOther.id, onLeave.id].sort());

    // the roster import: a new person with the role, and an existing one who gains it
    const header = ROSTER_COLUMNS.map((c) => c.headerVi);
    const cells = (v: Record<string, string>) => ROSTER_COLUMNS.map((c) => v[c.key] ?? '');
    const code = unique('IMP');
    const propCode = (await t.db.query(`SELECT employee_code FROM person WHERE id = $1`, [propA.id]))[0].employee_code;
    const file = csvBuffer([
      header,
      cells({ employee_code: code, full_name: 'Trần Thị Mới', unit_code: u.x.code, roles: 'HR_OFFICIAL' }),
      cells({
        employee_code: propCode,
        full_name: propA.fullName,
        unit_code: u.x.code,
        roles: 'PROPAGANDIST;HR_OFFICIAL',
      }),
      cells({ employee_code: `${code}x`, full_name: 'Lê Văn Khác', unit_code: u.x.code, roles: 'ICT_MANAGER' }),
    ]);
    const upload = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'commit' })
      .auth(tokens.orgP, { type: 'bearer' })
      .attach('file', file, 'danh-sach.csv')
      .expect(202);
    await waitJobs();
    const batch = await get(tokens.orgP, `/api/v1/roster-imports/${upload.body.id}`).expect(200);
    expect(batch.body).toMatchObject({ status: 'done', counts: { created: 2, updated: 1 } });
    const imported = await t.db.query(`SELECT id FROM person WHERE employee_code = $1`, [code]);
    expect(await enrolledIds(course.id)).toEqual([fresh.id, hrOther.id, onLeave.id, imported[0].id, propA.id].sort());

    const shown = await get(tokens.orgP, `/api/v1/assignments/${assignment.id}`).expect(200);
    expect(shown.body.memberCount).toBe(5);
  });

  it('enrols the people of a unit merged into the assigned subtree', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const outside = await t.given.unit({ parent: province });
    const moved = await person(outside, ['HR_OFFICIAL']);
    await assign(tokens.orgP, course, u.top, [roles.HR], plusDays(today(), 15));
    expect(await enrolledIds(course.id)).toEqual([]);
    await t.app.get(UnitHistoryService).merge(await systemActor(t.app), { sourceIds: [outside.id], targetId: u.x.id });
    expect(await enrolledIds(course.id)).toEqual([moved.id]);
  });

  it('places a pair whose enrolment another transaction commits while the listener runs', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const back = await person(u.x, ['HR_OFFICIAL'], { status: 'on_leave' });
    const assignment = await assign(tokens.orgP, course, u.x, [roles.HR], plusDays(today(), 12));
    // someone self-enrols the person and has not committed yet …
    const other = t.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    const [own] = await other.query(
      `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at) VALUES ($1, $2, $3, 'self', now()) RETURNING id`,
      [back.id, course.id, course.versionId],
    );
    const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);
    // … while the person comes back from leave: the listener matched before that enrolment existed, and its write
    // waits on the uncommitted row. The transaction commits only once the listener is seen waiting behind it.
    const change = tracked(
      t.app.get(PeopleService).changeStatus(await systemActor(t.app), back.id, { status: 'active' }),
    );
    try {
      await blockedBehind(t.db, pid, 1, change.settled);
      await other.commitTransaction();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    await change.work;
    const [e] = await enrolments(course.id);
    expect(e).toMatchObject({ id: own.id, source: 'self', due_date: plusDays(today(), 12) });
    const members = await t.db.query(`SELECT enrolment_id FROM assignment_member WHERE assignment_id = $1`, [
      assignment.id,
    ]);
    expect(members).toEqual([{ enrolment_id: own.id }]);
  });

  it('keeps a self enrolment (source, id) and gives it the earliest due date of the active assignments', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const self = await person(u.x, ['HR_OFFICIAL']);
    const [own] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at) VALUES ($1, $2, $3, 'self', now()) RETURNING id`,
      [self.id, course.id, course.versionId],
    );
    await t.db.query(`INSERT INTO learning_event (enrolment_id, kind, at) VALUES ($1, 'enrolled', now())`, [own.id]);
    const later = plusDays(today(), 40);
    const sooner = plusDays(today(), 10);

    const first = await assign(tokens.orgP, course, u.x, [roles.HR], later);
    let [e] = await enrolments(course.id);
    expect(e).toMatchObject({ id: own.id, source: 'self', due_date: later });
    const second = await assign(tokens.orgP, course, u.top, [roles.HR], sooner);
    [e] = await enrolments(course.id);
    expect(e).toMatchObject({ id: own.id, source: 'self', due_date: sooner });
    const events = await t.db.query(`SELECT count(*)::int AS n FROM learning_event WHERE enrolment_id = $1`, [own.id]);
    expect(events[0].n).toBe(1);
    expect((await get(tokens.orgP, `/api/v1/assignments/${second.id}`)).body.memberCount).toBe(1);

    // cancelling the sooner assignment: the enrolment stays, due on the remaining one's date
    const cancelled = await post(tokens.orgP, `/api/v1/assignments/${second.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    [e] = await enrolments(course.id);
    expect(e).toMatchObject({ id: own.id, due_date: later });
    await post(tokens.orgP, `/api/v1/assignments/${second.id}/cancel`).expect(409);
    await post(tokens.agencyP, `/api/v1/assignments/${first.id}/cancel`).expect(403);
    await post(tokens.orgB, `/api/v1/assignments/${first.id}/cancel`).expect(404);
    await post(tokens.orgP, `/api/v1/assignments/${first.id}/cancel`).expect(200);
    [e] = await enrolments(course.id);
    expect(e).toMatchObject({ id: own.id, source: 'self', due_date: null });

    // a cancelled assignment enrols nobody new
    await person(u.x, ['HR_OFFICIAL']);
    expect(await enrolledIds(course.id)).toEqual([self.id]);
  });

  it('refuses bad input: outside the subtree 403, past or impossible due date 400, unknown role 400, unpublished course 409', async () => {
    const course = await createPublishedCourse(t.db);
    const due = plusDays(today(), 7);
    const body = (o: object = {}) => ({
      courseId: course.id,
      unitId: communeA.id,
      roleIds: [roles.HR],
      dueDate: due,
      ...o,
    });

    const sibling = await post(tokens.orgB, '/api/v1/assignments', body()).expect(403);
    expect(sibling.body.message).toMatch(/outside the subtree/);
    await post(tokens.orgA, '/api/v1/assignments', body({ unitId: province.id })).expect(403);
    await post(tokens.orgP, '/api/v1/assignments', body({ unitId: otherProvince.id })).expect(403);
    await post(tokens.agencyP, '/api/v1/assignments', body()).expect(403);
    await post(tokens.learner, '/api/v1/assignments', body()).expect(403);

    const past = await post(tokens.orgA, '/api/v1/assignments', body({ dueDate: plusDays(today(), -1) })).expect(400);
    expect(past.body.message).toBe('dueDate is in the past');
    expect(past.body.details).toEqual([expect.objectContaining({ field: 'dueDate' })]);
    await post(tokens.orgA, '/api/v1/assignments', body({ dueDate: '2031-02-30' })).expect(400);
    await post(tokens.orgA, '/api/v1/assignments', body({ dueDate: today() })).expect(201);

    const unknownRole = await post(tokens.orgA, '/api/v1/assignments', body({ roleIds: [randomUUID()] })).expect(400);
    expect(unknownRole.body.details).toEqual([expect.objectContaining({ field: 'roleIds' })]);
    await post(tokens.orgA, '/api/v1/assignments', body({ roleIds: [] })).expect(400);
    await post(tokens.orgA, '/api/v1/assignments', body({ unitId: randomUUID() })).expect(400);
    await post(tokens.orgA, '/api/v1/assignments', body({ courseId: randomUUID() })).expect(400);
    await post(tokens.orgA, '/api/v1/assignments', body({ extra: 1 })).expect(400);

    const draft = await createPublishedCourse(t.db, { ownerUnit: communeA });
    await t.db.query(`UPDATE course SET status = 'draft' WHERE id = $1`, [draft.id]);
    const refused = await post(tokens.orgA, '/api/v1/assignments', body({ courseId: draft.id })).expect(409);
    expect(refused.body.message).toMatch(/draft/);
    // someone else's draft does not exist for this organiser
    await post(tokens.orgB, '/api/v1/assignments', body({ courseId: draft.id, unitId: communeB.id })).expect(400);
    const archived = await createPublishedCourse(t.db);
    await t.db.query(`UPDATE course SET status = 'archived' WHERE id = $1`, [archived.id]);
    await post(tokens.orgA, '/api/v1/assignments', body({ courseId: archived.id })).expect(409);

    const rows = await t.db.query(`SELECT count(*)::int AS n FROM assignment WHERE course_id = ANY($1::uuid[])`, [
      [course.id, draft.id, archived.id],
    ]);
    expect(rows[0].n).toBe(1); // only the one due today
  });

  it("lets organisers assign open courses and closed ones owned on their line, not a neighbour's closed course", async () => {
    const due = plusDays(today(), 30);
    const assign = (token: string, courseId: string, unitId: string) =>
      post(token, '/api/v1/assignments', { courseId, unitId, roleIds: [roles.HR], dueDate: due });
    const closedOfA = await createPublishedCourse(t.db, { ownerUnit: communeA, openEnrolment: false });
    const closedOfProvince = await createPublishedCourse(t.db, { ownerUnit: province, openEnrolment: false });
    const closedElsewhere = await createPublishedCourse(t.db, { ownerUnit: otherProvince, openEnrolment: false });
    const open = await createPublishedCourse(t.db, { ownerUnit: otherProvince });

    await assign(tokens.orgA, closedOfA.id, communeA.id).expect(201);
    await assign(tokens.orgP, closedOfA.id, communeB.id).expect(201); // owned inside the province
    const neighbour = await assign(tokens.orgB, closedOfA.id, communeB.id).expect(400);
    expect(neighbour.body.details).toEqual([{ field: 'courseId', reason: 'unknown course' }]);
    await assign(tokens.orgA, closedOfProvince.id, communeA.id).expect(201); // owned above commune A
    await assign(tokens.orgP, closedElsewhere.id, province.id).expect(400);
    await assign(tokens.orgB, open.id, communeB.id).expect(201);
    await assign(tokens.admin, closedElsewhere.id, province.id).expect(201);

    const far = await post(tokens.orgA, '/api/v1/assignments', {
      courseId: open.id,
      unitId: communeA.id,
      roleIds: [roles.HR],
      dueDate: '9999-12-31',
    }).expect(400);
    expect(far.body.details).toEqual([expect.objectContaining({ field: 'dueDate' })]);
    await waitJobs();
  });

  it('is idempotent: a run killed before commit leaves nothing; re-runs add no duplicates', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const people = [await person(u.x, ['HR_OFFICIAL']), await person(u.x, ['HR_OFFICIAL'])];
    const [{ id }] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO assignment (course_id, unit_id, due_date, created_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [course.id, u.x.id, plusDays(today(), 9)],
    );
    await t.db.query(`INSERT INTO assignment_role (assignment_id, role_id) VALUES ($1, $2)`, [id, roles.HR]);
    const enrolment = t.app.get(AssignmentEnrolment);
    const kill = async (percent: number) => {
      if (percent >= 95) throw new Error('killed');
    };
    await expect(enrolment.syncAssignment(id, kill)).rejects.toThrow('killed');
    expect(await enrolledIds(course.id)).toEqual([]);
    const first = await enrolment.syncAssignment(id);
    expect(first).toMatchObject({ matched: 2, enrolled: 2, added: 2, memberCount: 2 });
    const again = await enrolment.syncAssignment(id);
    expect(again).toMatchObject({ matched: 0, enrolled: 0, added: 0, memberCount: 2 });
    expect(await enrolledIds(course.id)).toEqual(people.map((p) => p.id).sort());
    const counts = await t.db.query(
      `SELECT (SELECT count(*)::int FROM assignment_member WHERE assignment_id = $1) AS members,
              (SELECT count(*)::int FROM learning_event l JOIN enrolment e ON e.id = l.enrolment_id WHERE e.course_id = $2) AS events`,
      [id, course.id],
    );
    expect(counts[0]).toEqual({ members: 2, events: 2 });
  });

  it('the safety net (learning.assignments.sync) enrols people the hooks could not see yet', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const assignment = await assign(tokens.orgP, course, u.x, [roles.PROP], plusDays(today(), 30));
    const tomorrow = await person(u.x, ['PROPAGANDIST'], { effectiveFrom: plusDays(today(), 1) });
    expect(await enrolledIds(course.id)).toEqual([]);
    t.clock.advance(DAY);
    try {
      const job = await t.app.get(AssignmentsService).dispatchSyncAll(`test-${assignment.id}`);
      expect(job.name).toBe('learning.assignments.sync');
      await waitJobs();
      expect(await enrolledIds(course.id)).toEqual([tomorrow.id]);
    } finally {
      t.clock.advance(-DAY); // bearer tokens would look expired a day later
    }
    const shown = await get(tokens.orgP, `/api/v1/assignments/${assignment.id}`).expect(200);
    expect(shown.body.memberCount).toBe(1);
  });

  it('timeAssignment (the smoke-check helper) returns only once the enrol job has written every enrolment', async () => {
    const course = await createPublishedCourse(t.db);
    const u = await subtree();
    const people = [];
    for (const unit of [u.x, u.y, u.zz]) people.push(await person(unit, ['LEGAL_RAPPORTEUR']));
    const timed = await timeAssignment(t.app, await systemActor(t.app), {
      courseId: course.id,
      unitId: u.top.id,
      roleIds: [await t.given.roleId('LEGAL_RAPPORTEUR')],
      dueDate: plusDays(today(), 60),
    });
    expect(timed.job).toMatchObject({ status: 'succeeded', result: { matched: 3, enrolled: 3 } });
    expect(timed.assignment.memberCount).toBe(3);
    // Read at once, without waiting for the jobs: the helper itself waited for the job to finish.
    expect(await enrolledIds(course.id)).toEqual(people.map((p) => p.id).sort());
  });

  describe('progress and scope', () => {
    let assignmentId: string;
    let courseId: string;
    const p: Record<string, PersonResponse> = {};
    let u: Awaited<ReturnType<typeof subtree>>;
    let orgX: string;

    beforeAll(async () => {
      const course = await createPublishedCourse(t.db);
      courseId = course.id;
      u = await subtree();
      orgX = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: u.x }));
      p.a1 = await person(u.x, ['ICT_MANAGER']);
      p.a2 = await person(u.x, ['ICT_MANAGER']);
      p.a3 = await person(u.x, ['ICT_MANAGER']);
      p.b1 = await person(u.y, ['ICT_MANAGER']);
      p.b2 = await person(u.y, ['ICT_MANAGER']);
      p.d1 = await person(u.zz, ['ICT_MANAGER']);
      p.direct = await person(u.top, ['ICT_MANAGER']);
      const a = await assign(tokens.orgP, course, u.top, [roles.ICT], plusDays(today(), 3));
      assignmentId = a.id;
      const set = (who: PersonResponse, sql: string) =>
        t.db.query(`UPDATE enrolment SET ${sql} WHERE person_id = $1 AND course_id = $2`, [who.id, courseId]);
      await set(p.a1, `started_at = now(), completed_at = now(), progress_percent = 100`);
      await set(p.a2, `started_at = now(), progress_percent = 50`);
      await set(p.b1, `started_at = now()`);
      await set(p.b2, `due_date = '${plusDays(today(), -1)}'`);
    });

    const progress = (token: string, unitId?: string) =>
      get(token, `/api/v1/assignments/${assignmentId}/progress${unitId ? `?unitId=${unitId}` : ''}`);

    it('counts assigned / started / completed / overdue / not started per child unit, with drill-down', async () => {
      const res = await progress(tokens.orgP).expect(200);
      expect(res.body).toMatchObject({ assignmentId, unit: { id: u.top.id }, asOf: today(), elsewhere: 0 });
      expect(res.body.path.map((u: { id: string }) => u.id)).toEqual([u.top.id]);
      expect(res.body.totals).toEqual({ assigned: 7, started: 2, completed: 1, overdue: 1, notStarted: 4 });
      const rows = Object.fromEntries(res.body.rows.map((r: { unitId: string }) => [r.unitId, r]));
      expect(rows[u.x.id]).toMatchObject({
        assigned: 3,
        started: 1,
        completed: 1,
        overdue: 0,
        notStarted: 1,
        child: true,
      });
      expect(rows[u.y.id]).toMatchObject({ assigned: 2, started: 1, completed: 0, overdue: 1, notStarted: 1 });
      expect(rows[u.z.id]).toMatchObject({ assigned: 1, notStarted: 1, hasChildren: true });
      expect(rows[u.top.id]).toMatchObject({ assigned: 1, child: false });

      const down = await progress(tokens.orgP, u.z.id).expect(200);
      expect(down.body.path.map((u: { id: string }) => u.id)).toEqual([u.top.id, u.z.id]);
      expect(down.body.totals.assigned).toBe(1);
      expect(down.body.rows).toEqual([expect.objectContaining({ unitId: u.zz.id, assigned: 1, notStarted: 1 })]);
      await progress(tokens.agencyP).expect(200);
    });

    it('counts overdue as the clock passes the due date, and follows people who move', async () => {
      t.clock.advance(5 * DAY);
      try {
        // through the service: bearer tokens would look expired five days later
        const later = await t.app.get(AssignmentProgressService).progress(await systemActor(t.app), assignmentId, {});
        expect(later.totals).toEqual({ assigned: 7, started: 2, completed: 1, overdue: 6, notStarted: 4 });
      } finally {
        t.clock.advance(-5 * DAY);
      }
      await t.app.get(PeopleService).move(await systemActor(t.app), p.d1.id, { unitId: otherProvince.id });
      const res = await progress(tokens.orgP).expect(200);
      expect(res.body.totals.assigned).toBe(6);
      expect(res.body.elsewhere).toBe(1);
      const rows = Object.fromEntries(res.body.rows.map((r: { unitId: string }) => [r.unitId, r]));
      expect(rows[u.z.id]).toMatchObject({ assigned: 0 });
    });

    it('is scoped: siblings see nothing, a covered organiser not the top, ids from elsewhere answer 404', async () => {
      await get(tokens.orgB, `/api/v1/assignments/${assignmentId}`).expect(404);
      await progress(tokens.orgB).expect(404);
      await progress(orgX, u.top.id).expect(404); // covered by it, but the top is above X's scope
      await get(tokens.learner, `/api/v1/assignments/${assignmentId}`).expect(403);
      await progress(tokens.admin, otherProvince.id).expect(404);
      const mineA = await get(tokens.orgA, '/api/v1/assignments?limit=500').expect(200);
      expect(mineA.body.items.map((a: { id: string }) => a.id)).not.toContain(assignmentId);
      // their own, and the admin's assignment to the province, which covers commune A (marked, read only)
      type Listed = { unitId: string; assignedFromAbove: boolean };
      const own = (unitId: string) => (a: Listed) =>
        a.assignedFromAbove ? a.unitId === province.id : a.unitId === unitId;
      expect(mineA.body.items.every(own(communeA.id))).toBe(true);
      expect(mineA.body.items.some((a: Listed) => a.assignedFromAbove)).toBe(true);
      const mineB = await get(tokens.orgB, '/api/v1/assignments?limit=500').expect(200);
      expect(mineB.body.items.length).toBeGreaterThan(0);
      expect(mineB.body.items.every(own(communeB.id))).toBe(true);
      const all = await get(tokens.orgP, `/api/v1/assignments?courseId=${courseId}`).expect(200);
      expect(all.body).toMatchObject({ total: 1, items: [{ id: assignmentId, memberCount: 7 }] });
      const underA = await get(tokens.orgP, `/api/v1/assignments?unitId=${communeA.id}&status=active`).expect(200);
      expect(underA.body.items.length).toBeGreaterThan(0);
      expect(underA.body.items.every((a: { unitId: string }) => a.unitId === communeA.id)).toBe(true);
      await get(tokens.orgA, `/api/v1/assignments?unitId=${communeB.id}`).expect(404);
      await get(tokens.orgP, '/api/v1/assignments/not-a-uuid').expect(400);
      await get(tokens.orgP, `/api/v1/assignments/${randomUUID()}`).expect(404);
    });
  });

  describe('an assignment from above: the organisers and agencies it covers follow up their own part', () => {
    // province P2 → communes c1, c2 and district d → commune dd; assigned by P2's organiser to the whole province
    let w: Record<'p2' | 'c1' | 'c2' | 'd' | 'dd', UnitResponse>;
    let assignmentId: string;
    let who: Record<'orgP2' | 'orgC1' | 'orgC2' | 'agencyC1' | 'orgD' | 'orgOther' | 'agencyOther', string>;

    const progress = (token: string, unitId?: string) =>
      get(token, `/api/v1/assignments/${assignmentId}/progress${unitId ? `?unitId=${unitId}` : ''}`);
    const ids = (rows: Array<{ unitId?: string; id?: string }>) => rows.map((r) => r.unitId ?? r.id);

    beforeAll(async () => {
      const p2 = await t.given.unit({ type: UnitType.Province });
      const [c1, c2, d] = [
        await t.given.unit({ parent: p2 }),
        await t.given.unit({ parent: p2 }),
        await t.given.unit({ parent: p2, type: UnitType.District }),
      ];
      w = { p2, c1, c2, d, dd: await t.given.unit({ parent: d }) };
      const token = async (permission: Permission, scopeUnit: { id: string }) =>
        t.given.tokenFor(await t.given.account({ permission, scopeUnit }));
      who = {
        orgP2: await token(Permission.Organiser, p2),
        orgC1: await token(Permission.Organiser, c1),
        orgC2: await token(Permission.Organiser, c2),
        agencyC1: await token(Permission.Agency, c1),
        orgD: await token(Permission.Organiser, d),
        orgOther: await token(Permission.Organiser, otherProvince),
        agencyOther: await token(Permission.Agency, otherProvince),
      };
      const course = await createPublishedCourse(t.db);
      const people = {
        c1done: await person(c1, ['HR_OFFICIAL']),
        c1started: await person(c1, ['HR_OFFICIAL']),
        c1idle: await person(c1, ['HR_OFFICIAL']),
        c2started: await person(c2, ['HR_OFFICIAL']),
        c2late: await person(c2, ['HR_OFFICIAL']),
        c2idle: await person(c2, ['HR_OFFICIAL']),
        c2idle2: await person(c2, ['HR_OFFICIAL']),
        dd: await person(w.dd, ['HR_OFFICIAL']),
        direct: await person(p2, ['HR_OFFICIAL']),
      };
      assignmentId = (await assign(who.orgP2, course, p2, [roles.HR], plusDays(today(), 10))).id;
      const set = (p: PersonResponse, sql: string) =>
        t.db.query(`UPDATE enrolment SET ${sql} WHERE person_id = $1 AND course_id = $2`, [p.id, course.id]);
      await set(people.c1done, `started_at = now(), completed_at = now(), progress_percent = 100`);
      await set(people.c1started, `started_at = now(), progress_percent = 40`);
      await set(people.c2started, `started_at = now(), progress_percent = 10`);
      await set(people.c2late, `due_date = '${plusDays(today(), -2)}'`);
    });

    it("the province's organiser sees the whole province (9 people)", async () => {
      const a = await get(who.orgP2, `/api/v1/assignments/${assignmentId}`).expect(200);
      expect(a.body).toMatchObject({ unitId: w.p2.id, memberCount: 9, assignedFromAbove: false });
      const res = await progress(who.orgP2).expect(200);
      expect(res.body.totals).toEqual({ assigned: 9, started: 2, completed: 1, overdue: 1, notStarted: 6 });
    });

    it("a commune's organiser sees it, marked, with the figures of their commune only", async () => {
      const a = await get(who.orgC1, `/api/v1/assignments/${assignmentId}`).expect(200);
      expect(a.body).toMatchObject({ id: assignmentId, unitId: w.p2.id, assignedFromAbove: true, memberCount: 3 });
      const list = await get(who.orgC1, '/api/v1/assignments?limit=500').expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: assignmentId, unitId: w.p2.id, assignedFromAbove: true, memberCount: 3 }),
      ]);
      const byCourse = await get(who.orgC1, `/api/v1/assignments?courseId=${a.body.courseId}`).expect(200);
      expect(byCourse.body.total).toBe(1);

      const res = await progress(who.orgC1).expect(200);
      expect(res.body).toMatchObject({ assignmentId, unit: { id: w.c1.id }, elsewhere: 0 });
      expect(ids(res.body.path)).toEqual([w.c1.id]);
      expect(res.body.totals).toEqual({ assigned: 3, started: 1, completed: 1, overdue: 0, notStarted: 1 });
      expect(ids(res.body.rows)).toEqual([w.c1.id]);
      // nothing of the province, the sibling commune or the district: no id, no figure of the whole
      const text = JSON.stringify([a.body, list.body, res.body]);
      for (const other of [w.c2, w.d, w.dd]) expect(text).not.toContain(other.id);
      expect(text).not.toMatch(/"(memberCount|assigned)":9\b/);

      await progress(who.orgC1, w.c1.id).expect(200);
      await progress(who.orgC1, w.c2.id).expect(404); // the sibling commune
      await progress(who.orgC1, w.p2.id).expect(404); // the province itself
      await progress(who.orgC1, w.dd.id).expect(404);
      await progress(who.orgC1, otherProvince.id).expect(404);
    });

    it("the sibling commune's organiser sees the same assignment with their own figures", async () => {
      const a = await get(who.orgC2, `/api/v1/assignments/${assignmentId}`).expect(200);
      expect(a.body).toMatchObject({ assignedFromAbove: true, memberCount: 4 });
      const res = await progress(who.orgC2).expect(200);
      expect(res.body.unit.id).toBe(w.c2.id);
      expect(res.body.totals).toEqual({ assigned: 4, started: 1, completed: 0, overdue: 1, notStarted: 3 });
      await progress(who.orgC2, w.c1.id).expect(404);
    });

    it('a district inside it drills down within the district only; the path never goes above it', async () => {
      const res = await progress(who.orgD).expect(200);
      expect(res.body.unit.id).toBe(w.d.id);
      expect(ids(res.body.path)).toEqual([w.d.id]);
      expect(res.body.rows).toEqual([expect.objectContaining({ unitId: w.dd.id, child: true, assigned: 1 })]);
      expect(res.body.totals.assigned).toBe(1);
      const down = await progress(who.orgD, w.dd.id).expect(200);
      expect(ids(down.body.path)).toEqual([w.d.id, w.dd.id]);
      await progress(who.orgD, w.p2.id).expect(404);
    });

    it("a commune's agency is limited the same way", async () => {
      const a = await get(who.agencyC1, `/api/v1/assignments/${assignmentId}`).expect(200);
      expect(a.body).toMatchObject({ assignedFromAbove: true, memberCount: 3 });
      const res = await progress(who.agencyC1).expect(200);
      expect(res.body.totals.assigned).toBe(3);
      await progress(who.agencyC1, w.c2.id).expect(404);
      await progress(who.agencyC1, w.p2.id).expect(404);
      await post(who.agencyC1, `/api/v1/assignments/${assignmentId}/cancel`).expect(403);
    });

    it('with several scopes inside it: the part nearest the assignment unit first, the others by unitId', async () => {
      const account = (scope: { id: string }, also: { id: string }) =>
        t.given.account({
          permission: Permission.Organiser,
          scopeUnit: scope,
          also: [{ permission: Permission.Agency, scopeUnit: also }],
        });
      // disjoint: commune dd (3 levels down) and commune c1 (2 levels down)
      const disjoint = await t.given.tokenFor(await account(w.dd, w.c1));
      const a = await get(disjoint, `/api/v1/assignments/${assignmentId}`).expect(200);
      expect(a.body).toMatchObject({ assignedFromAbove: true, memberCount: 4 }); // c1's 3 + dd's 1
      const first = await progress(disjoint).expect(200);
      expect(ids(first.body.path)).toEqual([w.c1.id]);
      expect(first.body.totals.assigned).toBe(3);
      const other = await progress(disjoint, w.dd.id).expect(200);
      expect(ids(other.body.path)).toEqual([w.dd.id]); // not through district d, which is not theirs
      expect(other.body.totals.assigned).toBe(1);
      await progress(disjoint, w.d.id).expect(404);
      // nested: district d contains commune dd; d is the part
      const nested = await t.given.tokenFor(await account(w.dd, w.d));
      expect(ids((await progress(nested).expect(200)).body.path)).toEqual([w.d.id]);
    });

    it('only the organisers over its unit cancel it: a covered commune gets 403 and nothing changes', async () => {
      await post(who.orgC1, `/api/v1/assignments/${assignmentId}/cancel`).expect(403);
      await post(who.orgD, `/api/v1/assignments/${assignmentId}/cancel`).expect(403);
      const [row] = await t.db.query(`SELECT status FROM assignment WHERE id = $1`, [assignmentId]);
      expect(row.status).toBe('active');
    });

    it('another province still sees nothing of it', async () => {
      for (const token of [who.orgOther, who.agencyOther, tokens.orgA]) {
        await get(token, `/api/v1/assignments/${assignmentId}`).expect(404);
        await progress(token).expect(404);
        await progress(token, w.c1.id).expect(404);
        const list = await get(token, '/api/v1/assignments?limit=500').expect(200);
        expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(assignmentId);
      }
      await post(who.orgOther, `/api/v1/assignments/${assignmentId}/cancel`).expect(404);
    });
  });
});
