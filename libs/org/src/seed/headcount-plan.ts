import type { SeedPlan } from './unit-plan';
import { mulberry32 } from '@app/common';

/** unit_headcount rows for one year and their unit_headcount_change history, as columns. */
export interface HeadcountRows {
  year: number;
  current: { unit: string[]; role: string[]; headcount: number[]; declaredAt: string[] };
  changes: {
    unit: string[];
    role: string[];
    previous: Array<number | null>;
    headcount: number[];
    declaredAt: string[];
  };
}

const DAY = 86_400_000;

/**
 * Declared headcounts for `today`'s year, from the named (active) people per unit and role:
 * a third of the communes declare human-rights officials not (all) on the roster yet ("a commune knows it has
 * 2 before anyone has typed their names"), 10% of the other (unit, role) pairs declare 1–3 more than named,
 * 5% exactly as many. A fifth of the declarations were corrected once: two change rows.
 */
export function planHeadcounts(
  plan: SeedPlan,
  named: Uint32Array,
  roleCodes: readonly string[],
  roleIds: ReadonlyMap<string, string>,
  today: string,
): HeadcountRows {
  const random = mulberry32(Math.imul(plan.seed, 104_729) + 3);
  const year = Number(today.slice(0, 4));
  const yearStart = Date.UTC(year, 0, 1);
  const span = Math.max(1, Math.min(300, Math.floor((Date.parse(`${today}T00:00:00Z`) - yearStart) / DAY)));
  const rows: HeadcountRows = {
    year,
    current: { unit: [], role: [], headcount: [], declaredAt: [] },
    changes: { unit: [], role: [], previous: [], headcount: [], declaredAt: [] },
  };
  const at = (day: number): string => new Date(yearStart + day * DAY + 8 * 3600_000).toISOString();
  const declare = (unit: string, role: string, headcount: number): void => {
    const day = Math.floor(random() * span);
    rows.current.unit.push(unit);
    rows.current.role.push(role);
    rows.current.headcount.push(headcount);
    rows.current.declaredAt.push(at(day));
    let previous: number | null = null;
    if (day > 0 && random() < 0.2) {
      previous = Math.max(0, headcount + (random() < 0.5 ? -1 : 1));
      const firstDay = Math.floor(random() * day);
      rows.changes.unit.push(unit);
      rows.changes.role.push(role);
      rows.changes.previous.push(null);
      rows.changes.headcount.push(previous);
      rows.changes.declaredAt.push(at(firstDay));
    }
    rows.changes.unit.push(unit);
    rows.changes.role.push(role);
    rows.changes.previous.push(previous);
    rows.changes.headcount.push(headcount);
    rows.changes.declaredAt.push(at(day));
  };

  const roles = roleCodes.length;
  const hr = roleCodes.indexOf('HR_OFFICIAL');
  // Units a reform closes declare nothing for this year (their people were counted into their successors).
  const closed = new Set(plan.reform?.successor.keys());
  plan.units.forEach((unit, u) => {
    if (closed.has(u)) return;
    for (let r = 0; r < roles; r++) {
      const count = named[u * roles + r];
      const roleId = roleIds.get(roleCodes[r])!;
      if (unit.kind === 'commune' && r === hr) {
        if (random() < 0.35) declare(unit.id, roleId, Math.max(2, count + Math.floor(random() * 3)));
        continue;
      }
      if (count === 0) continue;
      const x = random();
      if (x < 0.1) declare(unit.id, roleId, count + 1 + Math.floor(random() * 3));
      else if (x < 0.15) declare(unit.id, roleId, count);
    }
  });
  return rows;
}
