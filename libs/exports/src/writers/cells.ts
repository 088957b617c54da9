import { ExportColumn } from '../kinds/export-kind';

export type ExportLanguage = 'vi' | 'en';

/** A row as the kind's SQL returns it, by column key. */
export type ExportRow = Record<string, unknown>;

/** How one column writes a value of the SQL row as text (made once per export, called once per cell). */
export type CellText = (value: unknown) => string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A value of the SQL row as text (the kinds' SQL returns text, numbers and booleans). */
const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);

/**
 * common's neutraliseFormula without a regular expression per cell (its FORMULA_START characters, spelled out;
 * cells.spec.ts checks the two agree on every first character).
 */
function neutralised(text: string): string {
  switch (text.charCodeAt(0)) {
    case 61: // =
    case 43: // +
    case 45: // -
    case 64: // @
    case 9: // tab
    case 13: // CR
      return `'${text}`;
    default:
      return text;
  }
}
/** The header cells of the columns, in the language. */
export const headerCells = (columns: readonly ExportColumn[], lang: ExportLanguage): string[] =>
  columns.map((c) => c[lang]);

/** A column's text cells: the words for a code, the column's print format, formulas neutralised; null is empty. */
export function textCells(column: ExportColumn, lang: ExportLanguage): CellText {
  const { labels, format } = column;
  return (value) => {
    if (value === null || value === undefined) return '';
    const raw = asText(value);
    const label = labels?.[raw]?.[lang];
    return neutralised(label ?? (format ? format(raw) : raw));
  };
}

/** A column's CSV cells: dates as dd/mm/yyyy (Vietnamese form), numbers as written by PostgreSQL, text as textCells. */
export function csvCells(column: ExportColumn, lang: ExportLanguage): CellText {
  if (column.type === 'date') {
    return (value) => {
      if (value === null || value === undefined) return '';
      const day = asText(value);
      return DAY.test(day) ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '';
    };
  }
  if (column.type === 'number') return (value) => (value === null || value === undefined ? '' : asText(value));
  return textCells(column, lang);
}

/** One text cell (textCells for a single value). */
export const textCell = (column: ExportColumn, value: unknown, lang: ExportLanguage): string =>
  textCells(column, lang)(value);

/** One CSV cell (csvCells for a single value). */
export const csvCell = (column: ExportColumn, value: unknown, lang: ExportLanguage): string =>
  csvCells(column, lang)(value);
