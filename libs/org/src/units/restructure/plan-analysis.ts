import { PlanRow, PlanProblem } from './plan-rows';

/** A unit named by a plan, as the database holds it. */
export interface KnownUnit {
  id: string;
  code: string;
  name: string;
  type: string;
  parentId: string | null;
  status: 'active' | 'closed';
  versionFrom: string;
  depth: number;
  /** Inside a subtree the uploader may restructure (strictly below one of their scopes). */
  restructurable: boolean;
  /** Inside a subtree the uploader manages (may receive people, units). */
  manageable: boolean;
  hasChildren: boolean;
}

/** A member of a partial old unit on the plan's date. */
export interface PlanMember {
  id: string;
  unitId: string;
  employeeCode: string | null;
  fullName: string;
}

/** Per new unit: the old units going into it and how many people move. */
export interface PlanNewUnit {
  code: string;
  name: string;
  /** True when the code names an existing unit (it goes on, possibly renamed or moved). */
  exists: boolean;
  parentCode: string | null;
  sources: Array<{ code: string; name: string; kind: 'full' | 'partial'; people: number }>;
  people: number;
}

/** Per partial old unit: its people, where the listed ones go, and who is not placed yet. */
export interface PlanPartial {
  code: string;
  name: string;
  people: number;
  targets: Array<{ code: string; people: number }>;
  unassignedCount: number;
  /** The first 200 people not listed for any new unit. */
  unassigned: Array<{ employeeCode: string | null; fullName: string }>;
}

export interface PlanAnalysis {
  effectiveFrom: string | null;
  problems: PlanProblem[];
  newUnits: PlanNewUnit[];
  partials: PlanPartial[];
  counts: {
    rows: number;
    oldUnits: number;
    newUnits: number;
    created: number;
    merged: number;
    split: number;
    people: number;
    unassigned: number;
  };
}

/** What the plan engine looks up before it judges a plan (all of it set-based). */
export interface PlanFacts {
  units: ReadonlyMap<string, KnownUnit>;
  /** Active members per partial old unit code, on the plan's date. */
  members: ReadonlyMap<string, PlanMember[]>;
  /** People per full old unit code, on the plan's date. */
  headcounts: ReadonlyMap<string, number>;
  /** Active sub-units (codes) per partial old unit code. */
  children?: ReadonlyMap<string, string[]>;
}

/** A date before a named unit's current state: the plan is refused (400), as a single change would be. */
export interface StaleUnit {
  code: string;
  versionFrom: string;
}

const problem = (
  row: number,
  column: PlanProblem['column'],
  code: string,
  message: string,
  messageVi: string,
): PlanProblem => ({ row, column, code, message, messageVi });

/**
 * Judges a plan against the units and people it names (pure: the facts are looked up before). Every row problem
 * is reported; a plan with problems applies nothing.
 */
export function analysePlan(
  rows: readonly PlanRow[],
  facts: PlanFacts,
): { analysis: PlanAnalysis; stale: StaleUnit[] } {
  const problems: PlanProblem[] = [];
  const effectiveFrom = rows[0]?.effectiveFrom ?? null;
  const good = rows.filter((r) => {
    if (r.effectiveFrom === effectiveFrom) return true;
    problems.push(
      problem(
        r.row,
        'effective_date',
        'other_date',
        `a plan has one effective date (${effectiveFrom})`,
        `một phương án chỉ có một ngày hiệu lực (${effectiveFrom})`,
      ),
    );
    return false;
  });
  const unit = (code: string | null) => (code ? facts.units.get(code) : undefined);
  const newCodes = new Set(good.map((r) => r.newCode));
  const oldCodes = new Set(good.map((r) => r.oldCode));

  // Units: the old ones must be active and restructurable by the uploader; existing new ones manageable.
  for (const r of good) {
    const old = unit(r.oldCode);
    if (!old || old.status !== 'active' || !old.restructurable) {
      problems.push(
        problem(
          r.row,
          'old_code',
          'old_unit_outside',
          `unit ${r.oldCode} is unknown, closed or outside the subtree you may restructure`,
          `đơn vị ${r.oldCode} không có, đã giải thể hoặc ngoài phạm vi bạn được sắp xếp`,
        ),
      );
    }
    const target = unit(r.newCode);
    if (target && (target.status !== 'active' || !target.manageable)) {
      problems.push(
        problem(
          r.row,
          'new_code',
          'new_unit_outside',
          `unit ${r.newCode} exists but is closed or outside your subtree`,
          `đơn vị ${r.newCode} đã có nhưng đã giải thể hoặc ngoài phạm vi của bạn`,
        ),
      );
    }
    if (!target && !r.newName) {
      problems.push(problem(r.row, 'new_name', 'name_required', 'a new unit needs a name', 'đơn vị mới cần có tên'));
    }
    if (r.newParentCode && !newCodes.has(r.newParentCode)) {
      const parent = unit(r.newParentCode);
      if (!parent || parent.status !== 'active' || !parent.manageable) {
        problems.push(
          problem(
            r.row,
            'new_parent_code',
            'parent_outside',
            `parent ${r.newParentCode} is unknown, closed or outside your subtree`,
            `đơn vị cấp trên ${r.newParentCode} không có, đã giải thể hoặc ngoài phạm vi của bạn`,
          ),
        );
      } else if (oldCodes.has(r.newParentCode) && closes(r.newParentCode, good)) {
        problems.push(
          problem(
            r.row,
            'new_parent_code',
            'parent_closes',
            `parent ${r.newParentCode} itself closes in this plan`,
            `đơn vị cấp trên ${r.newParentCode} cũng bị giải thể trong phương án này`,
          ),
        );
      }
    }
  }

  // One name and one parent per new unit.
  const byNew = groupBy(good, (r) => r.newCode);
  for (const [code, group] of byNew) {
    const names = new Set(group.map((r) => r.newName).filter((n) => n !== null));
    const parents = new Set(group.map((r) => r.newParentCode).filter((n) => n !== null));
    if (names.size > 1) {
      for (const r of group.slice(1).filter((x) => x.newName && x.newName !== group[0].newName)) {
        problems.push(
          problem(
            r.row,
            'new_name',
            'conflicting_name',
            `unit ${code} is given two names`,
            `đơn vị ${code} có hai tên`,
          ),
        );
      }
    }
    if (parents.size > 1) {
      for (const r of group.filter((x) => x.newParentCode && x.newParentCode !== [...parents][0])) {
        problems.push(
          problem(
            r.row,
            'new_parent_code',
            'conflicting_parent',
            `unit ${code} is given two parents`,
            `đơn vị ${code} có hai đơn vị cấp trên`,
          ),
        );
      }
    }
  }

  // Per old unit: full into one new unit only; not both full and partial; people listed once and members.
  const byOld = groupBy(good, (r) => r.oldCode);
  const partials: PlanPartial[] = [];
  let unassignedTotal = 0;
  for (const [code, group] of byOld) {
    const kinds = new Set(group.map((r) => r.kind));
    if (kinds.size > 1) {
      for (const r of group.slice(1)) {
        problems.push(
          problem(
            r.row,
            'kind',
            'full_and_partial',
            `unit ${code} is listed both as full and as partial`,
            `đơn vị ${code} vừa "toàn bộ" vừa "một phần"`,
          ),
        );
      }
      continue;
    }
    const targets = [...new Set(group.map((r) => r.newCode))];
    if (kinds.has('full') && targets.length > 1) {
      for (const r of group.filter((x) => x.newCode !== targets[0])) {
        problems.push(
          problem(
            r.row,
            'new_code',
            'full_into_two',
            `unit ${code} goes in full into ${targets[0]} already: a full unit goes into one new unit (use partial)`,
            `đơn vị ${code} đã chuyển toàn bộ vào ${targets[0]}: chia cho nhiều đơn vị thì ghi "một phần"`,
          ),
        );
      }
      continue;
    }
    if (!kinds.has('partial')) continue;
    const old = unit(code);
    // Sub-units the plan itself moves away or closes do not stay behind.
    const staying = (facts.children?.get(code) ?? []).filter(
      (child) => !closes(child, good) && !movesAway(child, code, byNew),
    );
    if (old?.hasChildren && !targets.includes(code) && (!facts.children || staying.length > 0)) {
      problems.push(
        problem(
          group[0].row,
          'old_code',
          'partial_with_subunits',
          `unit ${code} has sub-units: move or merge them before dividing it`,
          `đơn vị ${code} còn đơn vị trực thuộc: chuyển hoặc sáp nhập chúng trước khi chia`,
        ),
      );
    }
    const members = facts.members.get(code) ?? [];
    const byKey = new Map<string, PlanMember>();
    for (const p of members) {
      byKey.set(p.id, p);
      if (p.employeeCode) byKey.set(p.employeeCode, p);
    }
    const placed = new Set<string>();
    const perTarget = new Map<string, number>(targets.map((t) => [t, 0]));
    for (const r of group) {
      for (const key of r.people) {
        const p = byKey.get(key);
        if (!p) {
          problems.push(
            problem(
              r.row,
              'people',
              'person_not_member',
              `${key} is not a member of ${code} on ${effectiveFrom}`,
              `${key} không thuộc ${code} vào ngày ${effectiveFrom}`,
            ),
          );
        } else if (placed.has(p.id)) {
          problems.push(problem(r.row, 'people', 'person_twice', `${key} is listed twice`, `${key} được ghi hai lần`));
        } else {
          placed.add(p.id);
          perTarget.set(r.newCode, (perTarget.get(r.newCode) ?? 0) + 1);
        }
      }
    }
    const continuing = targets.includes(code);
    const unplaced = continuing ? [] : members.filter((p) => !placed.has(p.id));
    unassignedTotal += unplaced.length;
    partials.push({
      code,
      name: old?.name ?? code,
      people: members.length,
      targets: targets.map((t) => ({ code: t, people: perTarget.get(t) ?? 0 })),
      unassignedCount: unplaced.length,
      unassigned: unplaced.slice(0, 200).map((p) => ({ employeeCode: p.employeeCode, fullName: p.fullName })),
    });
  }

  // Cycles and chains: a unit that receives others while it is itself merged away (A into B, B into A).
  const fullTarget = new Map<string, string>();
  for (const [code, group] of byOld) {
    if (group.every((r) => r.kind === 'full') && group[0].newCode !== code) fullTarget.set(code, group[0].newCode);
  }
  const dividedAway = new Set(partials.filter((p) => !p.targets.some((t) => t.code === p.code)).map((p) => p.code));
  for (const r of good) {
    if (r.newCode !== r.oldCode && dividedAway.has(r.newCode)) {
      problems.push(
        problem(
          r.row,
          'new_code',
          'target_closes',
          `unit ${r.newCode} receives ${r.oldCode} but is itself divided`,
          `đơn vị ${r.newCode} nhận ${r.oldCode} nhưng chính nó lại bị chia tách`,
        ),
      );
      continue;
    }
    if (r.newCode === r.oldCode || !fullTarget.has(r.newCode)) continue;
    const path = [r.oldCode, r.newCode];
    let next = fullTarget.get(r.newCode);
    while (next && !path.includes(next)) {
      path.push(next);
      next = fullTarget.get(next);
    }
    const cycle = next !== undefined && path.includes(next);
    problems.push(
      cycle
        ? problem(
            r.row,
            'new_code',
            'cycle',
            `the plan goes round in a cycle: ${[...path, next].join(' → ')}`,
            `phương án tạo vòng lặp: ${[...path, next].join(' → ')}`,
          )
        : problem(
            r.row,
            'new_code',
            'target_closes',
            `unit ${r.newCode} receives ${r.oldCode} but is itself merged into ${fullTarget.get(r.newCode)}`,
            `đơn vị ${r.newCode} nhận ${r.oldCode} nhưng chính nó lại sáp nhập vào ${fullTarget.get(r.newCode)}`,
          ),
    );
  }

  // A date before the current state of a named unit.
  const stale: StaleUnit[] = [];
  if (effectiveFrom) {
    for (const code of new Set([...oldCodes, ...newCodes])) {
      const u = unit(code);
      if (u && u.status === 'active' && u.versionFrom > effectiveFrom) stale.push({ code, versionFrom: u.versionFrom });
    }
  }

  const newUnits: PlanNewUnit[] = [...byNew].map(([code, group]) => {
    const sources = group.map((r) => {
      const partial = partials.find((p) => p.code === r.oldCode);
      const people =
        r.kind === 'full'
          ? r.oldCode === code
            ? 0
            : (facts.headcounts.get(r.oldCode) ?? 0)
          : (partial?.targets.find((t) => t.code === code)?.people ?? 0);
      return { code: r.oldCode, name: unit(r.oldCode)?.name ?? r.oldCode, kind: r.kind, people };
    });
    return {
      code,
      name: group.find((r) => r.newName)?.newName ?? unit(code)?.name ?? code,
      exists: unit(code) !== undefined,
      parentCode: group.find((r) => r.newParentCode)?.newParentCode ?? null,
      sources,
      people: sources.reduce((n, s) => n + s.people, 0),
    };
  });
  problems.sort((a, b) => a.row - b.row);
  const analysis: PlanAnalysis = {
    effectiveFrom,
    problems,
    newUnits,
    partials,
    counts: {
      rows: rows.length,
      oldUnits: byOld.size,
      newUnits: byNew.size,
      created: newUnits.filter((n) => !n.exists).length,
      merged: [...byOld].filter(([code, g]) => g[0].kind === 'full' && g[0].newCode !== code).length,
      split: partials.length,
      people: newUnits.reduce((n, u) => n + u.people, 0),
      unassigned: unassignedTotal,
    },
  };
  return { analysis, stale };
}

/** True when the plan moves the unit (as a new unit that goes on) under another parent than `parentCode`. */
function movesAway(code: string, parentCode: string, byNew: ReadonlyMap<string, readonly PlanRow[]>): boolean {
  const to = byNew.get(code)?.find((r) => r.newParentCode)?.newParentCode;
  return !!to && to !== parentCode;
}

/** True when the old unit closes in the plan (merged into another unit, or divided without going on). */
function closes(code: string, rows: readonly PlanRow[]): boolean {
  const own = rows.filter((r) => r.oldCode === code);
  return own.length > 0 && !own.some((r) => r.newCode === code);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
