import { headerMatchKey } from '../../people/import/roster-columns';

/** Keys of the documented columns of a restructuring plan (upload, template and report use the same set). */
export type PlanColumnKey =
  | 'effective_date'
  | 'old_code'
  | 'new_code'
  | 'new_name'
  | 'kind'
  | 'new_parent_code'
  | 'people';

export interface PlanColumn {
  key: PlanColumnKey;
  headerVi: string;
  headerEn: string;
  required: boolean;
  descriptionVi: string;
  descriptionEn: string;
}

/** The documented columns, in template order. Headers match without case, diacritics or punctuation. */
export const PLAN_COLUMNS: readonly PlanColumn[] = [
  {
    key: 'effective_date',
    headerVi: 'Ngày hiệu lực',
    headerEn: 'Effective date',
    required: true,
    descriptionVi: 'dd/mm/yyyy hoặc yyyy-mm-dd; một ngày cho cả phương án.',
    descriptionEn: 'dd/mm/yyyy or yyyy-mm-dd; one date for the whole plan.',
  },
  {
    key: 'old_code',
    headerVi: 'Mã đơn vị cũ',
    headerEn: 'Old unit code',
    required: true,
    descriptionVi: 'Mã của một đơn vị đang hoạt động trong phạm vi của bạn.',
    descriptionEn: 'Code of an active unit inside your subtree.',
  },
  {
    key: 'new_code',
    headerVi: 'Mã đơn vị mới',
    headerEn: 'New unit code',
    required: true,
    descriptionVi: 'Mã của đơn vị sau sắp xếp: mã mới thì đơn vị được tạo; trùng mã cũ thì đơn vị đó tiếp tục.',
    descriptionEn: 'Code after the change: a new code creates the unit; the old code itself keeps the unit going.',
  },
  {
    key: 'new_name',
    headerVi: 'Tên mới',
    headerEn: 'New name',
    required: false,
    descriptionVi: 'Bắt buộc với đơn vị mới; với đơn vị có sẵn, tên khác là đổi tên.',
    descriptionEn: 'Required for a new unit; for an existing one, a different name renames it.',
  },
  {
    key: 'kind',
    headerVi: 'Hình thức',
    headerEn: 'Kind',
    required: true,
    descriptionVi: 'toàn bộ (full) hoặc một phần (partial: đơn vị cũ được chia cho nhiều đơn vị mới).',
    descriptionEn: 'full, or partial (the old unit is divided between several new units).',
  },
  {
    key: 'new_parent_code',
    headerVi: 'Mã đơn vị cấp trên mới',
    headerEn: 'New parent code',
    required: false,
    descriptionVi: 'Tuỳ chọn; mặc định là cấp trên của đơn vị cũ đầu tiên.',
    descriptionEn: 'Optional; by default the parent of the first old unit.',
  },
  {
    key: 'people',
    headerVi: 'Người chuyển sang',
    headerEn: 'People moving',
    required: false,
    descriptionVi: 'Với hình thức một phần: mã cán bộ của những người chuyển sang đơn vị mới, cách nhau bởi ";".',
    descriptionEn: "For partial rows: employee codes of the people going to the new unit, separated by ';'.",
  },
];

const ALIASES: Readonly<Record<PlanColumnKey, readonly string[]>> = {
  effective_date: ['Ngày', 'Date', 'effective_date', 'Từ ngày'],
  old_code: ['Mã cũ', 'old_code', 'Old code'],
  new_code: ['Mã mới', 'new_code', 'New code'],
  new_name: ['Tên đơn vị mới', 'new_name', 'Name'],
  kind: ['Loại', 'kind', 'Type'],
  new_parent_code: ['Mã cấp trên', 'new_parent_code', 'Parent code'],
  people: ['Danh sách người', 'people', 'Employee codes'],
};

const HEADER_INDEX: ReadonlyMap<string, PlanColumnKey> = new Map(
  PLAN_COLUMNS.flatMap((c) =>
    [c.headerVi, c.headerEn, ...ALIASES[c.key]].map((h) => [headerMatchKey(h), c.key] as const),
  ),
);

/** The column a header names, or null for an unknown header. */
export const planColumnForHeader = (header: string): PlanColumnKey | null =>
  HEADER_INDEX.get(headerMatchKey(header)) ?? null;

/** The template to download: the Vietnamese headers and two example rows. */
export function planTemplateCsv(): string {
  const rows = [
    PLAN_COLUMNS.map((c) => c.headerVi),
    ['01/07/2025', 'XA-A', 'XA-MOI', 'Xã Mới', 'toàn bộ', '', ''],
    ['01/07/2025', 'XA-B', 'XA-MOI', 'Xã Mới', 'một phần', '', 'CB001;CB002'],
  ];
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const csvCell = (v: string): string => (/[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
