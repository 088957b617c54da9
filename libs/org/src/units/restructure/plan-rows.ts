import { Readable } from 'node:stream';
import { ValidationError } from '@app/common';
import { RosterFileKind } from '../../people/import/decode';
import { readCsvRows } from '../../people/import/read-csv';
import { readXlsxRows } from '../../people/import/read-xlsx';
import { RawRosterRow } from '../../people/import/raw-row';
import { PLAN_COLUMNS, PlanColumnKey, planColumnForHeader } from './plan-columns';

/** One row of a plan, as read and checked on its own. */
export interface PlanRow {
  row: number;
  effectiveFrom: string;
  oldCode: string;
  newCode: string;
  newName: string | null;
  kind: 'full' | 'partial';
  newParentCode: string | null;
  /** Employee codes (or person ids) listed for a partial row. */
  people: string[];
}

/** A problem of one row (or of the plan: row 0). Nothing is applied while a plan has any. */
export interface PlanProblem {
  row: number;
  column: PlanColumnKey | null;
  code: string;
  message: string;
  messageVi: string;
}

/** A plan file is at most 10 MB (the national reform as CSV is under 1 MB). */
export const MAX_PLAN_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Plans larger than the national reform (about 10,700 rows, 25,000 with the sub-units of divided communes) are refused. */
export const MAX_PLAN_ROWS = 50_000;

const KINDS: ReadonlyMap<string, 'full' | 'partial'> = new Map([
  ['full', 'full'],
  ['toanbo', 'full'],
  ['partial', 'partial'],
  ['motphan', 'partial'],
]);

/** Reads every row of an uploaded plan (CSV or XLSX, streamed) and checks each on its own. */
export async function readPlan(
  input: Readable | Buffer,
  kind: RosterFileKind,
): Promise<{ rows: PlanRow[]; problems: PlanProblem[] }> {
  const raw: RawRosterRow[] = [];
  for await (const batch of kind === 'csv' ? readCsvRows(input) : readXlsxRows(input)) {
    raw.push(...batch);
    if (raw.length > MAX_PLAN_ROWS + 1) {
      throw new ValidationError(`file: a plan has at most ${MAX_PLAN_ROWS} rows`, [
        { field: 'file', reason: `more than ${MAX_PLAN_ROWS} rows` },
      ]);
    }
  }
  return parsePlanRows(raw);
}

/** The header row (first non-empty row) names the columns; the rows below are checked one by one. */
export function parsePlanRows(raw: RawRosterRow[]): { rows: PlanRow[]; problems: PlanProblem[] } {
  const nonEmpty = raw.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) throw new ValidationError('file: the plan is empty', [{ field: 'file', reason: 'no header row' }]);
  const index = new Map<PlanColumnKey, number>();
  header.cells.forEach((h, i) => {
    const key = planColumnForHeader(h);
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = PLAN_COLUMNS.filter((c) => c.required && !index.has(c.key));
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c.headerVi}" (${c.headerEn})`).join(', ');
    throw new ValidationError(`file: missing columns ${names}`, [
      { field: 'file', reason: `missing columns: ${missing.map((c) => c.key).join(', ')}` },
    ]);
  }
  const rows: PlanRow[] = [];
  const problems: PlanProblem[] = [];
  for (const r of nonEmpty) {
    const cell = (key: PlanColumnKey): string => {
      const i = index.get(key);
      return i === undefined ? '' : (r.cells[i] ?? '').normalize('NFC').trim();
    };
    const before = problems.length;
    const problem = (column: PlanColumnKey, code: string, message: string, messageVi: string) =>
      problems.push({ row: r.rowNumber, column, code, message, messageVi });
    const effectiveFrom = parseDate(cell('effective_date'));
    if (!effectiveFrom) {
      problem('effective_date', 'bad_date', 'not a date (dd/mm/yyyy or yyyy-mm-dd)', 'không phải ngày hợp lệ');
    }
    const oldCode = cell('old_code');
    const newCode = cell('new_code');
    if (!oldCode) problem('old_code', 'required', 'is required', 'bắt buộc');
    if (!newCode) problem('new_code', 'required', 'is required', 'bắt buộc');
    if (newCode.length > 40) problem('new_code', 'too_long', 'at most 40 characters', 'tối đa 40 ký tự');
    const newName = cell('new_name');
    if (newName.length > 200) problem('new_name', 'too_long', 'at most 200 characters', 'tối đa 200 ký tự');
    const kind = KINDS.get(
      cell('kind')
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f\s]/g, '')
        .replace(/đ/g, 'd'),
    );
    if (!kind) problem('kind', 'bad_kind', 'must be full or partial', 'phải là "toàn bộ" hoặc "một phần"');
    const people = cell('people')
      .split(/[;|,\s]+/)
      .filter((p) => p !== '');
    if (kind === 'full' && people.length > 0) {
      problem('people', 'people_on_full', 'people are listed only on partial rows', 'chỉ ghi người ở dòng "một phần"');
    }
    if (problems.length > before) continue;
    rows.push({
      row: r.rowNumber,
      effectiveFrom: effectiveFrom!,
      oldCode,
      newCode,
      newName: newName || null,
      kind: kind!,
      newParentCode: cell('new_parent_code') || null,
      people,
    });
  }
  return { rows, problems };
}

/** yyyy-mm-dd or dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy), checked as a calendar date. */
export function parseDate(text: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let [y, mo, d] = m ? [m[1], m[2], m[3]] : ['', '', ''];
  if (!m) {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (!m) return null;
    [y, mo, d] = [m[3], m[2].padStart(2, '0'), m[1].padStart(2, '0')];
  }
  const iso = `${y}-${mo}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}
