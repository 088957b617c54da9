import type { CoverageAllRoles, CoverageRow } from './dto/coverage.dto';
import type { FigureRow } from './coverage.repository';
import { ALL_ROLES } from './records/counting-records';
import { coverageGap, coveragePercent, coverageStatus, STATUS_WORDS } from './rules/coverage-rules';
import type { AppliedTarget } from './targets/target.repository';

const ZERO = { named: 0, trained: 0, headcount: 0, declaredNotNamed: 0 };

/** The API rows of one unit: one per target that applies to it, in catalogue order, from its subtree sums. */
export function coverageRows(figures: FigureRow[], targets: AppliedTarget[], on: string): CoverageRow[] {
  return targets.map((t) => {
    const f = figures.find((x) => x.roleKey === t.roleId) ?? ZERO;
    const status = coverageStatus({ ...t, targetPercent: t.percent, trained: f.trained, headcount: f.headcount, on });
    return {
      roleId: t.roleId,
      roleCode: t.roleCode,
      roleName: t.roleName,
      headcount: f.headcount,
      declaredNotNamed: f.declaredNotNamed,
      trained: f.trained,
      coverage: coveragePercent(f.trained, f.headcount),
      targetPercent: t.percent,
      gap: coverageGap(t.percent, f.headcount, f.trained),
      deadline: t.deadline,
      status,
      statusText: status ? STATUS_WORDS[status] : null,
    };
  });
}

/** "All roles" (each person once) of one unit. */
export function allRolesOf(figures: FigureRow[]): CoverageAllRoles {
  const f = figures.find((x) => x.roleKey === ALL_ROLES) ?? ZERO;
  return {
    headcount: f.headcount,
    declaredNotNamed: f.declaredNotNamed,
    trained: f.trained,
    coverage: coveragePercent(f.trained, f.headcount),
  };
}
