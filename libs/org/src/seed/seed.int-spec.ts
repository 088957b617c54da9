import { DataSource } from 'typeorm';
import { ConflictError } from '@app/common';
import { dataSourceOptions } from '@app/db';
import { createTestDatabase, dropTestDatabase } from '../../../../test/setup/test-database';
import { SeedReport, seedRoster } from './roster-seeder';
import { SEED_ROLE_CODES } from './unit-catalogue';
import { officialList } from '../units/official/official-list';

const TODAY = '2026-03-15';

async function open(): Promise<{ url: string; db: DataSource }> {
  const url = await createTestDatabase();
  const db = new DataSource({ ...dataSourceOptions(url), extra: { max: 3 } });
  await db.initialize();
  return { url, db };
}

const count = async (db: DataSource, sql: string, params: unknown[] = []): Promise<number> => {
  const [row] = await db.query<Array<{ n: number }>>(`SELECT (${sql})::int AS n`, params);
  return row.n;
};

describe('seed: the demo province, the real Tỉnh Vĩnh Long (its roster; the accounts and the first start: libs/demo)', () => {
  const opened: Array<{ url: string; db: DataSource }> = [];
  let a: DataSource;
  let report: SeedReport;

  beforeAll(async () => {
    opened.push(await open());
    a = opened[0].db;
    report = await seedRoster(a, { size: 'demo', today: TODAY });
  });
  afterAll(async () => {
    for (const o of opened) {
      await o.db.destroy();
      await dropTestDatabase(o.url);
    }
  });

  it('loads the real Tỉnh Vĩnh Long: its departments, press, organisations and 124 official communes and wards', async () => {
    expect(report).toMatchObject({ outcome: 'created', size: 'demo', people: 3000 });
    const [province] = await a.query<Array<{ id: string; name: string; parent: string }>>(
      `SELECT u.id, u.name, p.code AS parent FROM org_unit u JOIN org_unit p ON p.id = u.parent_id
        WHERE u.type = 'province' AND u.status = 'active'`,
    );
    expect(province).toEqual({ id: report.provinceIds[0], name: 'Tỉnh Vĩnh Long', parent: 'VN' });
    const communes = await a.query<Array<{ code: string; name: string; admin: string; parent: string }>>(
      `SELECT u.code, u.name, u.admin_code AS admin, u.parent_id AS parent FROM org_unit u
        WHERE u.type = 'commune' AND u.status = 'active' ORDER BY u.admin_code`,
    );
    const official = officialList().communes.filter((c) => c.parentCode === '86');
    expect(communes).toEqual(
      official
        .map((c) => ({ code: `VL-${c.code}`, name: c.name, admin: c.code, parent: province.id }))
        .sort((x, y) => x.admin.localeCompare(y.admin)),
    );
    expect(await count(a, `SELECT count(*) FROM org_unit WHERE type = 'district'`)).toBe(0);
    const codes = ['VL-SVHTTDL', 'VL-STP', 'VL-SNV', 'VL-SNGV', 'VL-CA', 'VL-BAO', 'VL-PTTH', 'VL-MTTQ', 'VL-DTN'];
    expect(
      await count(a, `SELECT count(*) FROM org_unit WHERE code = ANY($1) AND parent_id = $2`, [codes, province.id]),
    ).toBe(codes.length);
    expect(
      await count(a, `SELECT count(*) FROM org_unit WHERE parent_id = $1 AND type = 'socio_political_org'`, [
        province.id,
      ]),
    ).toBe(6);
    // Every commune has its Fatherland Front, Youth Union, Women's, Farmers' and Veterans' units.
    const orgsPerCommune = await a.query<Array<{ n: number }>>(
      `SELECT count(o.id)::int AS n FROM org_unit c LEFT JOIN org_unit o ON o.parent_id = c.id AND o.type = 'socio_political_org'
        WHERE c.type = 'commune' AND c.status = 'active' GROUP BY c.id`,
    );
    expect(new Set(orgsPerCommune.map((r) => r.n))).toEqual(new Set([5]));
  });

  it('keeps the old map until 30 June 2025 and applies the reform on 1 July 2025 through the restructuring engine', async () => {
    expect(report.reform).toMatchObject({ effectiveFrom: '2025-07-01', merged: 350, split: 6, created: 0 });
    // Bến Tre and Trà Vinh merged into Vĩnh Long; the 354 old communes closed into the new ones.
    const closed = await a.query<Array<{ type: string; n: number; closedOn: string }>>(
      `SELECT type, count(*)::int AS n, to_char(closed_on, 'YYYY-MM-DD') AS "closedOn" FROM org_unit
        WHERE status = 'closed' GROUP BY type, closed_on ORDER BY type`,
    );
    expect(closed).toEqual([
      { type: 'commune', n: 354, closedOn: '2025-07-01' },
      { type: 'province', n: 2, closedOn: '2025-07-01' },
    ]);
    expect(await count(a, `SELECT count(*) FROM org_unit WHERE status = 'active' AND opened_on = '2025-07-01'`)).toBe(
      124 * 10,
    );
    // Everyone is in one unit on each day, and moved with their commune on 1 July 2025.
    for (const day of ['2024-01-01', '2025-06-30', '2025-07-01', TODAY]) {
      expect(
        await count(
          a,
          `SELECT count(DISTINCT person_id) FROM person_membership
            WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date)`,
          [day],
        ),
      ).toBe(3000);
      expect(
        await count(
          a,
          `SELECT count(*) FROM person_membership WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date)`,
          [day],
        ),
      ).toBe(3000);
    }
    expect(
      await count(
        a,
        `SELECT count(*) FROM person_membership m JOIN org_unit u ON u.id = m.unit_id
          WHERE m.valid_from <= '2025-06-30' AND (m.valid_to IS NULL OR m.valid_to > '2025-06-30')
            AND u.opened_on = '2025-07-01'`,
      ),
    ).toBe(0);
  });

  it('puts 3,000 people across all seven target roles, each with a role, a membership and a unique code', async () => {
    expect(await count(a, `SELECT count(*) FROM person`)).toBe(3000);
    const roles = await a.query<Array<{ code: string; n: number }>>(
      `SELECT r.code, count(*)::int AS n FROM person_role pr JOIN role r ON r.id = pr.role_id GROUP BY r.code`,
    );
    expect(roles.map((r) => r.code).sort()).toEqual([...SEED_ROLE_CODES].sort());
    expect(roles.every((r) => r.n >= 10)).toBe(true);
    expect(
      await count(
        a,
        `SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.valid_to IS NULL)`,
      ),
    ).toBe(0);
    expect(
      await count(
        a,
        `SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_membership m
        WHERE m.person_id = p.id AND m.valid_to IS NULL AND m.unit_id = p.unit_id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        a,
        `SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_status_period s
        WHERE s.person_id = p.id AND s.valid_to IS NULL AND s.status = p.status AND s.valid_from = p.status_from)`,
      ),
    ).toBe(0);
    expect(
      await count(a, `SELECT count(DISTINCT employee_code) FROM person WHERE employee_code ~ '^VL[0-9]{7}$'`),
    ).toBe(3000);
    expect(await count(a, `SELECT count(*) FROM person WHERE full_name <> normalize(full_name, NFC)`)).toBe(0);
    // Some moved and some left: their history is there.
    expect(await count(a, `SELECT count(*) FROM person_membership WHERE valid_to IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(a, `SELECT count(*) FROM person WHERE status = 'left'`)).toBeGreaterThan(0);
  });

  it('declares headcounts above the named roster somewhere, each with its change history', async () => {
    const above = await count(
      a,
      `SELECT count(*) FROM unit_headcount h
        WHERE h.year = 2026 AND h.headcount > (SELECT count(*) FROM person p JOIN person_role r ON r.person_id = p.id
               AND r.role_id = h.role_id AND r.valid_to IS NULL WHERE p.unit_id = h.unit_id AND p.status = 'active')`,
    );
    expect(above).toBeGreaterThan(10);
    expect(
      await count(
        a,
        `SELECT count(*) FROM unit_headcount h WHERE NOT EXISTS (SELECT 1 FROM unit_headcount_change c
        WHERE c.unit_id = h.unit_id AND c.role_id = h.role_id AND c.year = h.year AND c.headcount = h.headcount)`,
      ),
    ).toBe(0);
  });

  it('writes a correct closure: each unit its own descendant at depth 0, the province subtree holding every unit', async () => {
    expect(
      await count(
        a,
        `SELECT count(*) FROM org_unit u WHERE NOT EXISTS (
      SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = u.id AND c.descendant_id = u.id AND c.depth = 0)`,
      ),
    ).toBe(0);
    const units = await count(a, `SELECT count(*) FROM org_unit WHERE type <> 'country'`);
    expect(units).toBe(report.units);
    // After the reform the province's subtree holds every unit still open.
    expect(
      await count(
        a,
        `SELECT count(*) FROM org_unit_closure c JOIN org_unit u ON u.id = c.descendant_id
          WHERE c.ancestor_id = $1 AND u.status = 'active'`,
        [report.provinceIds[0]],
      ),
    ).toBe(await count(a, `SELECT count(*) FROM org_unit WHERE type <> 'country' AND status = 'active'`));
    // The closure of each unit is its parent's, one step further, plus itself: no row missing, none extra.
    const expected = `SELECT c.ancestor_id, u.id, c.depth + 1 FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
      UNION ALL SELECT id, id, 0 FROM org_unit`;
    const actual = `SELECT ancestor_id, descendant_id, depth FROM org_unit_closure`;
    expect(await count(a, `SELECT count(*) FROM ((${expected}) EXCEPT (${actual})) x`)).toBe(0);
    expect(await count(a, `SELECT count(*) FROM ((${actual}) EXCEPT (${expected})) x`)).toBe(0);
    expect(await count(a, `SELECT count(*) FROM org_unit_version WHERE change = 'create'`)).toBe(units + 1);
  });

  it('appends every person to the roster change log, with the history the generator gave them', async () => {
    expect(await count(a, `SELECT count(*) FROM roster_change WHERE kind = 'person_joined'`)).toBe(3000);
    // The generator's moves (in 2024) one by one; the reform's as the merges and divisions of the units.
    expect(await count(a, `SELECT count(*) FROM roster_change WHERE kind = 'person_moved'`)).toBe(
      await count(a, `SELECT count(*) FROM person_membership WHERE valid_to < '2025-07-01'`),
    );
    expect(await count(a, `SELECT count(*) FROM roster_change WHERE kind = 'unit_merged'`)).toBe(350);
    expect(await count(a, `SELECT count(*) FROM roster_change WHERE kind IN ('person_left', 'person_status')`)).toBe(
      await count(a, `SELECT count(*) FROM person WHERE status <> 'active'`),
    );
  });

  it('does nothing the second time, and refuses another seed over the same province code', async () => {
    const before = await count(a, `SELECT count(*) FROM person`);
    await expect(seedRoster(a, { size: 'demo', today: TODAY })).resolves.toMatchObject({
      outcome: 'exists',
    });
    await expect(seedRoster(a, { size: 'demo', seed: 2, today: TODAY })).rejects.toBeInstanceOf(ConflictError);
    expect(await count(a, `SELECT count(*) FROM person`)).toBe(before);
    expect(await count(a, `SELECT count(*) FROM org_unit WHERE type = 'province' AND status = 'active'`)).toBe(1);
  });
});
