import { Readable } from 'node:stream';
import { CsvRecordSplitter, CsvSyntaxError } from '@app/common';
import { decodeCsvChunks, detectDelimiter } from './decode';
import { RawRosterRow } from './raw-row';
import { RosterFileUnsupportedError } from './roster-problems';

const CHUNK = 64 * 1024;

/**
 * Rows of a CSV upload as strings, in batches (one per decoded chunk), numbered like Excel numbers them (the first
 * line is row 1; a quoted line break stays inside its row). The delimiter (',' or ';') comes from the first line.
 */
export async function* readCsvRows(input: Buffer | Readable): AsyncGenerator<RawRosterRow[]> {
  let splitter: CsvRecordSplitter | null = null;
  let head = '';
  let rowNumber = 0;
  const rows = (records: string[][]): RawRosterRow[] => records.map((cells) => ({ rowNumber: ++rowNumber, cells }));
  try {
    for await (let text of decodeCsvChunks(Buffer.isBuffer(input) ? slices(input) : input)) {
      if (!splitter) {
        head += text;
        const newline = head.indexOf('\n');
        if (newline < 0 && head.length < CHUNK) continue; // hold text back until the header line is complete
        splitter = new CsvRecordSplitter(detectDelimiter(newline < 0 ? head : head.slice(0, newline)));
        [text, head] = [head, ''];
      }
      yield rows(splitter.push(text));
    }
    if (!splitter) {
      if (head === '') return;
      splitter = new CsvRecordSplitter(detectDelimiter(head)); // a file of one line without a line break
      yield rows(splitter.push(head));
    }
    yield rows(splitter.end());
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new RosterFileUnsupportedError(
        `The CSV file is malformed in row ${error.row}: ${error.message}`,
        `Tệp CSV bị lỗi cấu trúc ở dòng ${error.row}: ${error.messageVi}`,
        'csv-malformed',
      );
    }
    throw error;
  } finally {
    if (!Buffer.isBuffer(input)) input.destroy();
  }
}

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let i = 0; i < buffer.length; i += CHUNK) yield buffer.subarray(i, i + CHUNK);
}
