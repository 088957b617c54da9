import type { Cell, CellValue } from 'exceljs';
import { stream as excelStream } from 'exceljs';
import { Readable } from 'node:stream';
import { DomainError } from '../errors/domain-errors';
import { XlsxLimits, xlsxLimits } from './upload-limits';
import { inspectXlsx, readUploadBounded } from './xlsx-guard';

const BATCH = 1000;

/** A cell that could not be turned into text (an error value, a formula with no computed value). */
export interface XlsxCellProblem {
  index: number;
  code: 'formula_without_value' | 'cell_error';
  reason: string;
  reasonVi: string;
}

/** One worksheet row: every cell as a string, by 0-based column index; row numbers as Excel shows them. */
export interface XlsxRow {
  rowNumber: number;
  cells: string[];
  problems?: XlsxCellProblem[];
}

/** exceljs could not read a workbook that passed the guard, or the zip holds no worksheet. 415. */
export class XlsxUnreadableError extends DomainError {
  readonly code = 'XLSX_UNREADABLE';
  readonly status = 415;
  constructor(
    message: string,
    readonly messageVi: string,
    /** 'xlsx-unreadable' or 'zip' (an archive without a worksheet). */
    readonly detected: 'xlsx-unreadable' | 'zip',
  ) {
    super(message, { detected, messageVi });
  }
}

/**
 * Rows, in batches of 1,000, of the first visible worksheet of an XLSX upload, as strings, streamed (exceljs
 * WorkbookReader), so memory stays bounded however many rows there are. Numbers lose no digits, real dates become
 * yyyy-mm-dd, rich text becomes its plain text, a formula becomes its computed value; error values and formulas with
 * no value are reported as cell problems.
 *
 * Before exceljs sees the file, inspectXlsx unzips and scans it within `limits` (zip bombs, millions of shared
 * strings, rows, columns, huge cells): UploadLimitError (413 / 400) names the limit passed, UnreadableArchiveError
 * (415) a damaged, encrypted or DTD-carrying archive. `onOtherSheets` hears of the sheets left unread.
 */
export async function* readXlsxSheetRows(
  input: Buffer | Readable,
  limits: Partial<XlsxLimits> = {},
  onOtherSheets: (read: string, ignored: string[]) => void = () => undefined,
): AsyncGenerator<XlsxRow[]> {
  const zip = Buffer.isBuffer(input) ? input : await readUploadBounded(input, xlsxLimits(limits).maxFileBytes);
  await inspectXlsx(zip, limits);
  const source = Readable.from([zip]);
  const reader = new excelStream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell a date cell from a number
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheetName: string | null = null;
  const ignored: string[] = [];
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as typeof worksheet & { name?: string; state?: string };
      if (sheetName !== null || (ws.state !== undefined && ws.state !== 'visible')) {
        if (sheetName !== null) ignored.push(ws.name ?? '?');
        continue; // left unread: the reader drains it
      }
      sheetName = ws.name ?? 'Sheet1';
      let batch: XlsxRow[] = [];
      for await (const row of worksheet) {
        batch.push(toRow(row.number, row));
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new XlsxUnreadableError(
      'The XLSX workbook cannot be read (damaged or not an Excel file); open it in Excel and save it again',
      'Không đọc được tệp XLSX (bị hỏng hoặc không phải tệp Excel); hãy mở bằng Excel và lưu lại',
      'xlsx-unreadable',
    );
  } finally {
    source.destroy();
  }
  if (sheetName === null) {
    throw new XlsxUnreadableError(
      'The file is a zip archive but has no Excel worksheet',
      'Tệp là tệp nén zip nhưng không có trang tính Excel nào',
      'zip',
    );
  }
  if (ignored.length > 0) onOtherSheets(sheetName, ignored);
}

interface RowLike {
  eachCell(opt: { includeEmpty: boolean }, cb: (cell: Cell, col: number) => void): void;
}

function toRow(rowNumber: number, row: RowLike): XlsxRow {
  const cells: string[] = [];
  let problems: XlsxCellProblem[] | undefined;
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const index = col - 1;
    while (cells.length < index) cells.push('');
    const text = cellText(cell.value, cell.numFmt);
    if (typeof text === 'string') {
      cells.push(text);
    } else {
      cells.push('');
      (problems ??= []).push({ index, ...text });
    }
  });
  return problems ? { rowNumber, cells, problems } : { rowNumber, cells };
}

type CellIssue = Omit<XlsxCellProblem, 'index'>;

/** A cell value as the text a person sees, or the reason it has none. */
export function cellText(value: CellValue | undefined, numFmt?: string): string | CellIssue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? errorIssue('#VALUE!') : numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('error' in value) return errorIssue(String(value.error));
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) {
      return {
        code: 'formula_without_value',
        reason: 'formula with no computed value; paste values instead',
        reasonVi: 'công thức chưa có giá trị; hãy dán giá trị (Paste Values)',
      };
    }
    return cellText(result as CellValue, numFmt);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  return '';
}

const errorIssue = (error: string): CellIssue => ({
  code: 'cell_error',
  reason: `the cell holds the error ${error}`,
  reasonVi: `ô chứa lỗi ${error}`,
});

function numberText(n: number, numFmt?: string): string {
  // A formula's result keeps the raw serial number; the cell's format says whether it is a date.
  if (numFmt && isDateFormat(numFmt)) return dateText(new Date(Math.round((n - 25569) * 86_400_000)));
  return Number.isInteger(n) ? n.toFixed(0) : String(Number(n.toPrecision(15)));
}

const isDateFormat = (fmt: string): boolean => /[dmy]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

function dateText(d: Date): string {
  const rounded = new Date(Math.round(d.getTime() / 60_000) * 60_000); // 23:59:59.999 from float noise is the next day
  return rounded.toISOString().slice(0, 10);
}
