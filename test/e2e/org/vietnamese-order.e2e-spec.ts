import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Lists people read sort names in Vietnamese order (the vi_vn ICU collation): Đ is a letter after D, Ư after U, Â
 * after A, and tone marks weigh as accents, so Ủ sorts among the U, not after Z as in byte order.
 */
const EXPECTED = [
  'An Lão',
  'Ân Thi',
  'Ba Tri',
  'Duyên Hải',
  'Dương Minh Châu',
  'Đông Hải',
  'Uông Bí',
  'Út Tịch',
  'Ủy Ban',
  'Uyên Hưng',
  'Ưng Hòa',
  'Ứng Hòa',
  'Zô Lô',
];
/** The same names in the order they are created: byte order (C), as the lists sorted them before. */
const CREATED = [...EXPECTED].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('Vietnamese order of names in lists', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thứ Tự' });
    token = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: province }));
  });
  afterAll(() => t.close());

  const get = (url: string) => t.http.get(url).auth(token, { type: 'bearer' });
  /** The names of `items` that are among EXPECTED, in the order the API gave them. */
  const ours = (names: string[]): string[] => names.filter((n) => EXPECTED.includes(n));

  it('the byte order the lists had differs from the Vietnamese one (the test can fail)', () => {
    expect(CREATED).not.toEqual(EXPECTED);
    expect(CREATED.indexOf('Đông Hải')).toBeGreaterThan(CREATED.indexOf('Zô Lô'));
  });

  it('/units (one level and the tree as of a date) sort unit names in Vietnamese order', async () => {
    const parent = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Cha' });
    for (const name of CREATED) await t.given.unit({ parent, type: UnitType.Other, name });
    const level = await get(`/api/v1/units?parentId=${parent.id}&limit=100`).expect(200);
    expect(level.body.items.map((u: { name: string }) => u.name)).toEqual(EXPECTED);
    const tree = await get(`/api/v1/units/${parent.id}/tree`).expect(200);
    expect(ours(tree.body.map((u: { name: string }) => u.name))).toEqual(EXPECTED);
  });

  it('/accounts sorts display names in Vietnamese order', async () => {
    const unit = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Tài Khoản' });
    for (const displayName of CREATED) await t.given.account({ scopeUnit: unit, displayName });
    const res = await get('/api/v1/accounts?limit=200').expect(200);
    expect(ours(res.body.items.map((a: { displayName: string }) => a.displayName))).toEqual(EXPECTED);
  });

  it('/people sorts full names in Vietnamese order', async () => {
    const unit = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Nhân Sự' });
    const [{ id: roleId }] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = 'HR_OFFICIAL'`);
    for (const fullName of CREATED) {
      await t.http
        .post('/api/v1/people')
        .auth(token, { type: 'bearer' })
        .send({ fullName, unitId: unit.id, roleIds: [roleId], effectiveFrom: '2024-01-01' })
        .expect(201);
    }
    const res = await get(`/api/v1/people?unitId=${unit.id}&limit=100`).expect(200);
    expect(res.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(EXPECTED);
  });
});
