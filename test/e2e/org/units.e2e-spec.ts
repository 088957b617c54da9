import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('/api/v1/units', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  async function provinceWithTwoCommunes() {
    const province = await t.given.unit({ name: 'Tỉnh Thử Nghiệm' });
    const communeA = await t.given.unit({ parent: province, name: 'Xã Đồng Tâm' });
    const communeB = await t.given.unit({ parent: province, name: 'Xã Mẫu Sơn' });
    return { province, communeA, communeB };
  }

  it('lets an organiser create a unit under their scope and records it in the audit log', async () => {
    const { communeA } = await provinceWithTwoCommunes();
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: communeA });
    const token = await t.given.tokenFor(organiser);
    const res = await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({
        code: `${communeA.code}-MTTQ`,
        name: 'Ủy ban MTTQ xã Đồng Tâm',
        type: UnitType.SocioPoliticalOrg,
        parentId: communeA.id,
      })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Ủy ban MTTQ xã Đồng Tâm',
      parentId: communeA.id,
      type: 'socio_political_org',
    });
    const [audit] = await t.db.query(`SELECT action, actor_account_id FROM audit_log WHERE entity_id = $1`, [
      res.body.id,
    ]);
    expect(audit).toEqual({ action: 'unit.create', actor_account_id: organiser.id });
    // The subtree index follows at once: the new unit is visible from the commune.
    const list = await t.http.get(`/api/v1/units?parentId=${communeA.id}`).auth(token, { type: 'bearer' }).expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([res.body.id]);
  });

  it('keeps a sibling commune out of sight: 404 on read, 404 on create under it, absent from lists', async () => {
    const { communeA, communeB } = await provinceWithTwoCommunes();
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: communeA });
    const token = await t.given.tokenFor(organiser);
    await t.http.get(`/api/v1/units/${communeB.id}`).auth(token, { type: 'bearer' }).expect(404);
    await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({ code: `${communeB.code}-X`, name: 'Chi hội', type: UnitType.Other, parentId: communeB.id })
      .expect(404);
    const list = await t.http.get('/api/v1/units?limit=500').auth(token, { type: 'bearer' }).expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([communeA.id]);
  });

  it('counts a list exactly up to 10,000 and says "more than" above it, in Vietnamese order either way', async () => {
    const { province } = await provinceWithTwoCommunes();
    const agency = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    const list = (limit: number) =>
      t.http.get(`/api/v1/units?limit=${limit}`).auth(agency, { type: 'bearer' }).expect(200);
    expect((await list(10)).body).toMatchObject({ total: 3, totalCapped: false });
    // Straight into the tables (with their closure rows): 9,998 more hamlets make 10,001 units.
    await t.db.query(
      `WITH u AS (
         INSERT INTO org_unit (code, name, type, parent_id)
         SELECT $2 || '-T' || i, 'Thôn ' || i, 'other', $1 FROM generate_series(1, 9998) i RETURNING id
       )
       INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT c.ancestor_id, u.id, c.depth + 1 FROM u JOIN org_unit_closure c ON c.descendant_id = $1
       UNION ALL SELECT u.id, u.id, 0 FROM u`,
      [province.id, province.code],
    );
    const many = await list(50);
    expect(many.body).toMatchObject({ total: 10_000, totalCapped: true });
    const names: string[] = many.body.items.map((u: { name: string }) => u.name);
    const sorted: Array<{ name: string }> = await t.db.query(
      `SELECT u.name FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = $1
        ORDER BY u.name COLLATE vi_vn, u.code LIMIT 50`,
      [province.id],
    );
    expect(names).toEqual(sorted.map((r) => r.name));
    // 10,001 units written and listed: well under a minute alone, but it shares a 2-core machine with the suite.
  }, 180_000);

  it('searches names ignoring diacritics and case', async () => {
    const { province, communeA } = await provinceWithTwoCommunes();
    const agency = await t.given.account({ permission: Permission.Agency, scopeUnit: province });
    const token = await t.given.tokenFor(agency);
    const res = await t.http.get('/api/v1/units').query({ q: 'dong tam' }).auth(token, { type: 'bearer' }).expect(200);
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([communeA.id]);
  });

  it('refuses a learner who tries to create a unit (403)', async () => {
    const { province } = await provinceWithTwoCommunes();
    const learner = await t.given.account({ permission: Permission.Learner, scopeUnit: province });
    const token = await t.given.tokenFor(learner);
    await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({ code: 'LEARNER-UNIT', name: 'Không được', type: UnitType.Other, parentId: province.id })
      .expect(403);
  });

  it('answers bad input with 400/409 naming the field', async () => {
    const { province, communeA } = await provinceWithTwoCommunes();
    const admin = await t.given.account({ permission: Permission.Admin });
    const token = await t.given.tokenFor(admin);
    const bad = await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({ code: 'bad code!', name: 'X', type: 'galaxy', parentId: 'nope', extra: 1 })
      .expect(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['code', 'extra', 'name', 'parentId', 'type']));
    const dup = await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({ code: communeA.code, name: 'Trùng mã', type: UnitType.Commune, parentId: province.id })
      .expect(409);
    expect(dup.body.details).toEqual([{ field: 'code', reason: 'not available' }]);
    await t.http.get('/api/v1/units/not-a-uuid').auth(token, { type: 'bearer' }).expect(400);
    await t.http.get('/api/v1/units?limit=100000').auth(token, { type: 'bearer' }).expect(400);
  });

  it('requires a token', async () => {
    await t.http.get('/api/v1/units').expect(401);
  });
});
