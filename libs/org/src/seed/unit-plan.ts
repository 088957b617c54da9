import { UnitType } from '../units/unit-type';
import { DEPARTMENTS } from './departments';
import { communeNames } from './place-names';
import { PROVINCES, ProvinceSpec, provinceByCode, provinceName, provinceSuffix } from './provinces';
import { oldMapProvinces, officialCommunes, SeedCommune } from './seed-map';
import { oldCommuneUnitCode, oldProvinceUnitCode, REFORM_DATE } from '../units/official/official-list';
import { reformOfProvince } from '../units/restructure/pre-reform-history';
import type { PlanRow } from '../units/restructure/plan-rows';
import { SEED_PROFILES, SeedSize } from './seed-size';
import { stableUuid } from './stable-uuid';
import {
  COMMUNE_MIX,
  COMMUNE_OFFICES,
  HAMLET_MIX,
  OLD_COMMUNE_MIX,
  hamletName,
  ORGS,
  orgProvinceName,
  PEOPLE_WEIGHT,
  PRESS,
  PRESS_MIX,
  RoleMix,
  SERVICE_CENTRE_MIX,
  SERVICE_CENTRE_NAME,
  SOCIO_POLITICAL_MIX,
  UnitKind,
} from './unit-catalogue';
import { mulberry32 } from '@app/common';

export interface PlannedUnit {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  kind: UnitKind;
  /** Index of the parent in SeedPlan.units; -1 for a province (its parent is the country unit). */
  parent: number;
  /** 1 for a province, 2 for its direct units, 3 below those. */
  level: 1 | 2 | 3;
  /** Index in SeedPlan.provinces. */
  province: number;
  adminCode: string | null;
  mix: RoleMix;
  /** Relative share of the people (0 for a unit that opens after the start: nobody joins it at first). */
  weight: number;
  /** The day the unit opens when later than the plan's start (the new communes of a reform), else null. */
  opensOn: string | null;
}

/**
 * The reform a `reform` map applies after the people are written: the plan rows (restructuring engine's input)
 * and, per old unit (index), the unit its people end in (full: the target; partial: the first named, the review rule).
 */
export interface SeedReform {
  on: string;
  rows: PlanRow[];
  successor: Map<number, number>;
}

export interface PlannedProvince {
  spec: ProvinceSpec;
  unit: number;
}

export interface SeedPlan {
  size: SeedSize;
  seed: number;
  /** Prefix of every stable uuid of the dataset. */
  namespace: string;
  provinces: PlannedProvince[];
  units: PlannedUnit[];
  people: number;
  /** The day every unit opens (but those with opensOn) and every period starts. */
  start: string;
  /** The reform to apply after the people are written (`reform` map), else null. */
  reform: SeedReform | null;
}

class PlanBuilder {
  readonly units: PlannedUnit[] = [];
  constructor(
    private readonly namespace: string,
    private readonly random: () => number,
  ) {}

  /** Units added from now on open on this day (null: the plan's start) and hold nobody at first. */
  opensOn: string | null = null;

  add(unit: Omit<PlannedUnit, 'id' | 'weight' | 'adminCode' | 'opensOn'> & { adminCode?: string }): number {
    const weight = PEOPLE_WEIGHT[unit.kind] * (0.5 + this.random());
    this.units.push({
      ...unit,
      id: stableUuid(`${this.namespace}:unit:${unit.code}`),
      adminCode: unit.adminCode ?? null,
      weight: this.opensOn ? 0 : weight,
      opensOn: this.opensOn,
    });
    return this.units.length - 1;
  }
}

/** The unit tree of a dataset, in memory and in insertion order (a parent always before its children). */
export function planUnits(size: SeedSize, seed: number): SeedPlan {
  const profile = SEED_PROFILES[size];
  const namespace = `moc-seed:${size}:${seed}`;
  const random = mulberry32(seed ^ 0x0c0ffee);
  const b = new PlanBuilder(namespace, random);
  const old = profile.map === 'old' ? oldMapProvinces() : null;
  const all = old ? old.specs : PROVINCES;
  const specs = profile.provinces.length
    ? profile.provinces.map(
        (code) => (old ? all.find((p) => p.code === code) : provinceByCode(code)) ?? provinceByCode(code),
      )
    : all;
  const provinces: PlannedProvince[] = [];
  let reform: SeedReform | null = null;
  specs.forEach((spec, p) => {
    const unit = b.add({
      code: spec.code,
      name: provinceName(spec),
      type: UnitType.Province,
      kind: 'province',
      parent: -1,
      level: 1,
      province: p,
      adminCode: spec.adminCode,
      mix: [],
    });
    provinces.push({ spec, unit });
    addProvinceBodies(b, spec, unit, p);
    if (profile.map === 'reform') {
      reform = addReformHistory(b, spec, unit, p, random);
      return;
    }
    // The real communes (official or old map, with their codes), or invented ones when the profile sets a number.
    const communes = profile.communes
      ? inventedCommunes(spec, profile.communes, profile.wardShare, random)
      : (old?.communes.get(spec.code) ?? officialCommunes(spec));
    addCommunes(b, spec, unit, p, communes, profile.hamlets, random);
  });
  const people = profile.people;
  return { size, seed, namespace, provinces, units: b.units, people, start: profile.start, reform };
}

/**
 * A `reform` map's province before and after 1 July 2025, from the shipped mapping (reformOfProvince): the old
 * provinces that went into it, under the country (the one with the province's own official code is the province's
 * unit itself, which goes on), their old communes (leaves, with the old codes and names), and from the reform date
 * the official communes and wards with their sub-units. The plan rows merge the other old provinces into the
 * province and the old communes into the new ones (full or partial, as the mapping says).
 */
function addReformHistory(
  b: PlanBuilder,
  spec: ProvinceSpec,
  province: number,
  p: number,
  random: () => number,
): SeedReform {
  const history = reformOfProvince(spec.adminCode);
  const provinceCode = b.units[province].code;
  const unitCode = new Map<string, string>([[oldProvinceUnitCode(spec.adminCode), provinceCode]]);
  const index = new Map<string, number>([[provinceCode, province]]);
  for (const old of history.oldProvinces) {
    const code = oldProvinceUnitCode(old.oldCode);
    if (old.oldCode === spec.adminCode) continue;
    const i = b.add({
      code,
      name: old.oldName,
      adminCode: old.oldCode,
      type: UnitType.Province,
      kind: 'old_province',
      parent: -1,
      level: 1,
      province: p,
      mix: [],
    });
    index.set(code, i);
  }
  const seen = new Set<string>();
  for (const c of history.oldCommunes) {
    if (seen.has(c.oldCode)) continue;
    seen.add(c.oldCode);
    const code = oldCommuneUnitCode(c.oldCode);
    const parent = index.get(
      unitCode.get(oldProvinceUnitCode(c.oldProvinceCode!)) ?? oldProvinceUnitCode(c.oldProvinceCode!),
    )!;
    const i = b.add({
      code,
      name: c.oldName,
      adminCode: c.oldCode,
      type: UnitType.Commune,
      kind: 'old_commune',
      parent,
      level: 2,
      province: p,
      mix: OLD_COMMUNE_MIX,
    });
    index.set(code, i);
  }
  b.opensOn = REFORM_DATE;
  addCommunes(b, spec, province, p, officialCommunes(spec), null, random);
  b.opensOn = null;
  for (let i = 0; i < b.units.length; i++) if (!index.has(b.units[i].code)) index.set(b.units[i].code, i);
  // The province's own old unit goes on as the province: its row is dropped, the others point at its code.
  const rows = history.rows
    .filter((r) => unitCode.get(r.oldCode) !== r.newCode)
    .map((r) => ({ ...r, newParentCode: r.newParentCode && (unitCode.get(r.newParentCode) ?? r.newParentCode) }));
  const successor = new Map<number, number>();
  for (const r of rows) {
    const from = index.get(r.oldCode);
    const to = index.get(r.newCode);
    if (from === undefined || to === undefined) throw new Error(`reform row ${r.oldCode} → ${r.newCode}: unknown unit`);
    if (!successor.has(from)) successor.set(from, to);
  }
  return { on: REFORM_DATE, rows, successor };
}

/** `count` invented communes and wards ("VL-P001 Phường Tân Phú", "VL-X001 Xã Long Hồ"), wards first. */
function inventedCommunes(spec: ProvinceSpec, count: number, wardShare: number, random: () => number): SeedCommune[] {
  const wards = Math.round(count * wardShare);
  return communeNames(spec.region, count, random).map((base, i) => {
    // Wards first, as the provincial resolutions list them.
    const ward = i < wards;
    const seq = String(ward ? i + 1 : i - wards + 1).padStart(3, '0');
    return {
      prefix: ward ? 'Phường' : 'Xã',
      base,
      ward,
      code: `${spec.code}-${ward ? 'P' : 'X'}${seq}`,
      adminCode: null,
    };
  });
}

function addProvinceBodies(b: PlanBuilder, spec: ProvinceSpec, parent: number, p: number): void {
  const suffix = provinceSuffix(spec);
  for (const d of DEPARTMENTS) {
    const code = `${spec.code}-${d.key}`;
    const name =
      d.key === 'BTGDV' ? d.name.replace('Tỉnh ủy', spec.city ? 'Thành ủy' : 'Tỉnh ủy') : `${d.name} ${suffix}`;
    const dept = b.add({ code, name, type: d.type, kind: 'department', parent, level: 2, province: p, mix: d.mix });
    d.subunits.forEach((sub, i) => {
      const subCode = `${code}-${String(i + 1).padStart(2, '0')}`;
      b.add({
        code: subCode,
        name: sub,
        type: d.type,
        kind: 'department_sub',
        parent: dept,
        level: 3,
        province: p,
        mix: d.mix,
      });
    });
  }
  for (const press of PRESS) {
    const code = `${spec.code}-${press.key}`;
    const type = UnitType.PressAgency;
    const unit = b.add({
      code,
      name: `${press.prefix} ${spec.shortName}`,
      type,
      kind: 'press',
      parent,
      level: 2,
      province: p,
      mix: PRESS_MIX,
    });
    press.subunits.forEach((sub, i) => {
      const subCode = `${code}-${String(i + 1).padStart(2, '0')}`;
      b.add({ code: subCode, name: sub, type, kind: 'press_sub', parent: unit, level: 3, province: p, mix: PRESS_MIX });
    });
  }
  for (const org of ORGS) {
    b.add({
      code: `${spec.code}-${org.key}`,
      name: orgProvinceName(org, spec.shortName, spec.city, suffix),
      type: UnitType.SocioPoliticalOrg,
      kind: 'org_province',
      parent,
      level: 2,
      province: p,
      mix: SOCIO_POLITICAL_MIX,
    });
  }
}

function addCommunes(
  b: PlanBuilder,
  spec: ProvinceSpec,
  parent: number,
  p: number,
  communes: readonly SeedCommune[],
  hamlets: readonly [number, number] | null,
  random: () => number,
): void {
  communes.forEach(({ prefix, base, ward, code, adminCode }) => {
    const level = prefix.toLowerCase();
    const unit = b.add({
      code,
      name: `${prefix} ${base}`,
      adminCode: adminCode ?? undefined,
      type: UnitType.Commune,
      kind: 'commune',
      parent,
      level: 2,
      province: p,
      mix: COMMUNE_MIX,
    });
    const child = { parent: unit, level: 3 as const, province: p };
    for (const org of ORGS) {
      if (!org.commune) continue;
      const name = `${org.commune} ${level} ${base}`;
      b.add({
        ...child,
        code: `${code}-${org.key}`,
        name,
        type: UnitType.SocioPoliticalOrg,
        kind: 'org_commune',
        mix: SOCIO_POLITICAL_MIX,
      });
    }
    for (const office of COMMUNE_OFFICES) {
      b.add({
        ...child,
        code: `${code}-${office.key}`,
        name: office.name(ward),
        type: UnitType.Other,
        kind: 'commune_office',
        mix: office.mix,
      });
    }
    const centre = {
      code: `${code}-TTHCC`,
      name: SERVICE_CENTRE_NAME,
      type: UnitType.Other,
      kind: 'service_centre' as const,
    };
    b.add({ ...child, ...centre, mix: SERVICE_CENTRE_MIX });
    if (!hamlets) return;
    const n = hamlets[0] + Math.floor(random() * (hamlets[1] - hamlets[0] + 1));
    for (let h = 1; h <= n; h++) {
      const name = hamletName(spec.region, ward, h);
      b.add({
        ...child,
        code: `${code}-T${String(h).padStart(2, '0')}`,
        name,
        type: UnitType.Other,
        kind: 'hamlet',
        mix: HAMLET_MIX,
      });
    }
  });
}
