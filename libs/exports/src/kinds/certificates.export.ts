import { CERTIFICATE_STATUSES, certificateStatusOn, formatVerificationCode } from '@app/certificates';
import { Policy } from '@app/org';
import { BoundSql, ExportKind, KindQuery, SqlParams } from './export-kind';
import { PERSON_COLUMNS, scopeAndRole } from './person-columns';

const day = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;

const STATUS_LABELS = {
  valid: { vi: 'Còn hiệu lực', en: 'valid' },
  expired: { vi: 'Đã hết hạn', en: 'expired' },
  revoked: { vi: 'Đã thu hồi', en: 'revoked' },
};

/**
 * `certificates`: the certificates of the people of a subtree (their current unit), with the serial and the
 * verification code: the rows of GET /api/v1/certificates with the same filters (course, status on `date`, issue
 * dates from/to), plus the person's role on the roster today.
 */
export const CERTIFICATES_EXPORT: ExportKind = {
  name: 'certificates',
  policy: Policy.CertificateRead,
  filters: ['unitId', 'roleId', 'courseId', 'from', 'to', 'status', 'date'],
  statuses: CERTIFICATE_STATUSES,
  fileName: { vi: 'giay-chung-nhan', en: 'certificates' },
  columns: [
    { key: 'serial', vi: 'Số hiệu', en: 'Serial', type: 'text', width: 16 },
    {
      key: 'code',
      vi: 'Mã xác minh',
      en: 'Verification code',
      type: 'text',
      width: 40,
      format: formatVerificationCode,
    },
    PERSON_COLUMNS.employeeCode,
    PERSON_COLUMNS.fullName,
    PERSON_COLUMNS.unitName,
    { key: 'courseCode', vi: 'Mã khoá học', en: 'Course code', type: 'text', width: 14 },
    { key: 'courseTitle', vi: 'Khoá học', en: 'Course', type: 'text', width: 36 },
    { key: 'issuedOn', vi: 'Ngày cấp', en: 'Issued on', type: 'date', width: 12 },
    { key: 'expiresOn', vi: 'Hết hạn', en: 'Expires on', type: 'date', width: 12 },
    { key: 'status', vi: 'Trạng thái', en: 'Status', type: 'text', width: 14, labels: STATUS_LABELS },
    { key: 'revokedOn', vi: 'Ngày thu hồi', en: 'Revoked on', type: 'date', width: 12 },
  ],
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    const on = p.add(q.date);
    const where = scopeAndRole(p, q, 'p.unit_id');
    if (q.courseId) where.push(`c.course_id = ${p.add(q.courseId)}`);
    if (q.from) where.push(`c.issued_on >= ${p.add(q.from)}::date`);
    if (q.to) where.push(`c.issued_on <= ${p.add(q.to)}::date`);
    if (q.status) where.push(certificateStatusOn(q.status as (typeof CERTIFICATE_STATUSES)[number], on));
    const text = `
      SELECT c.serial, c.code, p.employee_code AS "employeeCode", c.snapshot->>'personName' AS "fullName",
             c.snapshot->>'unitName' AS "unitName", c.snapshot->>'courseCode' AS "courseCode",
             c.snapshot->>'title' AS "courseTitle", ${day('c.issued_on')} AS "issuedOn",
             ${day('c.expires_on')} AS "expiresOn",
             CASE WHEN ${certificateStatusOn('revoked', on)} THEN 'revoked'
                  WHEN ${certificateStatusOn('expired', on)} THEN 'expired' ELSE 'valid' END AS status,
             ${day('c.revoked_on')} AS "revokedOn"
        FROM certificate c JOIN person p ON p.id = c.person_id
       WHERE ${where.join(' AND ')}
       ORDER BY c.issued_at DESC, c.serial DESC`;
    return { text, values: p.values };
  },
};
