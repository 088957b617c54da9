import { searchKey } from '@app/common';

/** Keys of the documented roster columns (import, export and the error report use the same set). */
export type RosterColumnKey =
  | 'employee_code'
  | 'full_name'
  | 'unit_code'
  | 'roles'
  | 'position_title'
  | 'email'
  | 'phone'
  | 'gender'
  | 'birth_date'
  | 'status'
  | 'status_from';

export interface RosterColumn {
  key: RosterColumnKey;
  headerVi: string;
  headerEn: string;
  required: boolean;
  /** Other headers people use for this column; matched like the headers (case, diacritics, spaces ignored). */
  aliases: readonly string[];
  /** One line for the import page and the OpenAPI description. */
  descriptionEn: string;
}

/** The documented roster columns, in the order the roster is exported. */
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  col(
    'employee_code',
    'Mã cán bộ',
    'Employee code',
    true,
    ['Mã nhân viên', 'Mã CB'],
    'Unique within the file and the province: the import key.',
  ),
  col('full_name', 'Họ và tên', 'Full name', true, ['Họ tên', 'Name'], '2–200 characters.'),
  col('unit_code', 'Mã đơn vị', 'Unit code', true, ['Đơn vị', 'Unit'], 'Code of a unit inside your subtree.'),
  col(
    'roles',
    'Vai trò',
    'Roles',
    true,
    ['Nhóm đối tượng', 'Role'],
    "One or more roles, by code or by Vietnamese or English name, separated by ';', '|' or ','.",
  ),
  col('position_title', 'Chức vụ', 'Position title', false, ['Chức danh', 'Position'], 'Free text.'),
  col('email', 'Email', 'Email', false, ['Thư điện tử', 'E-mail'], 'Optional.'),
  col(
    'phone',
    'Điện thoại',
    'Phone',
    false,
    ['Số điện thoại', 'SĐT', 'Di động'],
    'Optional; 8–15 digits, may start with +.',
  ),
  col('gender', 'Giới tính', 'Gender', false, [], 'Nam / Nữ / Khác (male / female / other).'),
  col('birth_date', 'Ngày sinh', 'Date of birth', false, ['Birth date'], 'dd/mm/yyyy or yyyy-mm-dd.'),
  col(
    'status',
    'Trạng thái',
    'Status',
    false,
    [],
    'đang công tác / nghỉ phép / đã nghỉ (active / on_leave / left); default active.',
  ),
  col(
    'status_from',
    'Từ ngày',
    'Status from',
    false,
    ['Ngày hiệu lực', 'Effective date'],
    'Date the status and unit membership take effect.',
  ),
];

export const ROSTER_COLUMN_BY_KEY: Readonly<Record<RosterColumnKey, RosterColumn>> = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.key, c]),
) as Record<RosterColumnKey, RosterColumn>;

/** Header of the extra column of the error report; ignored (without a warning) when the fixed file is re-uploaded. */
export const ERRORS_COLUMN_HEADER = 'Lỗi / Errors';

/** How headers are compared: no case, no diacritics (đ = d), no spaces or punctuation ("Mã cán bộ (*)" = "ma can bo"). */
export const headerMatchKey = (header: string): string => searchKey(header).replace(/[^a-z0-9]/g, '');

const HEADER_INDEX: ReadonlyMap<string, RosterColumnKey> = buildHeaderIndex();

/** The column a header names, or null for an unknown header. */
export function rosterColumnForHeader(header: string): RosterColumnKey | null {
  return HEADER_INDEX.get(headerMatchKey(header)) ?? null;
}

/** True for headers the tool itself adds (the errors column of the error report). */
export const isReportOnlyHeader = (header: string): boolean =>
  headerMatchKey(header) === headerMatchKey(ERRORS_COLUMN_HEADER);

/** "A", "B", …, "AA": the column letter a person sees in Excel, for messages. 0-based index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function col(
  key: RosterColumnKey,
  headerVi: string,
  headerEn: string,
  required: boolean,
  aliases: string[],
  descriptionEn: string,
): RosterColumn {
  return { key, headerVi, headerEn, required, aliases, descriptionEn };
}

function buildHeaderIndex(): Map<string, RosterColumnKey> {
  const index = new Map<string, RosterColumnKey>();
  for (const c of ROSTER_COLUMNS) {
    for (const name of [c.key, c.headerVi, c.headerEn, ...c.aliases]) {
      const k = headerMatchKey(name);
      const existing = index.get(k);
      if (existing && existing !== c.key) {
        throw new Error(`Roster header "${name}" is ambiguous (${existing}, ${c.key})`);
      }
      index.set(k, c.key);
    }
  }
  return index;
}
