import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The kinds of unit in the official list (data/units/vn-units-2025.csv). */
export type OfficialKind = 'city' | 'province' | 'ward' | 'commune' | 'special_zone';
const KINDS: readonly OfficialKind[] = ['city', 'province', 'ward', 'commune', 'special_zone'];

/** A province or city (parentCode null), or a commune, ward or special zone of one, from 1 July 2025. */
export interface OfficialUnit {
  /** The official code: two digits for a province, five for a commune. */
  code: string;
  /** The official name, NFC ("Tỉnh Vĩnh Long", "Phường Long Châu"). */
  name: string;
  kind: OfficialKind;
  parentCode: string | null;
}

export interface OfficialList {
  provinces: OfficialUnit[];
  communes: OfficialUnit[];
}

/** How one unit before 1 July 2025 went into a new one (data/units/vn-units-2025-mapping.csv). */
export interface ReformLink {
  level: 'province' | 'commune';
  newCode: string;
  newName: string;
  /** The old unit's province code (communes only; island districts resolved to their province). */
  oldProvinceCode: string | null;
  oldCode: string;
  oldName: string;
  kind: 'full' | 'partial';
}

/** The day the official units took effect; the old ones were valid until the day before. */
export const REFORM_DATE = '2025-07-01';

export const isProvinceKind = (kind: OfficialKind): boolean => kind === 'city' || kind === 'province';

const LIST_FILE = 'vn-units-2025.csv';
const MAPPING_FILE = 'vn-units-2025-mapping.csv';

/** data/units of the project, found upwards from this file (works from the sources and from a build). */
export function officialDataDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'data', 'units');
    if (existsSync(join(candidate, LIST_FILE))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`data/units/${LIST_FILE} not found above ${__dirname}`);
    dir = up;
  }
}

/** Rows of a shipped CSV (no quoting in these files: names have no commas), checked against the header. */
function readRows(file: string, header: string): string[][] {
  const text = readFileSync(join(officialDataDir(), file), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  if (lines[0] !== header) throw new Error(`${file}: unexpected header ${lines[0]}`);
  const width = header.split(',').length;
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim().normalize('NFC'));
    if (cells.length !== width) throw new Error(`${file}: line ${i + 2} has ${cells.length} cells`);
    return cells;
  });
}

/**
 * Five island districts had no communes and became special zones: the mapping names them without their old
 * province. Bạch Long Vĩ (Hải Phòng), Cồn Cỏ (Quảng Trị), Hoàng Sa (Đà Nẵng), Lý Sơn (Quảng Ngãi), Côn Đảo (Bà Rịa -
 * Vũng Tàu).
 */
const ISLAND_DISTRICT_PROVINCE: Readonly<Record<string, string>> = {
  '318': '31',
  '471': '45',
  '498': '48',
  '536': '51',
  '755': '77',
};

let list: OfficialList | null = null;
let mapping: ReformLink[] | null = null;

/** The official list, read once: provinces in the file's order, then communes in the file's order. */
export function officialList(): OfficialList {
  if (list) return list;
  const provinces: OfficialUnit[] = [];
  const communes: OfficialUnit[] = [];
  for (const [code, name, kind, parentCode] of readRows(LIST_FILE, 'code,name,type,parent_code')) {
    if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`${LIST_FILE}: unknown type ${kind}`);
    const unit: OfficialUnit = { code, name, kind: kind as OfficialKind, parentCode: parentCode || null };
    (isProvinceKind(unit.kind) ? provinces : communes).push(unit);
  }
  list = { provinces, communes };
  return list;
}

/** The reform mapping, read once, in the file's order. */
export function reformMapping(): ReformLink[] {
  if (mapping) return mapping;
  mapping = readRows(MAPPING_FILE, 'level,new_code,new_name,old_province_code,old_code,old_name,kind').map(
    ([level, newCode, newName, oldProvinceCode, oldCode, oldName, kind]) => {
      if (level !== 'province' && level !== 'commune') throw new Error(`${MAPPING_FILE}: unknown level ${level}`);
      if (kind !== 'full' && kind !== 'partial') throw new Error(`${MAPPING_FILE}: unknown kind ${kind}`);
      // Island districts are named without their old province: resolved here, for every reader.
      const province = oldProvinceCode || (level === 'commune' ? (ISLAND_DISTRICT_PROVINCE[oldCode] ?? null) : null);
      return { level, newCode, newName, oldProvinceCode: province, oldCode, oldName, kind };
    },
  );
  return mapping;
}

/** A pre-reform province or commune (valid until 30 June 2025), as named in the mapping. */
export interface OldUnit {
  code: string;
  name: string;
  /** The old province's code (communes only). */
  provinceCode: string | null;
}

/**
 * The 63 old provinces and their 10,052 communes (with the five island districts), each once (a partial commune is
 * named in several rows).
 */
export function oldUnits(): { provinces: OldUnit[]; communes: OldUnit[] } {
  const provinces = new Map<string, OldUnit>();
  const communes = new Map<string, OldUnit>();
  for (const link of reformMapping()) {
    if (link.level === 'province') {
      if (!provinces.has(link.oldCode)) {
        provinces.set(link.oldCode, { code: link.oldCode, name: link.oldName, provinceCode: null });
      }
    } else if (!communes.has(link.oldCode)) {
      const provinceCode = link.oldProvinceCode;
      communes.set(link.oldCode, { code: link.oldCode, name: link.oldName, provinceCode });
    }
  }
  return { provinces: [...provinces.values()], communes: [...communes.values()] };
}

/** Letters of a name without marks: "Bà Rịa - Vũng Tàu" → "BRVT". */
const initials = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('');

let oldCodes: { provinces: Map<string, string>; communes: Map<string, string> } | null = null;

/**
 * The unit codes (org_unit.code) of the units before the reform, one convention for the `national-2024` seed and
 * for the pre-reform history: an old province is "C" + the initials of its short name ("CVL" for the old Vĩnh
 * Long; a letter added when two share initials), letters only and never a code of the new map; an old commune is
 * "<its old province's code>-<its old official code>" ("CVL-29239"). The official codes stay in admin_code.
 */
function oldUnitCodes(): { provinces: Map<string, string>; communes: Map<string, string> } {
  if (oldCodes) return oldCodes;
  const old = oldUnits();
  const taken = new Set<string>();
  const provinces = new Map<string, string>();
  for (const p of old.provinces) {
    const letters = initials(p.name.replace(/^(Thành phố|Tỉnh) /, ''));
    let code = `C${letters}`;
    for (let n = 0; taken.has(code); n++) code = `C${letters}${String.fromCharCode(65 + n)}`;
    taken.add(code);
    provinces.set(p.code, code);
  }
  const communes = new Map<string, string>();
  for (const c of old.communes) {
    const province = provinces.get(c.provinceCode ?? '');
    if (province) communes.set(c.code, `${province}-${c.code}`);
  }
  oldCodes = { provinces, communes };
  return oldCodes;
}

/** The unit code of an old province by its old official code ("86" → "CVL"); throws for an unknown code. */
export function oldProvinceUnitCode(adminCode: string): string {
  const code = oldUnitCodes().provinces.get(adminCode);
  if (!code) throw new Error(`${adminCode} is not a province before the reform`);
  return code;
}

/** The unit code of an old commune by its old official code ("29239" → "CVL-29239"); throws for an unknown code. */
export function oldCommuneUnitCode(adminCode: string): string {
  const code = oldUnitCodes().communes.get(adminCode);
  if (!code) throw new Error(`${adminCode} is not a commune before the reform`);
  return code;
}

/** True when `code` is the unit code the pre-reform unit with this official code gets (old and new codes overlap). */
export function isOldUnitCode(code: string, adminCode: string): boolean {
  const { provinces, communes } = oldUnitCodes();
  return provinces.get(adminCode) === code || communes.get(adminCode) === code;
}
