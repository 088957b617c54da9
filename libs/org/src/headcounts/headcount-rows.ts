import { HeadcountRow } from './dto/headcount.dto';

export interface RoleInfo {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  retired: boolean;
}

export interface Declaration {
  roleId: string;
  headcount: number;
  declaredBy: string | null;
  declaredAt: string;
}

/** People declared but not on the roster; nothing when the unit declared no headcount. */
export const declaredNotNamed = (declared: number | null, named: number): number =>
  declared === null ? 0 : Math.max(0, declared - named);

/**
 * The rows of one unit, in catalogue order: every active role, plus a retired role only when the unit still
 * declared or names someone for it (so no figure disappears from view).
 */
export function headcountRows(
  roles: RoleInfo[],
  declarations: Declaration[],
  namedByRole: ReadonlyMap<string, number>,
): HeadcountRow[] {
  const declared = new Map(declarations.map((d) => [d.roleId, d]));
  return roles
    .filter((r) => !r.retired || declared.has(r.id) || (namedByRole.get(r.id) ?? 0) > 0)
    .map((r) => {
      const d = declared.get(r.id);
      const named = namedByRole.get(r.id) ?? 0;
      return {
        roleId: r.id,
        roleCode: r.code,
        roleNameVi: r.nameVi,
        roleNameEn: r.nameEn,
        declared: d?.headcount ?? null,
        named,
        declaredNotNamed: declaredNotNamed(d?.headcount ?? null, named),
        declaredBy: d?.declaredBy ?? null,
        declaredAt: d?.declaredAt ?? null,
      };
    });
}

/** The day named people are counted on for a year: today for this or a later year, else the year's last day. */
export const namedAsOf = (year: number, today: string): string =>
  year < Number(today.slice(0, 4)) ? `${year}-12-31` : today;
