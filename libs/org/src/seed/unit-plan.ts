import { UnitType } from '../units/unit-type';
import { DEPARTMENTS } from './departments';
import { communeNames } from './place-names';
import { PROVINCES, ProvinceSpec, provinceByCode, provinceName, provinceSuffix } from './provinces';
import { oldMapProvinces, officialCommunes, SeedCommune } from './seed-map';
import { SEED_PROFILES, SeedSize } from './seed-size';
import { stableUuid } from './stable-uuid';
import {
  COMMUNE_MIX,
  COMMUNE_OFFICES,
  HAMLET_MIX,
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
  /** Relative share of the people. */
  weight: number;
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
  /** The day every unit opens and every period starts. */
  start: string;
}

class PlanBuilder {
  readonly units: PlannedUnit[] = [];
  constructor(
    private readonly namespace: string,
    private readonly random: () => number,
  ) {}

  add(unit: Omit<PlannedUnit, 'id' | 'weight' | 'adminCode'> & { adminCode?: string }): number {
    const weight = PEOPLE_WEIGHT[unit.kind] * (0.5 + this.random());
    this.units.push({
      ...unit,
      id: stableUuid(`${this.namespace}:unit:${unit.code}`),
      adminCode: unit.adminCode ?? null,
      weight,
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
    // The real communes (official or old map, with their codes), or invented ones when the profile sets a number.
    const communes = profile.communes
      ? inventedCommunes(spec, profile.communes, profile.wardShare, random)
      : (old?.communes.get(spec.code) ?? officialCommunes(spec));
    addCommunes(b, spec, unit, p, communes, profile.hamlets, random);
  });
  return { size, seed, namespace, provinces, units: b.units, people: profile.people, start: profile.start };
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
