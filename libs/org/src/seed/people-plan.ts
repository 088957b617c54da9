import { searchKey } from '@app/common';
import { UnitType } from '../units/unit-type';
import { orderedUuid } from './stable-uuid';
import { RoleMix, SECOND_ROLE_MIX, UnitKind } from './unit-catalogue';
import { SeedPlan } from './unit-plan';
import { mulberry32 } from '@app/common';
import { employeeCode, VietnameseNameGenerator } from './vietnamese-names';

/**
 * One batch of people, as columns. The periods are derived in SQL (see seed-writer.ts): one membership, status
 * and role period from the plan's start for everyone, plus the earlier membership of people who moved (`fromUnit` until
 * `movedOn`), the later status of people on leave or gone (from `statusFrom`), and a second role (`role2`).
 */
export interface PeopleChunk {
  id: string[];
  provinceUnitId: string[];
  employeeCode: string[];
  fullName: string[];
  gender: string[];
  birthDate: string[];
  email: Array<string | null>;
  phone: Array<string | null>;
  positionTitle: string[];
  unitId: string[];
  status: string[];
  statusFrom: string[];
  /** 1-based index into PeopleGenerator.roleCodes. */
  role1: number[];
  role2: Array<number | null>;
  fromUnit: Array<string | null>;
  movedOn: Array<string | null>;
}

const newChunk = (): PeopleChunk => ({
  id: [],
  provinceUnitId: [],
  employeeCode: [],
  fullName: [],
  gender: [],
  birthDate: [],
  email: [],
  phone: [],
  positionTitle: [],
  unitId: [],
  status: [],
  statusFrom: [],
  role1: [],
  role2: [],
  fromUnit: [],
  movedOn: [],
});

const DAY = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

const TITLE_TYPE: Readonly<Record<UnitKind, UnitType | null>> = {
  province: UnitType.Department,
  department: UnitType.Department,
  department_sub: UnitType.Department,
  press: UnitType.PressAgency,
  press_sub: UnitType.PressAgency,
  org_province: UnitType.SocioPoliticalOrg,
  org_commune: UnitType.SocioPoliticalOrg,
  commune: UnitType.Commune,
  commune_office: UnitType.Commune,
  service_centre: UnitType.Commune,
  hamlet: null,
  old_province: UnitType.Department,
  old_commune: UnitType.Commune,
};
const HAMLET_TITLES = [
  'Tuyên truyền viên',
  'Tuyên truyền viên',
  'Hòa giải viên',
  'Bí thư chi bộ',
  'Trưởng ban công tác Mặt trận',
];

/** How many people each unit holds: shares of the total by weight, rounded so that they add up exactly. */
export function peoplePerUnit(plan: SeedPlan): Uint32Array {
  const total = plan.units.reduce((sum, u) => sum + u.weight, 0);
  const counts = new Uint32Array(plan.units.length);
  let cumulative = 0;
  let placed = 0;
  plan.units.forEach((u, i) => {
    cumulative += u.weight;
    const upTo = Math.round((cumulative / total) * plan.people);
    counts[i] = upTo - placed;
    placed = upTo;
  });
  return counts;
}

/**
 * Generates the roster of a plan deterministically, chunk by chunk, and counts the active people per
 * (unit, role) on the way (`named`, indexed `unit * roleCodes.length + role`) for the declared headcounts.
 */
export class PeopleGenerator {
  readonly roleCodes: string[];
  readonly named: Uint32Array;
  private readonly names: VietnameseNameGenerator;
  private readonly random: () => number;
  private readonly roleIndex: Map<string, number>;
  private readonly siblings = new Map<string, number[]>();
  private readonly start: number;
  private readonly startIso: string;
  private ordinal = 0;
  /** yyyy-mm-dd of the start + i, for the days of the window. */
  private readonly days: string[];
  /** Day offsets after the start within which status changes and moves happen; null: none (too early). */
  private readonly window: readonly [number, number] | null;

  constructor(
    private readonly plan: SeedPlan,
    private readonly roleIds: ReadonlyMap<string, string>,
    today: string,
  ) {
    this.startIso = plan.start;
    this.start = dayNumber(plan.start);
    this.roleCodes = [...roleIds.keys()];
    this.roleIndex = new Map(this.roleCodes.map((c, i) => [c, i]));
    this.named = new Uint32Array(plan.units.length * this.roleCodes.length);
    this.names = new VietnameseNameGenerator(plan.seed);
    this.random = mulberry32(Math.imul(plan.seed, 7919) + 17);
    const last = Math.min(360, dayNumber(today) - this.start - 1);
    this.window = last > 60 ? [60, last] : null;
    this.days = Array.from({ length: Math.max(0, last) + 1 }, (_, i) => isoDay(this.start + i));
    plan.units.forEach((u, i) => {
      if (u.opensOn) return; // not open yet when people move (a reform's new units)
      const key = `${u.province}:${u.kind}`;
      const list = this.siblings.get(key) ?? [];
      list.push(i);
      this.siblings.set(key, list);
    });
  }

  *chunks(size: number): Generator<PeopleChunk> {
    const counts = peoplePerUnit(this.plan);
    const sequence = new Uint32Array(this.plan.provinces.length);
    const slugs = this.plan.provinces.map((p) => searchKey(p.spec.shortName).replace(/\s+/g, ''));
    let chunk = newChunk();
    for (let u = 0; u < this.plan.units.length; u++) {
      for (let k = 0; k < counts[u]; k++) {
        const p = this.plan.units[u].province;
        const code = employeeCode(this.plan.provinces[p].spec.code, ++sequence[p]);
        this.person(chunk, u, code, slugs[p]);
        if (chunk.id.length >= size) {
          yield chunk;
          chunk = newChunk();
        }
      }
    }
    if (chunk.id.length) yield chunk;
  }

  private person(c: PeopleChunk, u: number, code: string, slug: string): void {
    const unit = this.plan.units[u];
    const province = this.plan.units[this.plan.provinces[unit.province].unit];
    const r = this.random;
    const id = orderedUuid(++this.ordinal, `${this.plan.namespace}:person:${code}`);
    const gender = this.names.gender();
    const fullName = this.names.fullName(gender);
    const titleType = TITLE_TYPE[unit.kind];
    const title = titleType
      ? this.names.positionTitle(titleType)
      : HAMLET_TITLES[Math.floor(r() * HAMLET_TITLES.length)];
    const email = r() < 0.3 ? `${searchKey(fullName).replace(/\s+/g, '')}.${code.toLowerCase()}@${slug}.example` : null;
    const phone = r() < 0.6 ? this.names.phone() : null;

    // Status: 95% active; on leave or left from a day in the window.
    const x = r();
    const status = this.window && x < 0.03 ? 'on_leave' : this.window && x < 0.05 ? 'left' : 'active';
    const changedOn = this.window ? this.days[this.dayIn(this.window)] : this.startIso;

    const { fromUnit, movedOn } = this.move(u);

    const role1 = this.roleIndex.get(this.pick(unit.mix))!;
    let role2: number | null = r() < 0.12 ? this.roleIndex.get(this.pick(SECOND_ROLE_MIX))! : null;
    if (role2 === role1) role2 = null;
    if (status === 'active') {
      const base = u * this.roleCodes.length;
      this.named[base + role1]++;
      if (role2 !== null) this.named[base + role2]++;
    }

    c.id.push(id);
    c.provinceUnitId.push(province.id);
    c.employeeCode.push(code);
    c.fullName.push(fullName);
    c.gender.push(gender);
    c.birthDate.push(this.names.birthDate());
    c.email.push(email);
    c.phone.push(phone);
    c.positionTitle.push(title);
    c.unitId.push(unit.id);
    c.status.push(status);
    c.statusFrom.push(status === 'active' ? this.startIso : changedOn);
    c.role1.push(role1 + 1);
    c.role2.push(role2 === null ? null : role2 + 1);
    c.fromUnit.push(fromUnit);
    c.movedOn.push(movedOn);
  }

  /** 3% moved here, on a day of the window, from another unit of the same kind in the province. */
  private move(u: number): { fromUnit: string | null; movedOn: string | null } {
    const unit = this.plan.units[u];
    const peers = this.siblings.get(`${unit.province}:${unit.kind}`)!;
    if (this.window === null || peers.length < 2 || this.random() >= 0.03) return { fromUnit: null, movedOn: null };
    let from = peers[Math.floor(this.random() * peers.length)];
    if (from === u) from = peers[(peers.indexOf(u) + 1) % peers.length];
    return { fromUnit: this.plan.units[from].id, movedOn: this.days[this.dayIn(this.window)] };
  }

  private dayIn([lo, hi]: readonly [number, number]): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  private pick(mix: RoleMix): string {
    const total = mix.reduce((s, [, w]) => s + w, 0);
    let x = this.random() * total;
    for (const [code, w] of mix) {
      if ((x -= w) < 0) return code;
    }
    return mix[mix.length - 1][0];
  }
}
