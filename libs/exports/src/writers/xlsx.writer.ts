import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { ExportColumn, SUMMARY_PART } from '../kinds/export-kind';
import { feedOf, RowFeed } from '../row-feed';
import { ExportLanguage, ExportRow, headerCells, textCells } from './cells';
import { pulledStream } from './pulled-stream';
import { CELL_STYLE, columnLetters, dateSerial, HEADER_STYLE, sheetXml, xlsxParts, xmlText } from './spreadsheet-ml';

/** Rows per XLSX file: beyond it, CSV or a background export (ExportsService says so before writing anything). */
export const XLSX_MAX_ROWS = 200_000;

/** A second sheet for the rows whose `part` is SUMMARY_PART (they come last). */
export interface XlsxSummarySheet {
  sheetName: string;
  columns: readonly ExportColumn[];
}

/** Deflate level of the sheets: 1 is several times faster than the default 6 for a file about 30% larger. */
const SHEET_COMPRESSION = 1;

/** How a column writes a cell of row `r`: text (words, print format, formulas neutralised), a date, a number. */
type CellXml = (value: unknown, r: number) => string;

function cellsXml(column: ExportColumn, letters: string, lang: ExportLanguage): CellXml {
  const s = CELL_STYLE[column.type];
  const empty = (r: number): string => `<c r="${letters}${r}" s="${s}"/>`;
  if (column.type === 'date') {
    return (value, r) => {
      const serial = value === null || value === undefined ? null : dateSerial(value);
      return serial === null ? empty(r) : `<c r="${letters}${r}" s="${s}"><v>${serial}</v></c>`;
    };
  }
  if (column.type === 'number') {
    return (value, r) => {
      const n = value === null || value === undefined ? NaN : Number(value);
      return Number.isFinite(n) ? `<c r="${letters}${r}" s="${s}"><v>${n}</v></c>` : empty(r);
    };
  }
  const text = textCells(column, lang);
  return (value, r) =>
    value === null || value === undefined
      ? empty(r)
      : `<c r="${letters}${r}" s="${s}" t="str"><v>${xmlText(text(value))}</v></c>`;
}

/**
 * Where the rows of one sheet stop: at the first summary row (when `split`), or at the end. The rows of the batch
 * in which the summary begins that come after it are held (at most a batch) for the summary sheet.
 */
class SheetRows {
  private held: ExportRow[] = [];
  private inSummary = false;
  private ended = false;

  constructor(
    private readonly source: RowFeed<ExportRow>,
    private readonly split: boolean,
  ) {}

  /** The list's own rows (up to the first summary row when `split`), or the summary rows. */
  part(summary: boolean): RowFeed<ExportRow> {
    return {
      next: (each) => (summary ? this.summaryRows(each) : this.listRows(each)),
      close: () => this.close(),
    };
  }

  private async listRows(each: (row: ExportRow) => void): Promise<boolean> {
    if (this.inSummary || this.ended) return false;
    const more = await this.source.next((row) => {
      if (this.inSummary || (this.split && row.part === SUMMARY_PART)) {
        this.inSummary = true;
        this.held.push(row);
      } else {
        each(row);
      }
    });
    if (!more) this.ended = true;
    return more && !this.inSummary;
  }

  private async summaryRows(each: (row: ExportRow) => void): Promise<boolean> {
    this.inSummary = true;
    if (this.held.length > 0) {
      const held = this.held;
      this.held = [];
      held.forEach((row) => each(row));
      return !this.ended;
    }
    if (this.ended) return false;
    const more = await this.source.next(each);
    if (!more) this.ended = true;
    return more;
  }

  close(): Promise<void> {
    this.held = [];
    return this.source.close();
  }
}

/** One sheet's XML, pulled row by row from `rows` (pulledStream): header row first, bold and frozen. */
function sheetStream(rows: RowFeed<ExportRow>, columns: readonly ExportColumn[], lang: ExportLanguage): Readable {
  const letters = columns.map((_c, i) => columnLetters(i));
  const keys = columns.map((c) => c.key);
  const cells = columns.map((c, i) => cellsXml(c, letters[i], lang));
  const header = headerCells(columns, lang)
    .map((h, i) => `<c r="${letters[i]}1" s="${HEADER_STYLE[columns[i].type]}" t="str"><v>${xmlText(h)}</v></c>`)
    .join('');
  const { head, tail } = sheetXml(columns);
  let r = 1;
  const row = (values: ExportRow): string => {
    r++;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) xml += cells[i](values[keys[i]], r);
    return xml + '</row>';
  };
  return pulledStream(rows, row, `${head}<row r="1" s="3" customFormat="1">${header}</row>`, () => tail);
}

/**
 * The list as an XLSX workbook, written by hand (SpreadsheetML over yazl's zip stream) as the rows are read: the
 * zip pulls each sheet's XML only as fast as the reader takes the file, so memory stays flat whatever the size
 * (exceljs's streaming writer ignores backpressure between its sheet buffer and the zip). A bold header row that stays
 * frozen, column widths, dates as dates (dd/mm/yyyy), codes and phones as text (format @), numbers as numbers.
 * With `summary`, the rows whose `part` is SUMMARY_PART go to a second sheet of their own columns.
 * A failing source destroys the returned stream with its error; destroying it closes the source.
 */
export function writeXlsx(
  rows: RowFeed<ExportRow> | AsyncIterable<ExportRow>,
  columns: readonly ExportColumn[],
  lang: ExportLanguage,
  sheetName: string,
  summary?: XlsxSummarySheet,
): Readable {
  const sheets = [
    { name: sheetName, columns },
    ...(summary ? [{ name: summary.sheetName, columns: summary.columns }] : []),
  ];
  const source = new SheetRows(feedOf(rows), summary !== undefined);
  const out = new PassThrough();
  const zip = new ZipFile();
  let current: Readable | null = null;
  const fail = (e: Error): void => {
    void source.close().catch(() => undefined);
    out.destroy(e);
  };
  for (const [path, xml] of xlsxParts(sheets.map((s) => s.name.slice(0, 31)))) {
    zip.addBuffer(Buffer.from(xml, 'utf8'), path);
  }
  sheets.forEach((sheet, i) =>
    zip.addReadStreamLazy(`xl/worksheets/sheet${i + 1}.xml`, { compressionLevel: SHEET_COMPRESSION }, (cb) => {
      current = sheetStream(source.part(i > 0), sheet.columns, lang);
      current.once('error', fail);
      cb(null, current);
    }),
  );
  zip.on('error', fail);
  zip.end();
  zip.outputStream.pipe(out);
  // The reader went away: stop the sheet being written, which closes the rows (and the cursor behind them).
  out.once('close', () => {
    if (!out.writableFinished) {
      current?.destroy();
      void source.close().catch(() => undefined);
    }
  });
  return out;
}
