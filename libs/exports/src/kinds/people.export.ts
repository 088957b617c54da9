import { GENDER_LABELS, onRosterOn, periodOpenOn, PERSON_STATUSES, Policy, STATUS_LABELS } from '@app/org';
import { BoundSql, ExportKind, KindQuery, SqlParams } from './export-kind';
import { PERSON_COLUMNS, rolesOf, scopeAndRole } from './person-columns';

const day = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;

/**
 * `people`: the roster of a subtree. Without `date`, today's record of each person (on leave and left included, with
 * their status), the rows of GET /api/v1/people with the same filters; with `date`, the people on the roster that
 * day (org's roster rule, onRosterOn), in the unit they belonged to then.
 */
export const PEOPLE_EXPORT: ExportKind = {
  name: 'people',
  policy: Policy.RosterRead,
  filters: ['unitId', 'roleId', 'status', 'date'],
  statuses: PERSON_STATUSES,
  fileName: { vi: 'danh-sach-can-bo', en: 'people' },
  columns: [
    PERSON_COLUMNS.employeeCode,
    PERSON_COLUMNS.fullName,
    { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', type: 'text', width: 14 },
    PERSON_COLUMNS.unitName,
    { key: 'roles', vi: 'Chức danh', en: 'Roles', type: 'text', width: 30 },
    { key: 'positionTitle', vi: 'Chức vụ', en: 'Position', type: 'text', width: 24 },
    { key: 'gender', vi: 'Giới tính', en: 'Gender', type: 'text', width: 10, labels: GENDER_LABELS },
    { key: 'status', vi: 'Trạng thái', en: 'Status', type: 'text', width: 16, labels: STATUS_LABELS },
    { key: 'statusFrom', vi: 'Từ ngày', en: 'Status since', type: 'date', width: 12 },
    { key: 'email', vi: 'Thư điện tử', en: 'E-mail', type: 'text', width: 30, contact: true },
    { key: 'phone', vi: 'Điện thoại', en: 'Phone', type: 'text', width: 16, contact: true },
  ],
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    // On a given day: the unit of the membership open that day; today: the person's current unit.
    const unitCol = q.dated ? 'm.unit_id' : 'p.unit_id';
    const on = q.dated ? p.add(q.date) : null;
    const roleOpen = on ? periodOpenOn(on, 'r') : 'r.valid_to IS NULL';
    const where = scopeAndRole(p, q, unitCol, roleOpen);
    if (q.status) where.push(`p.status = ${p.add(q.status)}`);
    const contact = q.includeContact ? `, p.email, p.phone` : '';
    const text = `
      SELECT p.employee_code AS "employeeCode", p.full_name AS "fullName", u.code AS "unitCode", u.name AS "unitName",
             ${rolesOf(roleOpen)} AS roles,
             p.position_title AS "positionTitle", p.gender, p.status, ${day('p.status_from')} AS "statusFrom"${contact}
        FROM person p
        ${on ? `JOIN person_membership m ON m.person_id = p.id AND ${onRosterOn(on, 'm')}` : ''}
        LEFT JOIN org_unit u ON u.id = ${unitCol}
       WHERE ${where.join(' AND ')}
       ORDER BY p.name_key, p.id`;
    return { text, values: p.values };
  },
};
