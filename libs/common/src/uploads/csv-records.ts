import { UploadLimitError } from './upload-limits';

/** Largest record accepted; also bounds the re-scanning of an unfinished record across chunks. */
export const MAX_CSV_RECORD_CHARS = 1 << 20;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly messageVi: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/**
 * Splits CSV text, fed chunk by chunk, into records (RFC 4180: quoted fields, "" escapes, CRLF / LF / CR line
 * ends). Lenient like Excel: a quote inside an unquoted field is text (Nguyễn Văn "Tý"), and text after a closing
 * quote is kept. An empty line is a record [''] so that record numbers stay Excel row numbers. Hand-written rather
 * than csv-parse's stream: one call per chunk instead of one await per record keeps 100,000 rows well under a second.
 */
export class CsvRecordSplitter {
  private pending = '';
  private records = 0;

  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The records completed by this chunk. */
  push(chunk: string): string[][] {
    this.pending = this.pending ? this.pending + chunk : chunk;
    return this.split(false);
  }

  /** The last record (a file need not end with a line break); throws on an unclosed quote. */
  end(): string[][] {
    return this.split(true);
  }

  private split(final: boolean): string[][] {
    const text = this.pending;
    const out: string[][] = [];
    let start = 0; // start of the record being read
    for (;;) {
      const parsed = this.record(text, start, final);
      if (parsed === null) break;
      out.push(parsed.fields);
      this.records++;
      start = parsed.next;
      if (start >= text.length) break;
    }
    this.pending = start >= text.length ? '' : text.slice(start);
    if (this.pending.length > MAX_CSV_RECORD_CHARS) {
      throw new CsvSyntaxError(
        'a cell is over 1 MB or a quote is not closed',
        'có ô dài hơn 1 MB hoặc dấu ngoặc kép chưa đóng',
        this.records + 1,
      );
    }
    return out;
  }

  /** One record from `pos`, or null when the text ends before the record does (and more may come). */
  private record(text: string, pos: number, final: boolean): { fields: string[]; next: number } | null {
    const d = this.delimiter;
    const fields: string[] = [];
    const n = text.length;
    if (pos >= n) return null;
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === 34 /* " */) {
        let i = pos + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            if (final) throw new CsvSyntaxError('a quote is not closed', 'dấu ngoặc kép chưa đóng', this.records + 1);
            return null;
          }
          if (q + 1 >= n && !final) return null; // can't tell "" from a closing quote yet
          value += text.slice(i, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            i = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        const end = fieldEnd(text, pos, d); // text after the closing quote, if any, is kept
        value += text.slice(pos, end);
        pos = end;
      } else {
        const end = fieldEnd(text, pos, d);
        value = text.slice(pos, end);
        pos = end;
      }
      fields.push(value);
      if (pos >= n) {
        if (!final) return null;
        return { fields, next: n };
      }
      const c = text.charCodeAt(pos);
      if (c === 10) return { fields, next: pos + 1 };
      if (c === 13) {
        if (pos + 1 >= n && !final) return null; // a CR at the chunk end may be half of CRLF
        return { fields, next: text.charCodeAt(pos + 1) === 10 ? pos + 2 : pos + 1 };
      }
      pos++; // the delimiter
      if (pos >= n && !final) return null;
      if (pos >= n) {
        fields.push('');
        return { fields, next: n };
      }
    }
  }
}

/** Index of the delimiter or line break that ends the field starting at `pos` (or the text's length). */
function fieldEnd(text: string, pos: number, delimiter: number): number {
  const n = text.length;
  for (let i = pos; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === 10 || c === 13) return i;
  }
  return n;
}

export type CsvDelimiter = ',' | ';';

/** The delimiter of a CSV file, from its header line: the more frequent of ',' and ';' outside quotes (',' on a tie). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The records of a whole CSV text (already decoded, BOM removed), bounded: the delimiter from the first line
 * (detectDelimiter), at most `maxRows` records (UploadLimitError maxRows, 400, beyond), each at most
 * MAX_CSV_RECORD_CHARS (CsvSyntaxError with the row); an unclosed quote is a CsvSyntaxError with its row.
 * Record i is spreadsheet row i + 1. For uploads small enough to hold in memory; the roster streams chunks instead.
 */
export function splitCsvText(text: string, maxRows: number): string[][] {
  const newline = text.indexOf('\n');
  const splitter = new CsvRecordSplitter(detectDelimiter(newline < 0 ? text : text.slice(0, newline)));
  const records: string[][] = [];
  const take = (batch: string[][]): void => {
    for (const r of batch) {
      if (records.length >= maxRows) throw new UploadLimitError('maxRows', maxRows);
      records.push(r);
    }
  };
  for (let i = 0; i < text.length; i += 64 * 1024) take(splitter.push(text.slice(i, i + 64 * 1024)));
  take(splitter.end());
  return records;
}
