import { Permission } from '@app/common';
import { seedDemo } from '@app/demo';
import { officialCommuneUnitCode, officialList, oldCommuneUnitCode, oldProvinceUnitCode } from '@app/org';
import { reformOfProvince } from '../../../libs/org/src/units/restructure/pre-reform-history';
import { peopleAsOf } from '../../factories/roster';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Issue 13 item 4: the demo province is the real Tỉnh Vĩnh Long. After the demo seed, as of 30 June 2025 the map is
 * the old one (old Vĩnh Long — the province's own unit —, Bến Tre and Trà Vinh with their communes from the shipped
 * mapping), as of 1 July 2025 the new one (124 official communes and wards with their codes); every demo person is
 * in exactly one unit on each day and the people add up; the demo accounts sign in and see their subtree; the units
 * page shows what a new unit was formed from.
 */

jest.setTimeout(300_000);

const BEFORE = '2025-06-30';
const ON = '2025-07-01';
const PASSWORD = 'demo-password-0123';

interface TreeNode {
  id: string;
  code: string;
  name: string;
  type: string;
  depth: number;
}

describe('demo province: the real Tỉnh Vĩnh Long, before and after the reform of 1 July 2025', () => {
  let t: TestApp;
  let provinceId: string;
  let admin: string;
  const reform = reformOfProvince('86');
  const get = (token: string, url: string) => t.http.get(url).auth(token, { type: 'bearer' });
  const tree = async (token: string, id: string, day: string): Promise<TreeNode[]> =>
    (await get(token, `/api/v1/units/${id}/tree?asOf=${day}`).expect(200)).body as TreeNode[];
  const unitId = async (code: string): Promise<string> => {
    const [row] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = $1`, [code]);
    return row.id;
  };
  /** The old communes of an old province, as the mapping names them (unit code → name). */
  const oldCommunesOf = (oldProvince: string): Map<string, string> =>
    new Map(
      reform.oldCommunes
        .filter((c) => c.oldProvinceCode === oldProvince)
        .map((c) => [oldCommuneUnitCode(c.oldCode), c.oldName]),
    );
  const communesIn = (nodes: TreeNode[]): Map<string, string> =>
    new Map(nodes.filter((n) => n.type === 'commune').map((n) => [n.code, n.name]));

  beforeAll(async () => {
    t = await createTestApp();
    const report = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: PASSWORD });
    provinceId = report.provinceIds[0];
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
  });
  afterAll(() => t.close());

  it('shows the old map as of 30 June 2025 and the 124 official communes and wards as of 1 July 2025', async () => {
    const organiser = await t.given.tokenFor({ login: 'demo.tochuc.tinh', password: PASSWORD });
    // Before: the province is the old Vĩnh Long with its departments, press, organisations and old communes.
    const before = await tree(organiser, provinceId, BEFORE);
    expect(before[0]).toMatchObject({ id: provinceId, code: 'VL', name: 'Tỉnh Vĩnh Long', depth: 0 });
    expect(communesIn(before)).toEqual(oldCommunesOf('86'));
    expect(before.some((n) => n.code === 'VL-SVHTTDL')).toBe(true);
    // Bến Tre and Trà Vinh were provinces of their own, with their communes.
    for (const old of ['83', '84']) {
      const oldTree = await tree(admin, await unitId(oldProvinceUnitCode(old)), BEFORE);
      expect(oldTree[0]).toMatchObject({ type: 'province', depth: 0 });
      expect(communesIn(oldTree)).toEqual(oldCommunesOf(old));
    }
    expect(reform.oldCommunes.length).toBeGreaterThanOrEqual(354);
    expect(new Set(reform.oldCommunes.map((c) => c.oldCode)).size).toBe(354);

    // After: the 124 official communes and wards with their codes and names; the old ones are gone.
    const after = await tree(organiser, provinceId, ON);
    const official = officialList().communes.filter((c) => c.parentCode === '86');
    expect(official).toHaveLength(124);
    expect(communesIn(after)).toEqual(new Map(official.map((c) => [officialCommuneUnitCode('86', c.code), c.name])));
    expect(after.filter((n) => n.depth === 1 && n.type === 'commune')).toHaveLength(124);
    expect(after.some((n) => n.code === 'VL-SVHTTDL')).toBe(true);
    const oldTree = await get(admin, `/api/v1/units/${await unitId(oldProvinceUnitCode('83'))}/tree?asOf=${ON}`);
    expect(oldTree.status === 404 || (oldTree.status === 200 && oldTree.body.length === 0)).toBe(true);
  });

  it('keeps every demo person in exactly one unit on each day, and the people add up before and after', async () => {
    for (const day of ['2024-06-01', BEFORE, ON, t.clock.today()]) {
      const rows = await t.db.query<Array<{ n: number }>>(
        `SELECT count(m.person_id)::int AS n FROM person p
           LEFT JOIN person_membership m ON m.person_id = p.id
                 AND m.valid_from <= $1::date AND (m.valid_to IS NULL OR m.valid_to > $1::date)
          GROUP BY p.id HAVING count(m.person_id) <> 1`,
        [day],
      );
      expect({ day, wrong: rows.length }).toEqual({ day, wrong: 0 });
    }
    const oldProvinces = await Promise.all(['83', '84'].map((c) => unitId(oldProvinceUnitCode(c))));
    const before = [await peopleAsOf(t.db, provinceId, BEFORE)];
    for (const id of oldProvinces) before.push(await peopleAsOf(t.db, id, BEFORE));
    expect(before.every((n) => n > 0)).toBe(true);
    expect(before.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(await peopleAsOf(t.db, provinceId, ON)).toBe(3000);
    for (const id of oldProvinces) expect(await peopleAsOf(t.db, id, ON)).toBe(0);
  });

  it('lets the demo accounts sign in and see their subtree: the province, Phường Phú Khương, the learners', async () => {
    const ward = await unitId('VL-28756');
    const province = await t.given.tokenFor({ login: 'demo.tochuc.tinh', password: PASSWORD });
    const commune = await t.given.tokenFor({ login: 'demo.tochuc.xa', password: PASSWORD });
    expect((await tree(province, ward, ON))[0]).toMatchObject({ name: 'Phường Phú Khương', depth: 0 });
    const own = await tree(commune, ward, t.clock.today());
    expect(own[0]).toMatchObject({ id: ward, name: 'Phường Phú Khương' });
    expect(own.filter((n) => n.depth === 1).length).toBe(9); // 5 organisations, 3 offices, the service centre
    expect([403, 404]).toContain((await get(commune, `/api/v1/units/${provinceId}/tree?asOf=${ON}`)).status);
    await t.given.tokenFor({ login: 'demo.coquan', password: PASSWORD });
    const learners = await t.db.query<Array<{ login: string; unit: string }>>(
      `SELECT a.login, u.code AS unit FROM account a JOIN person p ON p.account_id = a.id JOIN org_unit u ON u.id = p.unit_id
        WHERE a.login LIKE 'demo.hocvien%' ORDER BY a.login`,
    );
    expect(learners).toEqual([
      { login: 'demo.hocvien1', unit: 'VL-28756' },
      { login: 'demo.hocvien2', unit: 'VL-SVHTTDL' },
      { login: 'demo.hocvien3', unit: 'VL-BAO' },
    ]);
    for (const { login } of learners) await t.given.webLogin({ login, password: PASSWORD });
  });

  it('shows on the units page, as of a day after the reform, what each new unit was formed from', async () => {
    const { agent } = await t.given.webLogin({ login: 'demo.tochuc.tinh', password: PASSWORD });
    const ward = await unitId('VL-28756');
    const page = await agent.get(`/units/${ward}?asOf=${ON}`).expect(200);
    expect(page.text).toContain('Hình thành từ');
    // Phường Phú Khương: the old Phường Phú Khương, Phường 8, Xã Phú Hưng and Xã Nhơn Thạnh of Bến Tre.
    for (const name of ['Phường Phú Khương', 'Phường 8', 'Xã Phú Hưng', 'Xã Nhơn Thạnh']) {
      expect(page.text).toContain(`>${name}</a>`);
    }
    const province = await agent.get(`/units/${provinceId}?asOf=${ON}&lang=en`).expect(200);
    expect(province.text).toContain('Formed from');
    expect(province.text).toContain('Tỉnh Bến Tre');
    expect(province.text).toContain('(part)'); // a commune formed from part of a divided one
    const before = await agent.get(`/units/${provinceId}?asOf=${BEFORE}`).expect(200);
    expect(before.text).not.toContain('Hình thành từ');
  });
});
