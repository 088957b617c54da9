import { neutraliseFormula } from '@app/common';
import { ExportColumn } from '../kinds/export-kind';

export type ExportLanguage = 'vi' | 'en';

/** A row as the kind's SQL returns it, by column key. */
export type ExportRow = Record<string, unknown>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value of the SQL row as text (the kinds' SQL returns text, numbers and booleans). */
const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);

/** The header cells of the columns, in the language. */
export const headerCells = (columns: readonly ExportColumn[], lang: ExportLanguage): string[] =>
  columns.map((c) => c[lang]);

/** A text cell: the words for a code, the column's print format, formulas neutralised; null is empty. */
export function textCell(column: ExportColumn, value: unknown, lang: ExportLanguage): string {
  if (value === null || value === undefined) return '';
  const raw = asText(value);
  const label = column.labels?.[raw]?.[lang];
  const shown = label ?? (column.format ? column.format(raw) : raw);
  return neutraliseFormula(shown);
}

/** A CSV cell: dates as dd/mm/yyyy (Vietnamese form), numbers as written by PostgreSQL, text as textCell. */
export function csvCell(column: ExportColumn, value: unknown, lang: ExportLanguage): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'date') {
    const m = DAY.exec(asText(value));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
  }
  if (column.type === 'number') return asText(value);
  return textCell(column, value, lang);
}

/** An XLSX cell: dates as real dates (UTC midnight, shown dd/mm/yyyy), numbers as numbers, text as text. */
export function xlsxCell(column: ExportColumn, value: unknown, lang: ExportLanguage): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (column.type === 'date') {
    const m = DAY.exec(asText(value));
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  }
  if (column.type === 'number') return Number(value);
  return textCell(column, value, lang);
}
