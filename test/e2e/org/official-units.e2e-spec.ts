import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Permission } from '@app/common';
import { loadOfficialUnits, OfficialLoadReport, OfficialUnitsService, oldCommuneUnitCode, UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';
import type { WebLogin } from '../../factories/identity';

/** The shipped list read independently of the loader: code → [name, parent code]. */
function shippedList(): Map<string, { name: string; parent: string }> {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'data', 'units', 'vn-units-2025.csv'), 'utf8');
  const rows = text.trim().split(/\r?\n/).slice(1);
  return new Map(
    rows.map((line) => {
      const [code, name, , parent] = line.split(',');
      return [code, { name, parent }];
    }),
  );
}

describe('official administrative units (units:load-official, /units/official)', () => {
  let t: TestApp;
  let today: string;
  const load = (options: { province?: string; dryRun?: boolean; effectiveFrom?: string }) =>
    t.db.transaction((m) =>
      loadOfficialUnits(m, {
        province: options.province,
        dryRun: options.dryRun ?? false,
        effectiveFrom: options.effectiveFrom ?? today,
        actorAccountId: null,
      }),
    );
  /** Every table the loader writes, counted. */
  const footprint = async () =>
    t.db
      .query(`SELECT (SELECT count(*) FROM org_unit)::int AS units, (SELECT count(*) FROM org_unit_version)::int AS versions,
                       (SELECT count(*) FROM org_unit_closure)::int AS closure, (SELECT count(*) FROM roster_change)::int AS changes,
                       (SELECT count(*) FROM audit_log WHERE action = 'unit.load_official')::int AS audits`);
  const official = () =>
    t.db.query<Array<{ type: string; n: number }>>(
      `SELECT type, count(*)::int AS n FROM org_unit WHERE admin_code IS NOT NULL GROUP BY type ORDER BY type`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    today = t.clock.today();
  });
  afterAll(() => t.close());

  it('dry run of one province reports 1 province and its 124 communes and writes nothing', async () => {
    const before = await footprint();
    const report = await load({ province: '86', dryRun: true });
    expect(report.created.filter((c) => c.level === 'province')).toEqual([
      { code: 'VL', adminCode: '86', name: 'Tỉnh Vĩnh Long', level: 'province' },
    ]);
    expect(report.created.filter((c) => c.level === 'commune')).toHaveLength(124);
    expect(await footprint()).toEqual(before);
  });

  it('--province loads that province only, with its official codes, under the country unit', async () => {
    const report = await load({ province: 'VL' });
    expect(report.created).toHaveLength(125);
    expect(await official()).toEqual([
      { type: 'commune', n: 124 },
      { type: 'province', n: 1 },
    ]);
    const [province] = await t.db.query(
      `SELECT p.code, p.name, p.opened_on::text AS "openedOn", r.code AS parent
         FROM org_unit p JOIN org_unit r ON r.id = p.parent_id WHERE p.admin_code = '86'`,
    );
    expect(province).toEqual({ code: 'VL', name: 'Tỉnh Vĩnh Long', openedOn: '2025-07-01', parent: 'VN' });
    // Each commune lies in the province's subtree (closure) and has its first version from 1 July 2025.
    const [tree] = await t.db.query(
      `SELECT count(*)::int AS n, count(v.id)::int AS versions FROM org_unit u
         JOIN org_unit_closure c ON c.descendant_id = u.id AND c.depth = 1
         JOIN org_unit p ON p.id = c.ancestor_id AND p.admin_code = '86'
         LEFT JOIN org_unit_version v ON v.unit_id = u.id AND v.valid_from = DATE '2025-07-01' AND v.valid_to IS NULL
        WHERE u.type = 'commune'`,
    );
    expect(tree).toEqual({ n: 124, versions: 124 });
  });

  it('loading into the database gives 34 provinces and 3,321 communes with the right codes; a second run changes nothing', async () => {
    const report = await load({});
    expect(report.unchanged).toBe(125); // Vĩnh Long, loaded before
    expect(report.created).toHaveLength(33 + 3321 - 124);
    expect(await official()).toEqual([
      { type: 'commune', n: 3321 },
      { type: 'province', n: 34 },
    ]);
    const rows = await t.db.query<Array<{ code: string; name: string; parent: string | null }>>(
      `SELECT u.admin_code AS code, u.name, p.admin_code AS parent
         FROM org_unit u JOIN org_unit p ON p.id = u.parent_id WHERE u.admin_code IS NOT NULL`,
    );
    const shipped = shippedList();
    expect(rows).toHaveLength(shipped.size);
    for (const row of rows) {
      expect({ code: row.code, name: row.name, parent: row.parent ?? '' }).toEqual({
        code: row.code,
        ...shipped.get(row.code),
      });
    }
    const provinceTypes = await t.db.query(
      `SELECT DISTINCT type FROM org_unit WHERE admin_code IS NOT NULL AND length(admin_code) = 2`,
    );
    expect(provinceTypes).toEqual([{ type: UnitType.Province }]);

    const before = await footprint();
    const again = await load({});
    expect(again).toMatchObject({
      created: [],
      renamed: [],
      adopted: [],
      conflicts: [],
      notInList: [],
      unchanged: 3355,
    });
    expect(await footprint()).toEqual(before);
  });

  it('renames a unit whose official name changed through the unit history, as of the date, and reports extras', async () => {
    const [commune] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE admin_code = '28777'`);
    expect(commune).toBeDefined();
    const officialName = (await t.db.query(`SELECT name FROM org_unit WHERE id = $1`, [commune.id]))[0].name as string;
    await t.db.query(`UPDATE org_unit SET name = 'Xã Tên Cũ' WHERE id = $1`, [commune.id]);
    await t.db.query(`UPDATE org_unit_version SET name = 'Xã Tên Cũ' WHERE unit_id = $1`, [commune.id]);
    const province = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE admin_code = '86'`);
    const extra = await t.given.unit({ parent: province[0], name: 'Xã Tự Đặt', type: UnitType.Commune });

    const dry = await load({ province: '86', dryRun: true, effectiveFrom: '2026-01-01' });
    expect(dry.renamed).toEqual([{ code: 'VL-28777', adminCode: '28777', from: 'Xã Tên Cũ', to: officialName }]);
    expect(dry.notInList).toEqual([{ code: extra.code, adminCode: null, name: 'Xã Tự Đặt', type: 'commune' }]);

    await load({ province: '86', effectiveFrom: '2026-01-01' });
    const versions = await t.db.query(
      `SELECT name, valid_from::text AS "from", valid_to::text AS "to", change FROM org_unit_version
        WHERE unit_id = $1 ORDER BY valid_from`,
      [commune.id],
    );
    expect(versions).toEqual([
      { name: 'Xã Tên Cũ', from: '2025-07-01', to: '2026-01-01', change: 'create' },
      { name: officialName, from: '2026-01-01', to: null, change: 'rename' },
    ]);
    const [change] = await t.db.query(`SELECT kind, effective_from::text AS on FROM roster_change WHERE unit_id = $1`, [
      commune.id,
    ]);
    expect(change).toEqual({ kind: 'unit_renamed', on: '2026-01-01' });
    expect((await load({ province: '86' })).renamed).toEqual([]);
  });

  it('refuses an unknown province with a 400 naming the field', async () => {
    await expect(load({ province: '99', dryRun: true })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'province', reason: 'not an official province code' }],
    });
  });

  describe('the page', () => {
    let admin: WebLogin;
    beforeAll(async () => {
      admin = await t.given.webLogin(await t.given.account({ permission: Permission.Admin }));
    });

    it('dry run → report → apply, audited; for administrators of the whole country only', async () => {
      const [commune] = await t.db.query<Array<{ id: string; name: string }>>(
        `SELECT id, name FROM org_unit WHERE admin_code = '00004'`,
      );
      await t.db.query(`UPDATE org_unit SET name = 'Phường Trúc Bạch' WHERE id = $1`, [commune.id]);
      const form = await admin.agent.get('/units/official').expect(200);
      expect(form.text).toContain('<option value="86">86 · Tỉnh Vĩnh Long</option>');

      const before = await footprint();
      const dry = await admin.agent
        .post('/units/official')
        .type('form')
        .send({ _csrf: admin.csrf, mode: 'dry_run', province: '01', effectiveFrom: today })
        .expect(200);
      expect(dry.text).toContain('Kết quả chạy thử');
      expect(dry.text).toContain('<td>00004</td><td>Phường Trúc Bạch</td><td>Phường Ba Đình</td>');
      expect(dry.text).toContain('name="mode" value="apply"');
      expect(await footprint()).toEqual(before);

      const applied = await admin.agent
        .post('/units/official')
        .type('form')
        .send({ _csrf: admin.csrf, mode: 'apply', province: '01', effectiveFrom: today })
        .expect(200);
      expect(applied.text).toContain('Đã áp dụng');
      expect((await t.db.query(`SELECT name FROM org_unit WHERE id = $1`, [commune.id]))[0].name).toBe(commune.name);
      const audits = await t.db.query(
        `SELECT actor_account_id IS NOT NULL AS "byAccount", details->>'renamed' AS renamed, details->>'province' AS province
           FROM audit_log WHERE action = 'unit.load_official' ORDER BY id`,
      );
      expect(audits.at(-1)).toEqual({ byAccount: true, renamed: '1', province: '01' });

      const bad = await admin.agent
        .post('/units/official')
        .type('form')
        .send({ _csrf: admin.csrf, mode: 'dry_run', province: 'XX', effectiveFrom: today })
        .expect(400);
      expect(bad.text).toContain('province: XX is not an official province code');
      await admin.agent
        .post('/units/official')
        .type('form')
        .send({ _csrf: admin.csrf, mode: 'dry_run', province: '', effectiveFrom: '2025-02-30' })
        .expect(400);

      // An administrator of one province is not an administrator of the whole country.
      const [vl] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE admin_code = '86'`);
      const local = await t.given.webLogin(
        await t.given.account({ permission: Permission.Admin, scopeUnit: { id: vl.id } }),
      );
      await local.agent.get('/units/official').expect(403);
      await expect(
        t.app
          .get(OfficialUnitsService)
          .load({ accountId: 'x', grants: [{ permission: Permission.Organiser, scopeUnitId: vl.id }] } as never, {
            dryRun: true,
          }),
      ).rejects.toMatchObject({ status: 403 });
    });
  });

  it('reports as text what it did (the command line output)', async () => {
    const report: OfficialLoadReport = await load({ province: '86', dryRun: true });
    const { formatOfficialLoadReport } = await import('@app/org');
    expect(formatOfficialLoadReport(report)).toMatch(/province 86: 1 provinces, 124 communes/);
  });

  it('never takes a unit before the reform (the seed’s code, same official code) for the new one', async () => {
    // The old Phường Trúc Bạch (00004) went into the new Phường Ba Đình, which kept its code.
    const [hanoi] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE admin_code = '01'`);
    const old = await t.given.unit({
      parent: hanoi,
      code: oldCommuneUnitCode('00004'),
      name: 'Phường Trúc Bạch',
      type: UnitType.Commune,
    });
    await t.db.query(`UPDATE org_unit SET admin_code = '00004' WHERE id = $1`, [old.id]);
    expect(old.code).toBe('CHN-00004');
    const dry = await load({ province: '01', dryRun: true });
    expect(dry).toMatchObject({ renamed: [], created: [], adopted: [], elsewhere: [] });
    const [kept] = await t.db.query(`SELECT name FROM org_unit WHERE id = $1`, [old.id]);
    expect(kept.name).toBe('Phường Trúc Bạch');
  });
});
