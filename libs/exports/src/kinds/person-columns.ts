import { inSubtree, inSubtrees } from '@app/org';
import { ExportColumn, KindQuery, SqlParams } from './export-kind';

/** The columns every list of people starts with (alias p: person). */
export const PERSON_COLUMNS = {
  employeeCode: { key: 'employeeCode', vi: 'Mã cán bộ', en: 'Employee code', type: 'text', width: 14 },
  fullName: { key: 'fullName', vi: 'Họ và tên', en: 'Full name', type: 'text', width: 28 },
  unitName: { key: 'unitName', vi: 'Đơn vị', en: 'Unit', type: 'text', width: 36 },
} as const satisfies Record<string, ExportColumn>;

/**
 * The rows' unit column lies in the caller's scopes and in the asked subtree (org's inSubtrees / inSubtree), and,
 * with a role filter, the person (alias p) holds the role in a period `roleOpen` says is open (alias r).
 */
export function scopeAndRole(p: SqlParams, q: KindQuery, unitCol: string, roleOpen = 'r.valid_to IS NULL'): string[] {
  const where = [inSubtrees(p.add(q.scopes), unitCol), inSubtree(p.add(q.unitId), unitCol)];
  if (q.roleId) {
    where.push(`EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role_id = ${p.add(q.roleId)}
                          AND ${roleOpen})`);
  }
  return where;
}

/** The roles the person (alias p) holds in a period `roleOpen` says is open (alias r), as one text, catalogue order. */
export const rolesOf = (roleOpen: string): string =>
  `coalesce((SELECT string_agg(ro.name_vi, '; ' ORDER BY ro.sort_order, ro.code)
               FROM person_role r JOIN role ro ON ro.id = r.role_id
              WHERE r.person_id = p.id AND ${roleOpen}), '')`;
