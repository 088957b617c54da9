import { Permission } from '@app/common';
import { UnitResponse } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

interface Row {
  roleCode: string;
  declared: number | null;
  named: number;
  declaredNotNamed: number;
  declaredBy: string | null;
}

describe('/api/v1/units/:unitId/headcounts', () => {
  let t: TestApp;
  let roles: Record<string, string>;
  let province: UnitResponse;
  let commune: UnitResponse;
  let hamlet: UnitResponse;
  let sibling: UnitResponse;
  let organiser: { id: string; token: string };
  let admin: string;
  const year = new Date().getUTCFullYear();

  const byRole = (rows: Row[]): Record<string, Row> => Object.fromEntries(rows.map((r) => [r.roleCode, r]));
  const put = (token: string, unitId: string, y: number | string, body: unknown) =>
    t.http
      .put(`/api/v1/units/${unitId}/headcounts/${y}`)
      .auth(token, { type: 'bearer' })
      .send(body as object);
  const get = (token: string, path: string) => t.http.get(path).auth(token, { type: 'bearer' });
  const person = async (unitId: string, roleCodes: string[], fullName = 'Trần Văn Bình'): Promise<string> => {
    const res = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({ fullName, unitId, roleIds: roleCodes.map((c) => roles[c]) })
      .expect(201);
    return (res.body as { id: string }).id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const rows: Array<{ id: string; code: string }> = await t.db.query(`SELECT id, code FROM role`);
    roles = Object.fromEntries(rows.map((r) => [r.code, r.id]));
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province });
    hamlet = await t.given.unit({ parent: commune });
    sibling = await t.given.unit({ parent: province });
    const account = await t.given.account({ permission: Permission.Organiser, scopeUnit: commune });
    organiser = { id: account.id, token: await t.given.tokenFor(account) };
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
  });
  afterAll(() => t.close());

  it('declares per role and year and shows declared beside named (this unit only, active today)', async () => {
    await person(commune.id, ['HR_OFFICIAL', 'PROPAGANDIST']);
    await person(commune.id, ['HR_OFFICIAL']);
    await person(hamlet.id, ['HR_OFFICIAL']); // below the unit: not on its own roster
    const leaver = await person(commune.id, ['HR_OFFICIAL']);
    await t.http
      .post(`/api/v1/people/${leaver}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left' })
      .expect(200);
    await person(commune.id, ['ICT_MANAGER']);
    await person(commune.id, ['ICT_MANAGER']);

    const res = await put(organiser.token, commune.id, year, {
      items: [
        { roleId: roles.HR_OFFICIAL, headcount: 5 },
        { roleId: roles.PROPAGANDIST, headcount: 0 },
        { roleId: roles.ICT_MANAGER, headcount: 1 },
      ],
    }).expect(200);
    expect(res.body).toMatchObject({ unit: { id: commune.id, code: commune.code }, year });
    const rows = byRole(res.body.rows);
    expect(rows.HR_OFFICIAL).toMatchObject({ declared: 5, named: 2, declaredNotNamed: 3, declaredBy: organiser.id });
    expect(rows.PROPAGANDIST).toMatchObject({ declared: 0, named: 1, declaredNotNamed: 0 });
    expect(rows.ICT_MANAGER).toMatchObject({ declared: 1, named: 2, declaredNotNamed: 0 });
    expect(rows.LEGAL_RAPPORTEUR).toMatchObject({ declared: null, named: 0, declaredNotNamed: 0 });

    const again = await get(organiser.token, `/api/v1/units/${commune.id}/headcounts?year=${year}`).expect(200);
    expect(again.body.rows).toEqual(res.body.rows);
    const otherYear = await get(organiser.token, `/api/v1/units/${commune.id}/headcounts?year=2024`).expect(200);
    expect(byRole(otherYear.body.rows).HR_OFFICIAL).toMatchObject({ declared: null });
    expect(otherYear.body.asOf).toBe('2024-12-31');

    const tree = await get(admin, `/api/v1/units/${province.id}/headcounts?children=true`).expect(200);
    const child = (tree.body.children as Array<{ unit: { id: string }; rows: Row[] }>).find(
      (c) => c.unit.id === commune.id,
    );
    expect(byRole(child!.rows).HR_OFFICIAL).toMatchObject({ declared: 5, named: 2, declaredNotNamed: 3 });
    expect(byRole(tree.body.rows).HR_OFFICIAL).toMatchObject({ declared: null, named: 0 });
  });

  it('keeps every change with who and when, and writes nothing for an unchanged figure', async () => {
    const unit = await t.given.unit({ parent: commune });
    await put(organiser.token, unit.id, 2025, { items: [{ roleId: roles.HR_OFFICIAL, headcount: 2 }] }).expect(200);
    await put(admin, unit.id, 2025, {
      items: [
        { roleId: roles.HR_OFFICIAL, headcount: 4 },
        { roleId: roles.PROPAGANDIST, headcount: 1 },
      ],
    }).expect(200);
    await put(organiser.token, unit.id, 2025, { items: [{ roleId: roles.HR_OFFICIAL, headcount: 4 }] }).expect(200);

    const history = await get(organiser.token, `/api/v1/units/${unit.id}/headcounts/history?year=2025`).expect(200);
    const hr = (history.body as Array<{ roleCode: string }>).filter((c) => c.roleCode === 'HR_OFFICIAL');
    expect(hr).toEqual([
      expect.objectContaining({ year: 2025, previous: 2, headcount: 4, declaredAt: expect.any(String) }),
      expect.objectContaining({ year: 2025, previous: null, headcount: 2, declaredBy: organiser.id }),
    ]);
    expect(history.body).toHaveLength(3);
    const audit: Array<{ n: number }> = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'headcount.declare' AND entity_id = $1`,
      [unit.id],
    );
    expect(audit[0].n).toBe(2);
    const none = await get(organiser.token, `/api/v1/units/${unit.id}/headcounts/history?year=2024`).expect(200);
    expect(none.body).toEqual([]);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const unit = await t.given.unit({ parent: commune });
    const item = { roleId: roles.HR_OFFICIAL, headcount: 3 };
    const field = async (y: number | string, body: unknown): Promise<string[]> => {
      const res = await put(organiser.token, unit.id, y, body).expect(400);
      return (res.body.details as Array<{ field: string }>).map((d) => d.field);
    };
    expect(await field(1999, { items: [item] })).toEqual(['year']);
    expect(await field(2031, { items: [item] })).toEqual(['year']);
    expect(await field('next', { items: [item] })).toContain('year');
    expect(await field(2025, { items: [{ ...item, headcount: -1 }] })).toEqual(['items.0.headcount']);
    expect(await field(2025, { items: [{ ...item, headcount: 100001 }] })).toEqual(['items.0.headcount']);
    expect(await field(2025, { items: [{ ...item, headcount: 2.5 }] })).toEqual(['items.0.headcount']);
    expect(new Set(await field(2025, { items: [{ ...item, headcount: '3' }] }))).toEqual(
      new Set(['items.0.headcount']),
    );
    expect(
      await field(2025, { items: [item, { roleId: '6f1c1a52-8f43-4c55-9f0e-2f6f3d1f0a11', headcount: 1 }] }),
    ).toEqual(['items.1.roleId']);
    expect(await field(2025, { items: [item, item] })).toEqual(['items.1.roleId']);
    expect(await field(2025, { items: [item], note: 'x' })).toEqual(['note']);
    expect(await field(2025, { items: [{ ...item, unitId: unit.id }] })).toEqual(['items.0.unitId']);
    expect(await field(2025, { items: [] })).toEqual(['items']);
    expect(await field(2025, {})).toContain('items');

    const role = await t.http
      .post('/api/v1/roles')
      .auth(admin, { type: 'bearer' })
      .send({ code: `OLD_${Date.now()}`, nameVi: 'Vai trò cũ', nameEn: 'Old role' })
      .expect(201);
    const retired = await t.http.post(`/api/v1/roles/${role.body.id}/retire`).auth(admin, { type: 'bearer' });
    expect(retired.body).toMatchObject({ retired: true });
    expect(await field(2025, { items: [item, { roleId: role.body.id, headcount: 1 }] })).toEqual(['items.1.roleId']);

    await get(organiser.token, `/api/v1/units/${unit.id}/headcounts?year=1999`).expect(400);
    await get(organiser.token, `/api/v1/units/not-a-uuid/headcounts`).expect(400);
    const written: Array<{ n: number }> = await t.db.query(
      `SELECT (SELECT count(*) FROM unit_headcount WHERE unit_id = $1) + (SELECT count(*) FROM unit_headcount_change WHERE unit_id = $1) AS n`,
      [unit.id],
    );
    expect(Number(written[0].n)).toBe(0);
  });

  it('is scoped: sibling organiser 404, learner 403, agency reads but may not write', async () => {
    const body = { items: [{ roleId: roles.HR_OFFICIAL, headcount: 9 }] };
    const siblingToken = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }),
    );
    await put(siblingToken, commune.id, 2025, body).expect(404);
    await get(siblingToken, `/api/v1/units/${commune.id}/headcounts`).expect(404);
    await get(siblingToken, `/api/v1/units/${commune.id}/headcounts/history`).expect(404);
    await put(organiser.token, province.id, 2025, body).expect(404); // the ancestor is outside the organiser's scope

    const learner = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Learner, scopeUnit: commune }),
    );
    await get(learner, `/api/v1/units/${commune.id}/headcounts`).expect(403);
    await put(learner, commune.id, 2025, body).expect(403);

    const agency = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    await get(agency, `/api/v1/units/${commune.id}/headcounts?year=2025`).expect(200);
    await get(agency, `/api/v1/units/${commune.id}/headcounts/history`).expect(200);
    await put(agency, commune.id, 2025, body).expect(403);
    await t.http.get(`/api/v1/units/${commune.id}/headcounts`).expect(401);

    const stored: Array<{ n: number }> = await t.db.query(
      `SELECT count(*)::int AS n FROM unit_headcount WHERE headcount = 9`,
    );
    expect(stored[0].n).toBe(0);
  });
});
