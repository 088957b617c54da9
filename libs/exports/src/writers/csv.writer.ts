import { Readable } from 'node:stream';
import { ExportColumn } from '../kinds/export-kind';
import { RowFeed } from '../row-feed';
import { csvCells, ExportLanguage, ExportRow, headerCells } from './cells';
import { pulledStream } from './pulled-stream';

const BOM = '\ufeff';
const CRLF = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/**
 * A CSV field as csv-stringify writes it with common's csvStream options: quoted when it holds a comma, a quote or a
 * line break (quotes doubled), as it is otherwise, nothing for an empty one. Cells come through csvCell, so formulas
 * are neutralised already.
 */
export const csvField = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replace(QUOTES, '""')}"` : value;

/** One CSV line (CRLF-terminated) of cells. */
export const csvLine = (cells: readonly string[]): string => cells.map(csvField).join(',') + CRLF;

/**
 * The list as CSV for Excel (UTF-8 with BOM, CRLF, the same bytes as common's csvStream), written as the rows are
 * read: a batch of lines at a time, asked for when the reader asks for more (pulledStream), so memory stays flat,
 * with one batch read ahead (the database reads the next FETCH while the reader takes this one).
 */
export function writeCsv(
  rows: RowFeed<ExportRow> | AsyncIterable<ExportRow>,
  columns: readonly ExportColumn[],
  lang: ExportLanguage,
): Readable {
  const keys = columns.map((c) => c.key);
  const cells = columns.map((c) => csvCells(c, lang));
  const last = columns.length - 1;
  const line = (row: ExportRow): string => {
    let text = '';
    for (let i = 0; i <= last; i++) {
      text += csvField(cells[i](row[keys[i]]));
      text += i === last ? CRLF : ',';
    }
    return text;
  };
  return pulledStream(rows, line, BOM + csvLine(headerCells(columns, lang)), undefined, true);
}
