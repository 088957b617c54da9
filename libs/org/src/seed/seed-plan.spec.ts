import { UnitType } from '../units/unit-type';
import { pgArray } from './bulk-load';
import { PeopleGenerator, peoplePerUnit } from './people-plan';
import { PROVINCES } from './provinces';
import { orderedUuid, stableUuid } from './stable-uuid';
import { SEED_ROLE_CODES } from './unit-catalogue';
import { planUnits } from './unit-plan';
import { officialList } from '../units/official/official-list';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(stableUuid.name, () => {
  it('is a well-formed uuid, the same for the same name and different for another', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => stableUuid(`moc-seed:demo:1:person:VL${i}`));
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stableUuid('a')).toBe(stableUuid('a'));
  });

  it('orders by ordinal when ordered', () => {
    const ids = [1, 2, 255, 256, 3_000_000].map((n) => orderedUuid(n, `x${n}`));
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe(pgArray.name, () => {
  it('quotes text, escapes quotes and backslashes, and writes NULL and numbers bare', () => {
    expect(pgArray(['a b', 'say "hi"', 'c:\\d', null, 3])).toBe('{"a b","say \\"hi\\"","c:\\\\d",NULL,3}');
    expect(pgArray([])).toBe('{}');
  });
});

describe(planUnits.name, () => {
  it('plans the national tree: 34 provinces, 3,321 communes, no districts, ~100,000 units, parents first', () => {
    const plan = planUnits('national', 1);
    expect(plan.provinces).toHaveLength(34);
    expect(PROVINCES.reduce((sum, p) => sum + p.communes, 0)).toBe(3321);
    expect(plan.units.filter((u) => u.type === UnitType.Commune)).toHaveLength(3321);
    expect(plan.units.some((u) => u.type === UnitType.District)).toBe(false);
    expect(plan.units.length).toBeGreaterThan(95_000);
    expect(plan.units.length).toBeLessThan(110_000);
    expect(new Set(plan.units.map((u) => u.code)).size).toBe(plan.units.length);
    expect(
      plan.units.every((u, i) => u.parent < i && (u.parent < 0 || plan.units[u.parent].level === u.level - 1)),
    ).toBe(true);
    expect(
      plan.units.every((u) => u.code.length <= 40 && u.name.length <= 200 && u.name === u.name.normalize('NFC')),
    ).toBe(true);
  });

  it('takes the national communes from the official list: their codes, names and provinces', () => {
    const plan = planUnits('national', 1);
    const communes = plan.units.filter((u) => u.type === UnitType.Commune);
    const official = officialList().communes;
    expect(communes.map((u) => u.adminCode).sort()).toEqual(official.map((c) => c.code).sort());
    const byCode = new Map(official.map((c) => [c.code, c]));
    for (const u of communes) {
      const c = byCode.get(u.adminCode ?? '')!;
      expect(u.name).toBe(c.name);
      expect(plan.units[u.parent].adminCode).toBe(c.parentCode);
      expect(u.code).toBe(`${plan.units[u.parent].code}-${c.code}`);
    }
    // The counts in provinces.ts agree with the list.
    for (const p of PROVINCES) expect(official.filter((c) => c.parentCode === p.adminCode)).toHaveLength(p.communes);
    expect(plan.units.find((u) => u.code === 'VL-28777-MTTQ')?.name).toBe('Ủy ban MTTQ Việt Nam phường An Hội');
  });

  it('plans the national-2024 tree on the old map: 63 provinces, 10,052 communes with their old codes', () => {
    const plan = planUnits('national-2024', 1);
    expect(plan.provinces).toHaveLength(63);
    expect(plan.start).toBe('2024-01-01');
    const communes = plan.units.filter((u) => u.type === UnitType.Commune);
    expect(communes).toHaveLength(10_052);
    expect(new Set(communes.map((u) => u.adminCode)).size).toBe(10_052);
    expect(new Set(plan.units.map((u) => u.code)).size).toBe(plan.units.length);
    const newCodes = new Set(planUnits('national', 1).units.map((u) => u.code));
    expect(plan.units.filter((u) => newCodes.has(u.code))).toEqual([]);
    expect(plan.provinces.map((p) => p.spec.code).every((c) => /^[A-Z]+$/.test(c))).toBe(true);
    expect(plan.units.find((u) => u.adminCode === '00004' && u.type === UnitType.Commune)?.name).toBe(
      'Phường Trúc Bạch',
    );
    expect(communes.some((u) => u.name.startsWith('Thị trấn '))).toBe(true);
  });

  it('plans ~4,000 units for the province size', () => {
    expect(planUnits('province', 1).units.length).toBeGreaterThan(3500);
    expect(planUnits('province', 1).units.length).toBeLessThan(4500);
  });

  it('plans the demo as the real Vĩnh Long: the old map from 2024, the 124 official communes from 1 July 2025', () => {
    const demo = planUnits('demo', 1);
    expect(demo.start).toBe('2024-01-01');
    expect(demo.provinces.map((p) => demo.units[p.unit].code)).toEqual(['VL']);
    expect(demo.units.filter((u) => u.kind === 'hamlet')).toHaveLength(0);
    // The new map: the official communes and wards of province 86, with their codes and names, from the reform.
    const communes = demo.units.filter((u) => u.kind === 'commune');
    const official = officialList().communes.filter((c) => c.parentCode === '86');
    expect(communes).toHaveLength(124);
    expect(communes.map((u) => [u.adminCode, u.name, u.code])).toEqual(
      official.map((c) => [c.code, c.name, `VL-${c.code}`]),
    );
    expect(communes.every((u) => u.opensOn === '2025-07-01' && u.weight === 0)).toBe(true);
    // The old map: Bến Tre and Trà Vinh beside the province (old Vĩnh Long goes on as the province), 354 communes.
    const oldProvinces = demo.units.filter((u) => u.kind === 'old_province');
    expect(oldProvinces.map((u) => [u.name, u.adminCode, u.parent])).toEqual([
      ['Tỉnh Bến Tre', '83', -1],
      ['Tỉnh Trà Vinh', '84', -1],
    ]);
    const old = demo.units.filter((u) => u.kind === 'old_commune');
    expect(old).toHaveLength(354);
    expect(old.every((u) => u.opensOn === null && u.weight > 0)).toBe(true);
    expect(demo.units.filter((u) => u.opensOn === null && u.level === 3).every((u) => u.kind !== 'org_commune')).toBe(
      true,
    );
    // The reform: every old unit goes somewhere, the first named new unit takes the people of a divided one.
    const reform = demo.reform!;
    expect(reform.on).toBe('2025-07-01');
    expect(reform.successor.size).toBe(356);
    expect(new Set(reform.rows.map((r) => r.newCode)).size).toBe(125);
    const byCode = new Map(demo.units.map((u, i) => [u.code, i]));
    expect(demo.units[reform.successor.get(byCode.get('CBTA-28759')!)!].name).toBe('Phường Phú Khương');
    expect(reform.rows.filter((r) => r.kind === 'partial')).toHaveLength(12);
  });
});

describe(PeopleGenerator.name, () => {
  const roleIds = new Map(SEED_ROLE_CODES.map((c, i) => [c, `00000000-0000-4000-8000-00000000000${i}`]));
  const generate = (seed: number) => {
    const gen = new PeopleGenerator(planUnits('demo', seed), roleIds, '2026-03-15');
    return [...gen.chunks(1000)];
  };

  it('spreads exactly the planned number of people and is deterministic', () => {
    const plan = planUnits('province', 1);
    expect(peoplePerUnit(plan).reduce((sum, n) => sum + n, 0)).toBe(150_000);
    const first = generate(1);
    expect(first.map((c) => c.id.length)).toEqual([1000, 1000, 1000]);
    expect(generate(1)).toEqual(first);
    expect(generate(2)[0].fullName).not.toEqual(first[0].fullName);
    const codes = first.flatMap((c) => c.employeeCode);
    expect(new Set(codes).size).toBe(3000);
    expect(codes[0]).toBe('VL0000001');
  });

  it('gives nobody the same role twice and moves people only on a day after the start', () => {
    for (const c of generate(1)) {
      c.role2.forEach((r2, i) => expect(r2).not.toBe(c.role1[i]));
      c.movedOn.forEach((d, i) => {
        expect(d === null).toBe(c.fromUnit[i] === null);
        // The demo's moves happen in its first year, on the old map (before the reform of 1 July 2025).
        if (d) expect(d > '2024-01-01' && d < '2025-01-01').toBe(true);
      });
    }
  });
});
