import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import { FORMULA_START } from './text';

/** A cell a spreadsheet would run as a formula gets a leading ' (the roster reader removes it again on import). */
export const neutraliseFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/**
 * CSV for Excel: UTF-8 with a BOM, CRLF line ends, written as the records are read (flat memory). Cells are written
 * as given: pass them through neutraliseFormula first (every export does).
 */
export function csvStream(records: AsyncIterable<string[]>): Readable {
  const csv = stringify({ bom: true, delimiter: ',', record_delimiter: 'windows' });
  pipeline(Readable.from(records), csv, () => undefined); // a failing source destroys csv with the error
  return csv;
}
