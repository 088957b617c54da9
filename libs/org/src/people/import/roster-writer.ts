import { Readable } from 'node:stream';
import { csvStream, neutraliseFormula } from '@app/common';
import { ERRORS_COLUMN_HEADER, ROSTER_COLUMN_BY_KEY, ROSTER_COLUMNS, RosterColumnKey } from './roster-columns';
import { RosterProblem, withColumn } from './roster-problems';
import { formatDateVi, GENDER_LABELS, STATUS_LABELS } from './roster-values';
import { RosterRow } from './validate-row';

export type RosterHeaderLanguage = 'vi' | 'en';

export interface RosterCsvOptions {
  /** Header row language; 'vi' (default) writes "Mã cán bộ", "Họ và tên", … and Vietnamese gender/status words. */
  language?: RosterHeaderLanguage;
  /**
   * E-mail and phone are personal data: left out unless asked for with a stated purpose (DESIGN, exports rule).
   * The caller records the purpose in the audit log.
   */
  includeContact?: boolean;
}

/** Every documented column except e-mail and phone. */
export const ROSTER_COLUMNS_WITHOUT_CONTACT: readonly RosterColumnKey[] = ROSTER_COLUMNS.map((c) => c.key).filter(
  (k) => k !== 'email' && k !== 'phone',
);

export { neutraliseFormula };

/** The columns written for these options, in documented order. */
export function rosterCsvColumns(options: RosterCsvOptions = {}): RosterColumnKey[] {
  return options.includeContact ? ROSTER_COLUMNS.map((c) => c.key) : [...ROSTER_COLUMNS_WITHOUT_CONTACT];
}

/** Header cells of the given columns. */
export const rosterHeaderCells = (
  columns: readonly RosterColumnKey[],
  language: RosterHeaderLanguage = 'vi',
): string[] =>
  columns.map((k) => (language === 'vi' ? ROSTER_COLUMN_BY_KEY[k].headerVi : ROSTER_COLUMN_BY_KEY[k].headerEn));

/** One roster row as the cells of the import format (before formula neutralisation). */
export function rosterRowCells(
  row: RosterRow,
  columns: readonly RosterColumnKey[],
  language: RosterHeaderLanguage = 'vi',
): string[] {
  return columns.map((key) => {
    switch (key) {
      case 'employee_code':
        return row.employeeCode;
      case 'full_name':
        return row.fullName;
      case 'unit_code':
        return row.unitCode;
      case 'roles':
        return row.roles.join(';');
      case 'position_title':
        return row.positionTitle ?? '';
      case 'email':
        return row.email ?? '';
      case 'phone':
        return row.phone ?? '';
      case 'gender':
        return row.gender ? GENDER_LABELS[row.gender][language] : '';
      case 'birth_date':
        return row.birthDate ? formatDateVi(row.birthDate) : '';
      case 'status':
        return STATUS_LABELS[row.status][language];
      case 'status_from':
        return row.statusFrom ? formatDateVi(row.statusFrom) : '';
    }
  });
}

/**
 * The roster as CSV in the import format: UTF-8 with BOM, comma-delimited, CRLF, dates dd/mm/yyyy, roles joined
 * by ';', formulas neutralised. Streams: rows are pulled as the consumer reads.
 */
export function writeRosterCsv(
  rows: Iterable<RosterRow> | AsyncIterable<RosterRow>,
  options: RosterCsvOptions = {},
): Readable {
  const columns = rosterCsvColumns(options);
  const language = options.language ?? 'vi';
  return csvStream(
    (async function* () {
      yield rosterHeaderCells(columns, language);
      for await (const row of rows) yield rosterRowCells(row, columns, language).map(neutraliseFormula);
    })(),
  );
}

/** An invalid row as read from the upload, with its reasons. */
export interface InvalidRosterRow {
  rowNumber: number;
  values: Partial<Record<RosterColumnKey, string>>;
  problems: RosterProblem[];
}

/**
 * The invalid rows, as uploaded (formulas neutralised), plus a "Lỗi / Errors" column, so an organiser can fix them
 * and upload the file again (the errors column is then ignored). `columns` defaults to all documented columns; pass
 * the upload's own columns (RosterParseSummary.columns) and headers (.headers) to mirror the file: its header row
 * then repeats the file's headers, and the reasons name the columns by them.
 */
export function errorReportCsv(
  rows: Iterable<InvalidRosterRow> | AsyncIterable<InvalidRosterRow>,
  columns: readonly RosterColumnKey[] = ROSTER_COLUMNS.map((c) => c.key),
  headers: Partial<Record<RosterColumnKey, string>> = {},
): Readable {
  return csvStream(
    (async function* () {
      const header = columns.map((k) => headers[k] ?? ROSTER_COLUMN_BY_KEY[k].headerVi);
      yield [...header.map(neutraliseFormula), ERRORS_COLUMN_HEADER];
      for await (const row of rows) {
        const cells = columns.map((k) => neutraliseFormula(row.values[k] ?? ''));
        yield [...cells, neutraliseFormula(describeProblems(row.rowNumber, row.problems, headers))];
      }
    })(),
  );
}

/**
 * "[Dòng 5] Họ và tên: phải có ít nhất 2 ký tự (must have at least 2 characters); …": each column named as the file
 * names it (the problem's `column`, else `headers`, else the documented Vietnamese header).
 */
export function describeProblems(
  rowNumber: number,
  problems: readonly RosterProblem[],
  headers: Partial<Record<RosterColumnKey, string>> = {},
): string {
  const parts = problems.map((p) => {
    const column = withColumn(p, headers).column;
    return column ? `${column}: ${p.reasonVi} (${p.reason})` : `${p.reasonVi} (${p.reason})`;
  });
  return `[Dòng ${rowNumber}] ${parts.join('; ')}`;
}
