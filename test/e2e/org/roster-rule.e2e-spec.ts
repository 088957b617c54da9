import { Actor } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { AssignmentProgressService, AssignmentsService, RemindersService } from '@app/learning';
import { HeadcountsService, inSubtree, onRosterOn, PeopleService, PersonStatus, UnitResponse } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import { systemActor } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const plusDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * One roster rule (onRosterOn in libs/org/src/access/sql-fragments.ts): a person counts on day D when their
 * membership in a unit is open on D and their status on D is active. One dataset of people who join, move, leave,
 * go on leave and come back, some of it future-dated, across two communes; headcounts (named), assignment
 * enrolment, assignment progress and reminders must each agree with the rule on the same day, to the person.
 */
describe('the roster rule: headcounts, assignment enrolment, progress and reminders agree with onRosterOn', () => {
  let t: TestApp;
  let actor: Actor;
  let province: UnitResponse;
  let communeA: UnitResponse;
  let communeB: UnitResponse;
  let hrRole: string;
  let today: string;
  const email = new Map<string, string>();

  const people = () => t.app.get(PeopleService);

  async function person(unit: UnitResponse, joinedOn: string): Promise<string> {
    const code = unique('RR');
    const created = await people().create(actor, {
      fullName: `Trần Thị ${code}`,
      employeeCode: code,
      unitId: unit.id,
      roleIds: [hrRole],
      email: `${code.toLowerCase()}@example.vn`,
      effectiveFrom: joinedOn,
    });
    email.set(created.id, `${code.toLowerCase()}@example.vn`);
    return created.id;
  }
  const status = (id: string, s: PersonStatus, on: string) =>
    people().changeStatus(actor, id, { status: s, effectiveFrom: on });
  const move = (id: string, unit: UnitResponse, on: string) =>
    people().move(actor, id, { unitId: unit.id, effectiveFrom: on });

  /** The rule itself, asked directly: who is on the roster of the unit's subtree on the day. */
  async function onRoster(unit: UnitResponse, day: string): Promise<string[]> {
    const rows = await t.db.query<Array<{ id: string }>>(
      `SELECT DISTINCT m.person_id AS id FROM person_membership m
        WHERE ${onRosterOn('$1')} AND ${inSubtree('$2', 'm.unit_id')}
        ORDER BY 1`,
      [day, unit.id],
    );
    return rows.map((r) => r.id);
  }

  async function namedInCommunes(): Promise<Record<string, number>> {
    const figures = await t.app.get(HeadcountsService).forUnit(actor, province.id, { children: true });
    const named = (unitId: string) =>
      figures.children!.find((c) => c.unit.id === unitId)!.rows.find((r) => r.roleId === hrRole)?.named ?? 0;
    return { A: named(communeA.id), B: named(communeB.id) };
  }

  async function progressInCommunes(assignmentId: string) {
    const p = await t.app.get(AssignmentProgressService).progress(actor, assignmentId, {});
    const assigned = (unitId: string) => p.rows.find((r) => r.unitId === unitId)?.assigned ?? 0;
    return { A: assigned(communeA.id), B: assigned(communeB.id), total: p.totals.assigned, elsewhere: p.elsewhere };
  }

  const ids = {} as Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    actor = await systemActor(t.app);
    today = t.clock.today();
    province = await t.given.unit();
    communeA = await t.given.unit({ parent: province });
    communeB = await t.given.unit({ parent: province });
    hrRole = await t.given.roleId('HR_OFFICIAL');
    const long = plusDays(today, -60);

    ids.stayA = await person(communeA, long);
    ids.stayB = await person(communeB, long);
    ids.joinedToday = await person(communeA, today);
    ids.movedAtoB = await person(communeA, long);
    await move(ids.movedAtoB, communeB, plusDays(today, -10));
    ids.movesTomorrow = await person(communeA, long); // still in A today
    await move(ids.movesTomorrow, communeB, plusDays(today, 1));
    ids.onLeave = await person(communeA, long);
    await status(ids.onLeave, 'on_leave', plusDays(today, -5));
    ids.left = await person(communeB, long);
    await status(ids.left, 'left', plusDays(today, -3));
    ids.backFromLeave = await person(communeB, long);
    await status(ids.backFromLeave, 'on_leave', plusDays(today, -30));
    await status(ids.backFromLeave, 'active', plusDays(today, -2));
    ids.leavesTomorrow = await person(communeB, long);
    await status(ids.leavesTomorrow, 'left', plusDays(today, 1));
    ids.joinsNextWeek = await person(communeB, plusDays(today, 7));
  });
  afterAll(() => t.close());

  it('the dataset is what it says: the rule keeps exactly the people on the roster today', async () => {
    const inA = [ids.stayA, ids.joinedToday, ids.movesTomorrow].sort();
    const inB = [ids.stayB, ids.movedAtoB, ids.backFromLeave, ids.leavesTomorrow].sort();
    expect(await onRoster(communeA, today)).toEqual(inA);
    expect(await onRoster(communeB, today)).toEqual(inB);
    expect(await onRoster(province, today)).toEqual([...inA, ...inB].sort());
  });

  it('agree on the same day: named headcounts, enrolment, progress and reminders', async () => {
    const inA = await onRoster(communeA, today);
    const inB = await onRoster(communeB, today);
    const inProvince = await onRoster(province, today);

    // Headcounts: the people each commune's roster names for the role, and the subtree count of the province.
    expect(await namedInCommunes()).toEqual({ A: inA.length, B: inB.length });
    const subtree = await t.app.get(HeadcountsService).peopleInSubtrees(actor, [province.id]);
    expect(subtree.get(province.id)).toBe(inProvince.length);

    // Enrolment: the assignment's job enrols exactly the people on the roster of the subtree with the role.
    const course = await createPublishedCourse(t.db, { title: 'Quy tắc danh sách' });
    const assignment = await t.app.get(AssignmentsService).create(actor, {
      courseId: course.id,
      unitId: province.id,
      roleIds: [hrRole],
      dueDate: plusDays(today, 3),
    });
    await t.app.get(InProcessJobExecutor).onIdle();
    ids.assignment = assignment.id;
    const members = await t.db.query<Array<{ id: string }>>(
      `SELECT person_id AS id FROM assignment_member WHERE assignment_id = $1 ORDER BY 1`,
      [assignment.id],
    );
    expect(members.map((m) => m.id)).toEqual(inProvince);

    // Progress: assigned per commune and in total, nobody elsewhere.
    expect(await progressInCommunes(assignment.id)).toEqual({
      A: inA.length,
      B: inB.length,
      total: inProvince.length,
      elsewhere: 0,
    });

    // Reminders: due in 3 days, so everyone enrolled and on the roster today gets "due soon".
    const report = await t.app.get(RemindersService).run(today);
    expect(report.dueSoon).toBe(inProvince.length);
    const mailed = await t.db.query<Array<{ to: string }>>(
      `SELECT to_address AS to FROM outbox_message WHERE kind = 'learning.due_soon' ORDER BY 1`,
    );
    expect(mailed.map((m) => m.to)).toEqual(inProvince.map((id) => email.get(id)).sort());
  });

  it('still agree after members leave the roster today (on leave, left): they count nowhere and get no reminder', async () => {
    // Two members drop off today: they stay members of the assignment, but no figure counts them any more.
    await status(ids.stayB, 'on_leave', today);
    await status(ids.movesTomorrow, 'left', today);
    const inA = await onRoster(communeA, today);
    const inB = await onRoster(communeB, today);
    const inProvince = await onRoster(province, today);
    expect(inA).not.toContain(ids.movesTomorrow);
    expect(inB).not.toContain(ids.stayB);

    expect(await namedInCommunes()).toEqual({ A: inA.length, B: inB.length });
    expect(await progressInCommunes(ids.assignment)).toEqual({
      A: inA.length,
      B: inB.length,
      total: inProvince.length,
      elsewhere: 2,
    });

    // The overdue reminder, a week after the due date: only those on the roster that day.
    const later = plusDays(today, 10);
    const onRosterLater = await onRoster(province, later);
    const report = await t.app.get(RemindersService).run(later);
    const members = await t.db.query<Array<{ id: string }>>(
      `SELECT person_id AS id FROM assignment_member WHERE assignment_id = $1`,
      [ids.assignment],
    );
    const expected = members.map((m) => m.id).filter((id) => onRosterLater.includes(id));
    expect(report.overdue).toBe(expected.length);
    const mailed = await t.db.query<Array<{ to: string }>>(
      `SELECT to_address AS to FROM outbox_message WHERE kind = 'learning.overdue' ORDER BY 1`,
    );
    expect(mailed.map((m) => m.to)).toEqual(expected.map((id) => email.get(id)).sort());
  });
});
