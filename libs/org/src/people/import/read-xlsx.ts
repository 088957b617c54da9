import type { Cell, CellValue } from 'exceljs';
import { stream as excelStream } from 'exceljs';
import { Readable } from 'node:stream';
import { inspectXlsx, readUploadBounded, UnreadableArchiveError, xlsxLimits, XlsxLimits } from '@app/common';
import { RawCellProblem, RawRosterRow } from './raw-row';
import { RosterFileUnsupportedError, RosterNotice } from './roster-problems';

const BATCH = 1000;

/**
 * Rows, in batches, of the first visible worksheet of an XLSX upload, as strings, streamed (exceljs WorkbookReader), so memory
 * stays bounded however many rows there are. Numbers lose no digits, real dates become yyyy-mm-dd, rich text
 * becomes its plain text, a formula becomes its computed value; error values and formulas with no value are
 * reported as cell problems.
 *
 * Before exceljs sees the file, inspectXlsx unzips and scans it within `limits` (zip bombs, millions of shared
 * strings, rows, columns, huge cells): UploadLimitError (413 / 400) names the limit passed.
 */
export async function* readXlsxRows(
  input: Buffer | Readable,
  onNotice: (notice: RosterNotice) => void = () => undefined,
  limits: Partial<XlsxLimits> = {},
): AsyncGenerator<RawRosterRow[]> {
  const zip = Buffer.isBuffer(input) ? input : await readUploadBounded(input, xlsxLimits(limits).maxFileBytes);
  try {
    await inspectXlsx(zip, limits);
  } catch (error) {
    if (!(error instanceof UnreadableArchiveError)) throw error;
    const detected = error.problem === 'damaged' ? 'xlsx-unreadable' : `xlsx-${error.problem}`;
    throw new RosterFileUnsupportedError(error.message, error.messageVi, detected);
  }
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
      let batch: RawRosterRow[] = [];
      for await (const row of worksheet) {
        batch.push(toRawRow(row.number, row));
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof RosterFileUnsupportedError) throw error;
    throw new RosterFileUnsupportedError(
      'The XLSX workbook cannot be read (damaged or not an Excel file); open it in Excel and save it again',
      'Không đọc được tệp XLSX (bị hỏng hoặc không phải tệp Excel); hãy mở bằng Excel và lưu lại',
      'xlsx-unreadable',
    );
  } finally {
    source.destroy();
  }
  if (sheetName === null) {
    throw new RosterFileUnsupportedError(
      'The file is a zip archive but has no Excel worksheet',
      'Tệp là tệp nén zip nhưng không có trang tính Excel nào',
      'zip',
    );
  }
  if (ignored.length > 0) {
    onNotice({
      code: 'other_sheets_ignored',
      message: `Only the sheet "${sheetName}" was read; ignored: ${ignored.join(', ')}`,
      messageVi: `Chỉ đọc trang tính "${sheetName}"; bỏ qua: ${ignored.join(', ')}`,
    });
  }
}

interface RowLike {
  eachCell(opt: { includeEmpty: boolean }, cb: (cell: Cell, col: number) => void): void;
}

function toRawRow(rowNumber: number, row: RowLike): RawRosterRow {
  const cells: string[] = [];
  let problems: RawCellProblem[] | undefined;
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

type CellIssue = Omit<RawCellProblem, 'index'>;

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
