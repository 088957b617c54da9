import { stream as excelStream } from 'exceljs';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { ExportColumn } from '../kinds/export-kind';
import { ExportLanguage, ExportRow, headerCells, xlsxCell } from './cells';

/** Rows per XLSX file: beyond it, CSV or a background export (ExportsService says so before writing anything). */
export const XLSX_MAX_ROWS = 200_000;

const numFmt = (c: ExportColumn): string | undefined =>
  c.type === 'date' ? 'dd/mm/yyyy' : c.type === 'text' ? '@' : undefined;

/**
 * The list as one XLSX sheet through exceljs's streaming writer (rows are committed as they are read, so memory
 * stays bounded): a bold header row that stays frozen, column widths, dates as dates, codes and phones as text.
 * A failing source destroys the returned stream with its error.
 */
export function writeXlsx(
  rows: AsyncIterable<ExportRow>,
  columns: readonly ExportColumn[],
  lang: ExportLanguage,
  sheetName: string,
): Readable {
  const out = new PassThrough();
  const wb = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width, style: numFmt(c) ? { numFmt: numFmt(c) } : {} }));
  const header = ws.addRow(headerCells(columns, lang));
  header.font = { bold: true };
  header.commit();
  void (async () => {
    try {
      for await (const row of rows) {
        ws.addRow(columns.map((c) => xlsxCell(c, row[c.key], lang))).commit();
        // Let the reader catch up: the zip behind the sheet buffers what the response has not taken yet.
        if (out.writableLength > out.writableHighWaterMark) await once(out, 'drain');
      }
      ws.commit();
      await wb.commit();
    } catch (e) {
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return out;
}
