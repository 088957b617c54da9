import request from 'supertest';
import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

const PASSWORD = 'mật khẩu đủ mười hai ký tự';
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * Structural changes to one's own scope unit belong to the level above (issue 16, point 13); learners read no
 * roster structure (point 10).
 */
describe('scope of structure: the level above restructures a unit; learners see no unit tree', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let commune: { id: string; code: string };
  let organiserC: string;
  let organiserP: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province, name: 'Xã Yên Bình' });
    const token = async (permission: Permission, scopeUnit: { id: string }) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit }));
    organiserC = await token(Permission.Organiser, commune);
    organiserP = await token(Permission.Organiser, province);
  });
  afterAll(() => t.close());

  const post = (token: string, url: string, body: object = {}) =>
    t.http.post(url).auth(token, { type: 'bearer' }).send(body);
  const nameOf = async (id: string) =>
    (await t.db.query<Array<{ name: string }>>(`SELECT name FROM org_unit WHERE id = $1`, [id]))[0].name;

  it('refuses a commune organiser renaming their own commune (403); the province organiser may', async () => {
    const res = await post(organiserC, `/api/v1/units/${commune.id}/rename`, { name: 'Xã Tự Đổi' }).expect(403);
    expect(res.body.message).toContain('level above');
    expect(await nameOf(commune.id)).toBe('Xã Yên Bình');
    await post(organiserP, `/api/v1/units/${commune.id}/rename`, { name: 'Xã Yên Bình Mới' }).expect(200);
    expect(await nameOf(commune.id)).toBe('Xã Yên Bình Mới');
  });

  it("refuses every structural change to one's own scope unit, and allows them below it", async () => {
    const own = await t.given.unit({ parent: province });
    const sibling = await t.given.unit({ parent: province });
    const organiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: own }),
    );
    const admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin, scopeUnit: own }));
    const child = await t.given.unit({ parent: own });
    const refused: Array<[string, object]> = [
      [`/api/v1/units/${own.id}/move`, { parentId: own.id }],
      [`/api/v1/units/${own.id}/close`, {}],
      [
        `/api/v1/units/${own.id}/split`,
        { parts: [1, 2].map((i) => ({ code: `X${i}${own.code}`, name: `Phần ${i}`, personIds: [] })) },
      ],
      ['/api/v1/units/merge', { sourceIds: [own.id], targetId: child.id }],
      [`/api/v1/units/${own.id}/rename`, { name: 'Tên Khác' }],
    ];
    for (const token of [organiser, admin]) {
      for (const [url, body] of refused) await post(token, url, body).expect(403);
    }
    // Below their scope unit they manage the structure; their scope unit itself can receive units.
    await post(organiser, `/api/v1/units/${child.id}/rename`, { name: 'Tổ Dân Phố Một' }).expect(200);
    await post(organiserP, `/api/v1/units/${sibling.id}/move`, { parentId: own.id }).expect(200);
    await post(admin, `/api/v1/units/${sibling.id}/close`, {}).expect(200);
  });

  it('lets a national admin rename the country unit, and no province admin', async () => {
    const root = (
      await t.db.query<Array<{ id: string; name: string }>>(`SELECT id, name FROM org_unit WHERE code = 'VN'`)
    )[0];
    const provinceAdmin = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Admin, scopeUnit: province }),
    );
    await post(provinceAdmin, `/api/v1/units/${province.id}/rename`, { name: 'Tỉnh Tự Đổi' }).expect(403);
    await post(provinceAdmin, `/api/v1/units/${root.id}/rename`, { name: 'Quốc Gia' }).expect(404);
    const national = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    await post(national, `/api/v1/units/${province.id}/rename`, { name: 'Tỉnh Đổi Tên' }).expect(200);
    await post(national, `/api/v1/units/${root.id}/rename`, { name: root.name }).expect(200);
  });

  it('gives a self-registered learner (learner over the country) no units, tree or people', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/register').set('X-Forwarded-For', '198.51.100.7').expect(200);
    await agent
      .post('/register')
      .set('X-Forwarded-For', '198.51.100.7')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        fullName: 'Hoàng Văn Em',
        email: 'em.hoang@example.vn',
        login: 'emhoang',
        password: PASSWORD,
        passwordConfirm: PASSWORD,
      })
      .expect(303);
    const token = await t.given.tokenFor({ login: 'emhoang', password: PASSWORD });
    const get = (url: string) => t.http.get(url).auth(token, { type: 'bearer' });
    const [root] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`);
    for (const url of [
      '/api/v1/units',
      `/api/v1/units?parentId=${root.id}`,
      `/api/v1/units/${root.id}`,
      `/api/v1/units/${commune.id}`,
      `/api/v1/units/${root.id}/tree`,
      '/api/v1/people',
    ]) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, 403]);
      expect(JSON.stringify(res.body)).not.toContain(commune.code);
    }
  });

  it('shows an organiser who is also a learner over the country only their own subtree', async () => {
    const account = await t.given.account({
      permission: Permission.Organiser,
      scopeUnit: commune,
      also: [
        {
          permission: Permission.Learner,
          scopeUnit: { id: (await t.db.query(`SELECT id FROM org_unit WHERE code = 'VN'`))[0].id },
        },
      ],
    });
    const token = await t.given.tokenFor(account);
    const list = await t.http.get('/api/v1/units?limit=500').auth(token, { type: 'bearer' }).expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([commune.id]);
    await t.http.get(`/api/v1/units/${province.id}`).auth(token, { type: 'bearer' }).expect(404);
  });
});
