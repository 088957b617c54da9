import { searchKey } from '@app/common';
import { AttendanceStatus } from '../sessions/dto/session.dto';

/** The columns of an attendance file, by their header (Vietnamese or English, without diacritics, any case). */
const HEADERS: Record<string, 'code' | 'name' | 'status' | 'share'> = {
  'ma can bo': 'code',
  'ma cb': 'code',
  'employee code': 'code',
  employee_code: 'code',
  'ho va ten': 'name',
  'ho ten': 'name',
  'full name': 'name',
  full_name: 'name',
  'diem danh': 'status',
  'trang thai': 'status',
  status: 'status',
  'ty le': 'share',
  'ty le (%)': 'share',
  'ty le tham du (%)': 'share',
  share: 'share',
};

/** The status words a sheet may hold (without diacritics, lower case). */
const STATUSES: Record<string, AttendanceStatus> = {
  'co mat': 'present',
  present: 'present',
  x: 'present',
  vang: 'absent',
  'vang mat': 'absent',
  absent: 'absent',
  'co phep': 'excused',
  'vang co phep': 'excused',
  excused: 'excused',
};

/** One line of the file: who (employee code, else the full name) and their attendance, or why it is refused. */
export type AttendanceLine =
  | { row: number; ok: true; code: string | null; name: string | null; status: AttendanceStatus; share: number | null }
  | { row: number; ok: false; code: string | null; name: string | null; reason: string };

export class AttendanceFileError extends Error {}

/**
 * Reads the rows of an attendance file (CSV or the first XLSX sheet; row 1 = the header): columns "Mã cán bộ" and/or
 * "Họ và tên", "Điểm danh" (có mặt / vắng / có phép, or present / absent / excused) and optionally "Tỷ lệ (%)".
 * Blank rows are skipped. Throws AttendanceFileError for a header that names neither a person column nor a status.
 */
export function readAttendanceRows(rows: string[][], firstRow = 1): AttendanceLine[] {
  const header = (rows[0] ?? []).map((h) => HEADERS[searchKey(h).replace(/\s+/g, ' ')] ?? null);
  const col = (name: 'code' | 'name' | 'status' | 'share') => header.indexOf(name);
  if (col('status') < 0 || (col('code') < 0 && col('name') < 0)) {
    throw new AttendanceFileError(
      'the header must name "Mã cán bộ" or "Họ và tên", and "Điểm danh" (e.g. Mã cán bộ,Họ và tên,Điểm danh,Tỷ lệ (%))',
    );
  }
  const lines: AttendanceLine[] = [];
  rows.slice(1).forEach((cells, i) => {
    const row = firstRow + 1 + i;
    const cell = (c: number) => (c >= 0 ? (cells[c] ?? '').normalize('NFC').trim() : '');
    if (cells.every((x) => x.trim() === '')) return;
    const code = cell(col('code')) || null;
    const name = cell(col('name')) || null;
    const fail = (reason: string) => lines.push({ row, ok: false, code, name, reason });
    if (!code && !name) return fail('no employee code and no name');
    const status = STATUSES[searchKey(cell(col('status')))];
    if (!status) return fail(`unknown attendance "${cell(col('status'))}" (có mặt / vắng / có phép)`);
    const rawShare = cell(col('share')).replace(/%$/, '').trim();
    const share = rawShare === '' ? null : Number(rawShare);
    if (share !== null && !(Number.isInteger(share) && share >= 0 && share <= 100)) {
      return fail(`share "${rawShare}" is not a whole percent from 0 to 100`);
    }
    lines.push({ row, ok: true, code, name, status, share });
  });
  return lines;
}
