import { ReportFigures } from './report-figures';

/** The words of a report's files (Vietnamese: the files are official documents). */
export const L = {
  nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  heading: 'BÁO CÁO',
  period: 'Kỳ báo cáo: từ ngày {from} đến ngày {to}',
  to: 'Kính gửi: {receiver}',
  coverageAsOf: 'Số liệu bao phủ tính đến hết ngày {date}',
  byRole: 'I. Tỷ lệ cán bộ được tập huấn theo nhóm đối tượng',
  byUnit: 'II. Tỷ lệ cán bộ được tập huấn theo đơn vị trực thuộc',
  courses: 'III. Khóa học trực tuyến',
  sessions: 'IV. Hội nghị tập huấn, hội thảo, tọa đàm',
  exams: 'V. Kiểm tra và thi tìm hiểu',
  certificates: 'VI. Giấy chứng nhận đã cấp',
  headcounts: 'VII. Số lượng khai báo và số người có tên trong danh sách',
  none: 'Không có.',
  allRoles: 'Tất cả các nhóm (mỗi người tính một lần)',
  col: {
    role: 'Nhóm đối tượng',
    unit: 'Đơn vị',
    unitCode: 'Mã đơn vị',
    headcount: 'Tổng số',
    declaredNotNamed: 'Khai báo chưa có tên',
    trained: 'Đã tập huấn',
    coverage: 'Tỷ lệ (%)',
    target: 'Chỉ tiêu (%)',
    gap: 'Còn thiếu',
    deadline: 'Thời hạn',
    course: 'Khóa học',
    code: 'Mã',
    enrolled: 'Đăng ký',
    completed: 'Hoàn thành',
    session: 'Tên lớp / hội nghị',
    kind: 'Hình thức',
    day: 'Ngày',
    organiser: 'Đơn vị tổ chức',
    participants: 'Số người tham dự',
    exam: 'Bài kiểm tra / cuộc thi',
    passed: 'Đạt',
    declared: 'Số khai báo',
    unitsDeclaring: 'Số đơn vị khai báo',
    named: 'Số có tên',
    item: 'Nội dung',
    value: 'Số lượng',
  },
  sessionKind: { training: 'Tập huấn', workshop: 'Hội thảo', seminar: 'Tọa đàm' },
  examKind: { final: 'Kiểm tra cuối khóa', practice: 'Kiểm tra', contest: 'Thi tìm hiểu' },
  cert: {
    issued: 'Tổng số giấy chứng nhận đã cấp trong kỳ',
    course: 'Hoàn thành khóa học trực tuyến',
    session: 'Tham gia lớp tập huấn',
    revoked: 'Đã thu hồi đến cuối kỳ',
  },
  sheets: {
    report: 'Báo cáo',
    byRole: 'Theo nhóm đối tượng',
    byUnit: 'Theo đơn vị',
    courses: 'Khóa học',
    sessions: 'Tập huấn',
    exams: 'Kiểm tra, thi',
    headcounts: 'Số lượng',
  },
} as const;

/** dd/mm/yyyy. */
export const shortDate = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** A percentage as Vietnamese writes it ("87,5"), "—" when there is nobody to count. */
export const percentText = (p: number | null): string => (p === null ? '—' : String(p).replace('.', ','));

export const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The lines of the top-left block: the parent (upper case), the unit (bold, upper case), the number. */
export const issuerLines = (f: ReportFigures): { parent: string | null; unit: string; number: string } => ({
  parent: f.parent ? f.parent.name.toLocaleUpperCase('vi') : null,
  unit: f.unit.name.toLocaleUpperCase('vi'),
  number: `Số: ${f.number}`,
});
