import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { ROSTER_COLUMNS } from '@app/org';
import { unique } from '../../factories/given';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const HEADER = ROSTER_COLUMNS.map((c) => c.headerVi);

/** yyyy-mm-dd, `days` after today (UTC, as the Clock says). */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = inDays(0);
// Beyond a year ahead yet inside the calendar every date field accepts (1900–2199): refused only by the effective-date rule.
const TWO_YEARS_AHEAD = `${Number(TODAY.slice(0, 4)) + 2}${TODAY.slice(4) === '-02-29' ? '-02-28' : TODAY.slice(4)}`;
const FAR = ['9999-12-31', '2150-06-01', TWO_YEARS_AHEAD];

/** One rule for every effective date, and future-dated changes can be cancelled (issue 16, point 4). */
describe('effective dates: at most a year ahead, not before 2000; future-dated changes can be cancelled', () => {
  let t: TestApp;
  let admin: string;
  let hrRoleId: string;
  let province: { id: string; code: string };
  let organiserP: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    hrRoleId = await t.given.roleId('HR_OFFICIAL');
    province = await t.given.unit();
    organiserP = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
  });
  afterAll(() => t.close());

  const post = (token: string, url: string, body: object = {}) =>
    t.http.post(url).auth(token, { type: 'bearer' }).send(body);
  const newPerson = async (unitId: string, effectiveFrom = '2024-01-01') =>
    (
      await post(admin, '/api/v1/people', {
        fullName: 'Trần Thị Bình',
        unitId,
        roleIds: [hrRoleId],
        effectiveFrom,
      }).expect(201)
    ).body as { id: string };
  const expectEffectiveFromRefused = (res: { body: { details?: Array<{ field: string }> } }) =>
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);

  it.each(FAR)(
    'refuses %s on a person move and status change (400 naming effectiveFrom), changing nothing',
    async (far) => {
      const a = await t.given.unit({ parent: province });
      const b = await t.given.unit({ parent: province });
      const p = await newPerson(a.id);
      expectEffectiveFromRefused(
        await post(admin, `/api/v1/people/${p.id}/move`, { unitId: b.id, effectiveFrom: far }).expect(400),
      );
      expectEffectiveFromRefused(
        await post(admin, `/api/v1/people/${p.id}/status`, { status: 'left', effectiveFrom: far }).expect(400),
      );
      expectEffectiveFromRefused(
        await post(admin, '/api/v1/people', {
          fullName: 'Lê Văn Cường',
          unitId: a.id,
          roleIds: [hrRoleId],
          effectiveFrom: far,
        }).expect(400),
      );
      const history = (await t.http.get(`/api/v1/people/${p.id}/history`).auth(admin, { type: 'bearer' }).expect(200))
        .body as { memberships: unknown[]; statuses: unknown[] };
      expect(history.memberships).toHaveLength(1);
      expect(history.statuses).toHaveLength(1);
      // A realistic change still goes through: nothing froze.
      await post(admin, `/api/v1/people/${p.id}/move`, { unitId: b.id, effectiveFrom: TODAY }).expect(200);
    },
  );

  it.each(FAR)('refuses %s on unit rename, move, merge, split and close (400 naming effectiveFrom)', async (far) => {
    const unit = await t.given.unit({ parent: province, name: 'Xã Trước' });
    const other = await t.given.unit({ parent: province });
    const bodies: Array<[string, object]> = [
      [`/api/v1/units/${unit.id}/rename`, { name: 'Xã Sau' }],
      [`/api/v1/units/${unit.id}/move`, { parentId: (await t.given.unit()).id }],
      ['/api/v1/units/merge', { sourceIds: [unit.id], targetId: other.id }],
      [
        `/api/v1/units/${unit.id}/split`,
        {
          parts: [
            { code: unique('S'), name: 'Phần một', personIds: [] },
            { code: unique('S'), name: 'Phần hai', personIds: [] },
          ],
        },
      ],
      [`/api/v1/units/${unit.id}/close`, {}],
    ];
    for (const [url, body] of bodies) {
      expectEffectiveFromRefused(await post(admin, url, { ...body, effectiveFrom: far }).expect(400));
    }
    const renamed = await post(admin, `/api/v1/units/${unit.id}/rename`, { name: 'Xã Sau', effectiveFrom: TODAY });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Xã Sau');
  });

  it('refuses a change dated before 2000-01-01 (400 naming effectiveFrom)', async () => {
    const unit = await t.given.unit({ parent: province });
    expectEffectiveFromRefused(
      await post(admin, '/api/v1/people', {
        fullName: 'Đỗ Văn Phúc',
        unitId: unit.id,
        roleIds: [hrRoleId],
        effectiveFrom: '1999-12-31',
      }).expect(400),
    );
    const p = await newPerson(unit.id, '2000-01-01');
    expectEffectiveFromRefused(
      await post(admin, `/api/v1/people/${p.id}/status`, { status: 'on_leave', effectiveFrom: '1999-12-31' }).expect(
        400,
      ),
    );
    expectEffectiveFromRefused(
      await post(admin, `/api/v1/units/${unit.id}/rename`, { name: 'Xã Cũ', effectiveFrom: '1999-12-31' }).expect(400),
    );
  });

  it('applies the same rule to the roster importer: a status date after a year ahead or before 2000 is refused', async () => {
    const commune = await t.given.unit({ parent: province });
    const row = (statusFrom: string): string[] =>
      ROSTER_COLUMNS.map((c) =>
        c.key === 'employee_code'
          ? unique('E')
          : c.key === 'full_name'
            ? 'Nguyễn Văn An'
            : c.key === 'unit_code'
              ? commune.code
              : c.key === 'roles'
                ? 'HR_OFFICIAL'
                : c.key === 'status'
                  ? 'đã nghỉ'
                  : c.key === 'status_from'
                    ? statusFrom
                    : '',
      );
    const dates = ['31/12/9999', TWO_YEARS_AHEAD, '31/12/1999', inDays(30), '01/01/2000'];
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(organiserP, { type: 'bearer' })
      .attach('file', csvBuffer([HEADER, ...dates.map(row)]), 'danh-sach.csv')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = (await t.http.get(`/api/v1/roster-imports/${res.body.id}`).auth(organiserP, { type: 'bearer' }))
      .body as {
      counts: { valid: number; invalid: number };
      problems: Array<{ row: number; field: string; code: string }>;
    };
    expect(done.counts).toMatchObject({ valid: 2, invalid: 3 });
    expect(done.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, 'status_from', 'date_out_of_range'],
      [3, 'status_from', 'date_out_of_range'],
      [4, 'status_from', 'date_out_of_range'],
    ]);
  });

  it('cancels a future-dated rename: the earlier name is back, the history as before, and a later rename works', async () => {
    const unit = await t.given.unit({ parent: province, name: 'Xã Hoà Bình' });
    const planned = inDays(30);
    await post(organiserP, `/api/v1/units/${unit.id}/rename`, {
      name: 'Phường Hoà Bình',
      effectiveFrom: planned,
    }).expect(200);
    // While the rename is planned, a change dated before it is refused (the period is ordered).
    await post(organiserP, `/api/v1/units/${unit.id}/rename`, { name: 'Xã Khác', effectiveFrom: TODAY }).expect(400);

    const cancelled = await post(organiserP, `/api/v1/units/${unit.id}/rename/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ id: unit.id, name: 'Xã Hoà Bình' });
    const versions = await t.db.query<Array<{ name: string; valid_to: string | null }>>(
      `SELECT name, valid_to::text FROM org_unit_version WHERE unit_id = $1 ORDER BY valid_from`,
      [unit.id],
    );
    expect(versions).toEqual([{ name: 'Xã Hoà Bình', valid_to: null }]);
    const tree = await t.http
      .get(`/api/v1/units/${unit.id}/tree?asOf=${inDays(40)}`)
      .auth(organiserP, { type: 'bearer' })
      .expect(200);
    expect(tree.body[0].name).toBe('Xã Hoà Bình');
    const [audit] = await t.db.query<Array<{ details: { cancelledEffectiveFrom: string } }>>(
      `SELECT details FROM audit_log WHERE action = 'unit.rename_cancel' AND entity_id = $1`,
      [unit.id],
    );
    expect(audit.details.cancelledEffectiveFrom).toBe(planned);

    // Nothing left to cancel; and a rename dated today now goes through.
    await post(organiserP, `/api/v1/units/${unit.id}/rename/cancel`).expect(409);
    const renamed = await post(organiserP, `/api/v1/units/${unit.id}/rename`, { name: 'Xã Mới', effectiveFrom: TODAY });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Xã Mới');
    // A rename that already took effect is history, not a plan: it cannot be cancelled.
    await post(organiserP, `/api/v1/units/${unit.id}/rename/cancel`).expect(409);
  });

  it('cancels a future-dated unit move: the unit is back under its parent', async () => {
    const from = await t.given.unit({ parent: province });
    const to = await t.given.unit({ parent: province });
    const unit = await t.given.unit({ parent: from });
    await post(organiserP, `/api/v1/units/${unit.id}/move`, { parentId: to.id, effectiveFrom: inDays(10) }).expect(200);
    const res = await post(organiserP, `/api/v1/units/${unit.id}/move/cancel`).expect(200);
    expect(res.body.parentId).toBe(from.id);
    const [{ n }] = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM org_unit_closure WHERE ancestor_id = $1 AND descendant_id = $2`,
      [from.id, unit.id],
    );
    expect(n).toBe(1);
  });

  it('cancels a future-dated person move and status change, audited, for those who may make them only', async () => {
    const a = await t.given.unit({ parent: province });
    const b = await t.given.unit({ parent: province });
    const p = await newPerson(a.id);
    const planned = inDays(60);
    await post(organiserP, `/api/v1/people/${p.id}/move`, { unitId: b.id, effectiveFrom: planned }).expect(200);
    await post(organiserP, `/api/v1/people/${p.id}/status`, { status: 'left', effectiveFrom: planned }).expect(200);

    const outsider = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: await t.given.unit() }),
    );
    await post(outsider, `/api/v1/people/${p.id}/move/cancel`).expect(404);
    const agency = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    await post(agency, `/api/v1/people/${p.id}/status/cancel`).expect(403);

    const move = await post(organiserP, `/api/v1/people/${p.id}/move/cancel`).expect(200);
    expect(move.body).toMatchObject({ change: 'move', cancelledEffectiveFrom: planned, restored: { value: a.id } });
    const status = await post(organiserP, `/api/v1/people/${p.id}/status/cancel`).expect(200);
    expect(status.body).toMatchObject({ change: 'status', restored: { value: 'active', validFrom: '2024-01-01' } });

    const person = (await t.http.get(`/api/v1/people/${p.id}`).auth(organiserP, { type: 'bearer' }).expect(200))
      .body as { unitId: string; status: string };
    expect(person).toMatchObject({ unitId: a.id, status: 'active' });
    const history = (await t.http.get(`/api/v1/people/${p.id}/history`).auth(organiserP, { type: 'bearer' })).body;
    expect(history.memberships).toEqual([
      expect.objectContaining({ unitId: a.id, validFrom: '2024-01-01', validTo: null }),
    ]);
    expect(history.statuses).toEqual([{ status: 'active', validFrom: '2024-01-01', validTo: null }]);
    const actions = await t.db.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE '%_cancel' ORDER BY id`,
      [p.id],
    );
    expect(actions.map((r) => r.action)).toEqual(['person.move_cancel', 'person.status_cancel']);

    await post(organiserP, `/api/v1/people/${p.id}/move/cancel`).expect(409);
    await post(organiserP, `/api/v1/people/${p.id}/move`, { unitId: b.id, effectiveFrom: TODAY }).expect(200);
  });
});
