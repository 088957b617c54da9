import {
  officialList,
  oldCommuneUnitCode,
  oldProvinceUnitCode,
  oldUnits,
  reformMapping,
} from '../units/official/official-list';
import { officialCommuneUnitCode } from '../units/official/official-units-loader';
import { PROVINCES, ProvinceSpec, Region } from './provinces';

/** A commune, ward, town or special zone of a seeded province, by its name's parts and its code. */
export interface SeedCommune {
  /** "Xã", "Phường", "Thị trấn", "Đặc khu". */
  prefix: string;
  /** The name without the prefix ("Long Châu"). */
  base: string;
  /** Urban: hamlets are "tổ dân phố"/"khu phố", offices have their urban names. */
  ward: boolean;
  code: string;
  adminCode: string | null;
}

const PREFIXES = ['Thị trấn', 'Phường', 'Đặc khu', 'Xã', 'Huyện'];

/** "Phường Long Châu" → { prefix: "Phường", base: "Long Châu" }; a name without a known prefix is a "Xã". */
export function splitCommuneName(name: string): { prefix: string; base: string } {
  const prefix = PREFIXES.find((p) => name.startsWith(`${p} `));
  return prefix ? { prefix, base: name.slice(prefix.length + 1) } : { prefix: 'Xã', base: name };
}

const commune = (name: string, code: string, adminCode: string): SeedCommune => {
  const { prefix, base } = splitCommuneName(name);
  return { prefix, base, ward: prefix === 'Phường' || prefix === 'Thị trấn', code, adminCode };
};

/** The official communes of a province (data/units), in the list's order, with the loader's unit codes. */
export function officialCommunes(spec: ProvinceSpec): SeedCommune[] {
  return officialList()
    .communes.filter((c) => c.parentCode === spec.adminCode)
    .map((c) => commune(c.name, officialCommuneUnitCode(spec.adminCode, c.code), c.code));
}

let oldMap: { specs: ProvinceSpec[]; communes: Map<string, SeedCommune[]> } | null = null;

/**
 * The map before 1 July 2025, from the reform mapping: the 63 old provinces and their 10,052 communes, with the
 * unit codes of oldProvinceUnitCode / oldCommuneUnitCode (official-list.ts, shared with the pre-reform history),
 * the old official code as adminCode and the region of the province each went into.
 */
export function oldMapProvinces(): { specs: ProvinceSpec[]; communes: Map<string, SeedCommune[]> } {
  if (oldMap) return oldMap;
  const regionOf = new Map<string, Region>();
  for (const link of reformMapping()) {
    if (link.level !== 'province') continue;
    const region = PROVINCES.find((p) => p.adminCode === link.newCode)?.region;
    if (region && !regionOf.has(link.oldCode)) regionOf.set(link.oldCode, region);
  }
  const old = oldUnits();
  const specs = old.provinces.map((p): ProvinceSpec => {
    const city = p.name.startsWith('Thành phố ');
    const shortName = p.name.replace(/^(Thành phố|Tỉnh) /, '');
    const communes = old.communes.filter((c) => c.provinceCode === p.code).length;
    const code = oldProvinceUnitCode(p.code);
    return { code, adminCode: p.code, shortName, city, communes, region: regionOf.get(p.code) ?? 'north' };
  });
  const communes = new Map<string, SeedCommune[]>(specs.map((s) => [s.code, []]));
  const byAdmin = new Map(specs.map((s) => [s.adminCode, s]));
  for (const c of old.communes) {
    const spec = byAdmin.get(c.provinceCode ?? '');
    if (spec) communes.get(spec.code)?.push(commune(c.name, oldCommuneUnitCode(c.code), c.code));
  }
  oldMap = { specs, communes };
  return oldMap;
}
