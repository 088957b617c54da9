import {
  ALL_ROLES,
  applyingTargetsSql,
  countingRecordOfSql,
  coveragePeopleWith,
  coverageRows,
  declaredNotNamedSql,
  figuresOnSql,
  STATUS_WORDS,
} from '@app/coverage';
import { inSubtree, inSubtrees, periodOpenOn, Policy } from '@app/org';
import { BoundSql, ExportColumn, ExportKind, KindQuery, SqlParams, SUMMARY_PART } from './export-kind';
import { PERSON_COLUMNS, rolesOf } from './person-columns';

/*
 * The coverage lists: `trained` and `untrained` are the people behind the dashboard's figures (coverage's own SQL,
 * coveragePeopleWith: the facts the figures sum, so they agree to the person), `coverage` is the dashboard's rows for
 * every unit of the subtree (coverage's figures, targets and rules). The subtree is the tree of the day, as on the
 * dashboard; rows stay inside the caller's scopes in SQL.
 */

const day = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;

const UNIT_CODE: ExportColumn = { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', type: 'text', width: 14 };
const ROLES: ExportColumn = { key: 'roles', vi: 'Chức danh', en: 'Roles', type: 'text', width: 30 };
const CONTACT: ExportColumn[] = [
  { key: 'email', vi: 'Thư điện tử', en: 'E-mail', type: 'text', width: 30, contact: true },
  { key: 'phone', vi: 'Điện thoại', en: 'Phone', type: 'text', width: 16, contact: true },
];

const RECORD_KINDS = {
  course: { vi: 'Giấy chứng nhận khoá học', en: 'Course certificate' },
  session: { vi: 'Tập huấn trực tiếp', en: 'In-person session' },
  external: { vi: 'Đào tạo nơi khác', en: 'Training done elsewhere' },
};

/** The placeholders of coveragePeopleWith for this query; `trained` says which list. */
function listed(p: SqlParams, q: KindQuery, trained: boolean): { with: string; on: string; unit: string } {
  const on = p.add(q.date);
  const unit = p.add(q.unitId);
  const w = coveragePeopleWith({
    unitParam: unit,
    dateParam: on,
    roleKeyParam: p.add(q.roleId ?? ALL_ROLES),
    trainedParam: p.add(trained),
    scopesParam: p.add(q.scopes),
  });
  return { with: w, on, unit };
}

/**
 * `trained`: the people counted as trained on `date` (default today) for `roleId` (each person once for all roles
 * when left out) in the subtree of `unitId`: the rows of GET /api/v1/coverage/trained, with the kind of a record that
 * counts and the day it started to count.
 */
export const TRAINED_EXPORT: ExportKind = {
  name: 'trained',
  policy: Policy.RosterRead,
  filters: ['unitId', 'roleId', 'date'],
  fileName: { vi: 'da-boi-duong', en: 'trained' },
  columns: [
    PERSON_COLUMNS.employeeCode,
    PERSON_COLUMNS.fullName,
    UNIT_CODE,
    PERSON_COLUMNS.unitName,
    ROLES,
    { key: 'recordKind', vi: 'Hình thức', en: 'Counted record', type: 'text', width: 26, labels: RECORD_KINDS },
    { key: 'recordFrom', vi: 'Tính từ ngày', en: 'Counts from', type: 'date', width: 12 },
    ...CONTACT,
  ],
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    const l = listed(p, q, true);
    const role = p.add(q.roleId ?? null);
    const contact = q.includeContact ? `, p.email, p.phone` : '';
    const text = `${l.with},
      counted AS (${countingRecordOfSql({ select: 'SELECT person_id FROM listed' }, l.on, role)})
      SELECT p.employee_code AS "employeeCode", p.full_name AS "fullName", u.code AS "unitCode", u.name AS "unitName",
             ${rolesOf(periodOpenOn(l.on, 'r'))} AS roles, c.record_kind AS "recordKind",
             ${day('c.valid_from')} AS "recordFrom"${contact}
        FROM listed l JOIN person p ON p.id = l.person_id
        LEFT JOIN org_unit u ON u.id = l.unit_id
        LEFT JOIN counted c ON c.person_id = l.person_id
       ORDER BY p.full_name, l.person_id, l.unit_id`;
    return { text, values: p.values };
  },
};

const PEOPLE_COUNT: ExportColumn = { key: 'people', vi: 'Số người', en: 'People', type: 'number', width: 10 };

/**
 * `untrained`: the people counted as not trained (GET /api/v1/coverage/untrained's rows), then, per unit and role,
 * the people declared but not named (summary rows: a line each in CSV, a sheet of their own in XLSX). The column
 * `people` is 1 for a named person and the remainder on a summary row, so it sums to headcount − trained.
 */
export const UNTRAINED_EXPORT: ExportKind = {
  name: 'untrained',
  policy: Policy.RosterRead,
  filters: ['unitId', 'roleId', 'date'],
  fileName: { vi: 'chua-boi-duong', en: 'untrained' },
  columns: [
    PERSON_COLUMNS.employeeCode,
    PERSON_COLUMNS.fullName,
    UNIT_CODE,
    PERSON_COLUMNS.unitName,
    ROLES,
    { key: 'positionTitle', vi: 'Chức vụ', en: 'Position', type: 'text', width: 24 },
    PEOPLE_COUNT,
    ...CONTACT,
  ],
  summary: {
    sheetName: { vi: 'Chưa có tên', en: 'Declared not named' },
    columns: [
      UNIT_CODE,
      PERSON_COLUMNS.unitName,
      { ...ROLES, vi: 'Chức danh', en: 'Role' },
      { ...PEOPLE_COUNT, vi: 'Số người đã khai báo, chưa có tên', en: 'Declared, not named', width: 18 },
    ],
  },
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    const l = listed(p, q, false);
    const role = p.add(q.roleId ?? null);
    const contact = q.includeContact ? `p.email, p.phone` : `NULL::text AS email, NULL::text AS phone`;
    const text = `
      SELECT part, "employeeCode", "fullName", "unitCode", "unitName", roles, "positionTitle", people, email, phone
        FROM ((${l.with}
               SELECT 'named' AS part, p.employee_code AS "employeeCode", p.full_name AS "fullName",
                      u.code AS "unitCode", u.name AS "unitName", ${rolesOf(periodOpenOn(l.on, 'r'))} AS roles,
                      p.position_title AS "positionTitle", 1 AS people, ${contact},
                      0 AS depth, p.full_name AS k1, l.person_id::text AS k2, l.unit_id::text AS k3
                 FROM listed l JOIN person p ON p.id = l.person_id LEFT JOIN org_unit u ON u.id = l.unit_id)
              UNION ALL
              (SELECT '${SUMMARY_PART}', NULL, NULL, u.code, u.name, ro.name_vi, NULL, d.declared_not_named,
                      NULL, NULL, 1, u.name, lpad(ro.sort_order::text, 6, '0') || ro.code, u.id::text
                 FROM (${declaredNotNamedSql(l.on, l.unit)}) d
                 JOIN org_unit u ON u.id = d.unit_id JOIN role ro ON ro.id = d.role_id
                WHERE ${inSubtrees(p.add(q.scopes), 'd.unit_id')} AND (${role}::uuid IS NULL OR d.role_id = ${role}::uuid))
             ) x
       ORDER BY depth, k1, k2, k3`;
    return { text, values: p.values };
  },
  mapRow(row, lang) {
    if (row.part !== SUMMARY_PART) return row;
    return { ...row, fullName: lang === 'vi' ? 'Đã khai báo, chưa có tên' : 'Declared, not named' };
  },
};

const STATUS_LABELS = STATUS_WORDS;

/**
 * `coverage`: one row per unit of the subtree (on the tree of `date`) and targeted role (or `roleId`): headcount,
 * declared but not named, trained, coverage %, target %, gap, deadline and status, as GET /api/v1/coverage gives
 * them for the unit (its figures, the target that applies to it, coverage's rules).
 */
export const COVERAGE_EXPORT: ExportKind = {
  name: 'coverage',
  policy: Policy.RosterRead,
  filters: ['unitId', 'roleId', 'date'],
  fileName: { vi: 'ty-le-boi-duong', en: 'coverage' },
  columns: [
    UNIT_CODE,
    PERSON_COLUMNS.unitName,
    { key: 'roleCode', vi: 'Mã chức danh', en: 'Role code', type: 'text', width: 20 },
    { key: 'roleName', vi: 'Chức danh', en: 'Role', type: 'text', width: 36 },
    { key: 'headcount', vi: 'Tổng số', en: 'Headcount', type: 'number', width: 10 },
    { key: 'declaredNotNamed', vi: 'Khai báo chưa có tên', en: 'Declared, not named', type: 'number', width: 12 },
    { key: 'trained', vi: 'Đã bồi dưỡng', en: 'Trained', type: 'number', width: 12 },
    { key: 'coverage', vi: 'Tỷ lệ (%)', en: 'Coverage (%)', type: 'number', width: 10 },
    { key: 'targetPercent', vi: 'Chỉ tiêu (%)', en: 'Target (%)', type: 'number', width: 10 },
    { key: 'gap', vi: 'Còn thiếu', en: 'Gap', type: 'number', width: 10 },
    { key: 'deadline', vi: 'Hạn', en: 'Deadline', type: 'date', width: 12 },
    { key: 'status', vi: 'Đánh giá', en: 'Status', type: 'text', width: 16, labels: STATUS_LABELS },
  ],
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    const on = p.add(q.date);
    const unit = p.add(q.unitId);
    const scopes = p.add(q.scopes);
    const role = q.roleId ? `AND t."roleId" = ${p.add(q.roleId)}::uuid` : '';
    const text = `
      WITH fig AS (${figuresOnSql(on)}),
      tgt AS (${applyingTargetsSql(`${inSubtree(unit, 'u.id')} AND ${inSubtrees(scopes, 'u.id')}`)})
      SELECT u.code AS "unitCode", u.name AS "unitName", t."roleId", ro.code AS "roleCode", t."roleName",
             f.named, f.trained, f.headcount, f.declared_not_named AS "declaredNotNamed",
             t.percent AS "targetPercent", t.deadline, t.milestones, ${on}::text AS day
        FROM tgt t
        JOIN fig f ON f.unit_id = t."unitId" AND f.role_key = t."roleId"
        JOIN org_unit u ON u.id = t."unitId"
        JOIN org_unit_closure c ON c.ancestor_id = ${unit}::uuid AND c.descendant_id = u.id
        JOIN role ro ON ro.id = t."roleId"
       WHERE TRUE ${role}
       ORDER BY c.depth, u.name, u.id, ro.sort_order, ro.code`;
    return { text, values: p.values };
  },
  mapRow(row) {
    const [r] = coverageRows(
      [
        {
          unitId: '',
          parentId: null,
          roleKey: row.roleId as string,
          named: row.named as number,
          trained: row.trained as number,
          headcount: row.headcount as number,
          declaredNotNamed: row.declaredNotNamed as number,
        },
      ],
      [
        {
          roleId: row.roleId as string,
          roleCode: row.roleCode as string,
          roleName: row.roleName as string,
          percent: row.targetPercent as number,
          deadline: row.deadline as string,
          milestones: (row.milestones ?? {}) as Record<string, number>,
        },
      ],
      row.day as string,
    );
    return { ...row, coverage: r.coverage, gap: r.gap, status: r.status };
  },
};
