import { Policy } from '@app/org';
import { BoundSql, ExportKind, KindQuery, SqlParams } from './export-kind';
import { PERSON_COLUMNS, scopeAndRole } from './person-columns';

/** An attempt's outcome: still open, or graded passed / failed. */
export const EXAM_RESULT_STATUSES = ['passed', 'failed', 'in_progress'] as const;

const STATUS_LABELS = {
  passed: { vi: 'Đạt', en: 'passed' },
  failed: { vi: 'Không đạt', en: 'failed' },
  in_progress: { vi: 'Đang làm bài', en: 'in progress' },
};

/** The Vietnamese calendar day of a timestamptz column. */
const vnDay = (col: string): string => `(${col} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * `exam-results`: every attempt of the people of a subtree (their current unit), as an exam's results page lists
 * them: GET /authoring/exams/:id/results (ExamResultsService) counts the same attempts for one exam; `courseId` keeps
 * the exams of one course, from/to the days the attempts were submitted (Vietnam time), status the outcome.
 */
export const EXAM_RESULTS_EXPORT: ExportKind = {
  name: 'exam-results',
  policy: Policy.RosterRead,
  filters: ['unitId', 'roleId', 'courseId', 'from', 'to', 'status'],
  statuses: EXAM_RESULT_STATUSES,
  fileName: { vi: 'ket-qua-kiem-tra', en: 'exam-results' },
  columns: [
    PERSON_COLUMNS.employeeCode,
    PERSON_COLUMNS.fullName,
    PERSON_COLUMNS.unitName,
    { key: 'courseCode', vi: 'Mã khoá học', en: 'Course code', type: 'text', width: 14 },
    { key: 'examTitle', vi: 'Bài kiểm tra', en: 'Exam', type: 'text', width: 36 },
    { key: 'attemptNo', vi: 'Lần làm', en: 'Attempt', type: 'number', width: 8 },
    { key: 'status', vi: 'Kết quả', en: 'Result', type: 'text', width: 14, labels: STATUS_LABELS },
    { key: 'score', vi: 'Điểm', en: 'Score', type: 'number', width: 8 },
    { key: 'maxScore', vi: 'Điểm tối đa', en: 'Max score', type: 'number', width: 10 },
    { key: 'percent', vi: 'Tỷ lệ (%)', en: 'Percent', type: 'number', width: 10 },
    { key: 'startedOn', vi: 'Ngày làm', en: 'Started on', type: 'date', width: 12 },
    { key: 'submittedOn', vi: 'Ngày nộp', en: 'Submitted on', type: 'date', width: 12 },
  ],
  sql(q: KindQuery): BoundSql {
    const p = new SqlParams();
    const where = scopeAndRole(p, q, 'p.unit_id');
    if (q.courseId) where.push(`x.course_id = ${p.add(q.courseId)}`);
    if (q.from) where.push(`${vnDay('a.submitted_at')} >= ${p.add(q.from)}::date`);
    if (q.to) where.push(`${vnDay('a.submitted_at')} <= ${p.add(q.to)}::date`);
    if (q.status === 'in_progress') where.push(`a.status = 'in_progress'`);
    if (q.status === 'passed' || q.status === 'failed') {
      where.push(`a.status <> 'in_progress' AND a.passed = ${p.add(q.status === 'passed')}`);
    }
    const text = `
      SELECT p.employee_code AS "employeeCode", p.full_name AS "fullName", u.name AS "unitName",
             co.code AS "courseCode", x.title AS "examTitle", a.attempt_no AS "attemptNo",
             CASE WHEN a.status = 'in_progress' THEN 'in_progress' WHEN a.passed THEN 'passed' ELSE 'failed' END AS status,
             a.score::float8 AS score, a.max_score::float8 AS "maxScore", a.percent::float8 AS percent,
             to_char(${vnDay('a.started_at')}, 'YYYY-MM-DD') AS "startedOn",
             to_char(${vnDay('a.submitted_at')}, 'YYYY-MM-DD') AS "submittedOn"
        FROM exam_attempt a
        JOIN exam x ON x.id = a.exam_id
        JOIN course co ON co.id = x.course_id
        JOIN person p ON p.id = a.person_id
        LEFT JOIN org_unit u ON u.id = p.unit_id
       WHERE ${where.join(' AND ')}
       ORDER BY coalesce(a.submitted_at, a.started_at) DESC, a.id`;
    return { text, values: p.values };
  },
};
