import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

/** Issue 13 item 6 / issue 18 item 8: a unit shown with its place; a unit found by official code, plain name, old name. */
describe('units with their place, and the unit search', () => {
  let t: TestApp;
  let province: UnitResponse;
  let anBinh: UnitResponse;
  let binhMinh: UnitResponse;
  let office: UnitResponse;
  let namesake: UnitResponse;
  let admin: string;
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((u) => u.id).sort();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thử Nghiệm' });
    anBinh = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã An Bình' });
    binhMinh = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Bình Minh' });
    office = await t.given.unit({ parent: anBinh, type: UnitType.Other, name: 'Phòng Văn hóa - Xã hội' });
    namesake = await t.given.unit({ parent: binhMinh, type: UnitType.Other, name: 'Phòng Văn hóa - Xã hội' });
    await t.db.query(`UPDATE org_unit SET admin_code = '29999' WHERE id = $1`, [anBinh.id]);
  });
  afterAll(() => t.close());

  const search = (token: string, q: string) =>
    t.http.get('/api/v1/units').query({ q, limit: 50 }).auth(token, { type: 'bearer' }).expect(200);

  it('gives each unit its place: the nearest commune or province above it, none for a province', async () => {
    const res = await search(admin, 'phong van hoa - xa hoi');
    const places = Object.fromEntries(
      (res.body.items as Array<{ id: string; place: string | null }>).map((u) => [u.id, u.place]),
    );
    expect(places).toEqual({ [office.id]: 'Xã An Bình', [namesake.id]: 'Xã Bình Minh' });
    const one = await t.http.get(`/api/v1/units/${anBinh.id}`).auth(admin, { type: 'bearer' }).expect(200);
    expect(one.body).toMatchObject({ place: 'Tỉnh Thử Nghiệm', adminCode: '29999' });
    const top = await t.http.get(`/api/v1/units/${province.id}`).auth(admin, { type: 'bearer' }).expect(200);
    expect(top.body.place).toBeNull();
  });

  it('finds a unit by official code, by name without diacritics, and by a name it had before', async () => {
    expect(ids((await search(admin, '29999')).body)).toEqual([anBinh.id]);
    expect(ids((await search(admin, 'xa an binh')).body)).toEqual([anBinh.id]);
    await t.http
      .post(`/api/v1/units/${office.id}/rename`)
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Phòng Kinh tế' })
      .expect(200);
    // Found by its old name (its history) and by its new one; the namesake only by its own name.
    expect(ids((await search(admin, 'van hoa - xa hoi')).body)).toEqual([office.id, namesake.id].sort());
    expect(ids((await search(admin, 'phong kinh te')).body)).toEqual([office.id]);
    expect(ids((await search(admin, 'nothing like it')).body)).toEqual([]);
  });

  it("keeps a neighbour's units out of the search", async () => {
    const organiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: binhMinh }),
    );
    expect(ids((await search(organiser, 'van hoa')).body)).toEqual([namesake.id]);
    expect(ids((await search(organiser, '29999')).body)).toEqual([]);
  });

  it('shows people with their unit and its place, in the API and on the roster page', async () => {
    const person = await t.given.person({ unit: namesake, fullName: 'Trần Thị Nơi' });
    const res = await t.http
      .get('/api/v1/people')
      .query({ unitId: binhMinh.id })
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const item = (res.body.items as Array<{ id: string; unitPlace: string }>).find((p) => p.id === person.id);
    expect(item).toMatchObject({ unitName: 'Phòng Văn hóa - Xã hội', unitPlace: 'Xã Bình Minh' });
    const web = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const page = await web.agent.get('/people').query({ unit: binhMinh.code }).expect(200);
    expect(page.text).toContain('Phòng Văn hóa - Xã hội · Xã Bình Minh');
    const units = await web.agent.get('/units').query({ q: 'van hoa' }).expect(200);
    expect(units.text).toContain('Phòng Văn hóa - Xã hội</a> · Xã Bình Minh');
  });
});
