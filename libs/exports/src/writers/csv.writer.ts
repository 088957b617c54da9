import { Readable } from 'node:stream';
import { csvStream } from '@app/common';
import { ExportColumn } from '../kinds/export-kind';
import { csvCell, ExportLanguage, ExportRow, headerCells } from './cells';

/** The list as CSV for Excel (UTF-8 with BOM, CRLF; common's csvStream), written as the rows are read. */
export function writeCsv(
  rows: AsyncIterable<ExportRow>,
  columns: readonly ExportColumn[],
  lang: ExportLanguage,
): Readable {
  return csvStream(
    (async function* () {
      yield headerCells(columns, lang);
      for await (const row of rows) yield columns.map((c) => csvCell(c, row[c.key], lang));
    })(),
  );
}
