import { Readable } from 'node:stream';
import type { XlsxLimits } from '@app/common';
import { detectRosterFileKind, RosterFileKind, SNIFF_BYTES } from './decode';
import { RawRosterRow } from './raw-row';
import { readCsvRows } from './read-csv';
import { readXlsxRows } from './read-xlsx';
import {
  columnLetter,
  isReportOnlyHeader,
  ROSTER_COLUMN_BY_KEY,
  ROSTER_COLUMNS,
  RosterColumnKey,
  rosterColumnForHeader,
} from './roster-columns';
import { problem, RosterHeaderError, RosterNotice, RosterProblem, RosterTooLargeError } from './roster-problems';

/** One data row of the upload: the documented columns present in the file, as raw strings (untrimmed). */
export interface RosterRecord {
  /** The row number a person sees in Excel (the header row is 1 unless title rows sit above it). */
  rowNumber: number;
  values: Partial<Record<RosterColumnKey, string>>;
  /** Cells that could not be read (XLSX error values, formulas with no value). */
  problems?: RosterProblem[];
}

export interface HeaderMapping {
  /** 0-based column index → column key, for the documented columns found, with the header as the file has it. */
  columns: Array<{ index: number; key: RosterColumnKey; header: string }>;
  /** Headers that name no documented column (ignored; reported as a notice). */
  ignored: Array<{ index: number; header: string }>;
}

export type HeaderMappingResult = ({ ok: true } & HeaderMapping) | { ok: false; problems: RosterProblem[] };

/** Map a header row to the documented columns; missing required columns and duplicated columns are problems. */
export function mapHeaders(headerCells: readonly string[], rowNumber = 1): HeaderMappingResult {
  const columns: HeaderMapping['columns'] = [];
  const ignored: HeaderMapping['ignored'] = [];
  const seen = new Map<RosterColumnKey, number>();
  const problems: RosterProblem[] = [];
  headerCells.forEach((raw, index) => {
    const header = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!header || isReportOnlyHeader(header)) return;
    const key = rosterColumnForHeader(header);
    if (!key) {
      ignored.push({ index, header });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      const c = ROSTER_COLUMN_BY_KEY[key];
      problems.push({
        ...problem(
          rowNumber,
          key,
          'duplicate_column',
          `columns ${columnLetter(first)} and ${columnLetter(index)} are both "${c.headerVi}" (${c.headerEn})`,
          `cột ${columnLetter(first)} và cột ${columnLetter(index)} cùng là "${c.headerVi}"`,
        ),
        column: header,
      });
      return;
    }
    seen.set(key, index);
    columns.push({ index, key, header });
  });
  for (const c of ROSTER_COLUMNS) {
    if (c.required && !seen.has(c.key)) {
      problems.push({
        ...problem(
          rowNumber,
          c.key,
          'missing_column',
          `missing required column "${c.headerVi}" (${c.headerEn})`,
          `thiếu cột bắt buộc "${c.headerVi}" (${c.headerEn})`,
        ),
        column: c.headerVi,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns, ignored };
}

export interface ParseRosterOptions {
  /** Data rows accepted before RosterTooLargeError (413). Default 200,000. */
  maxRows?: number;
  /** Stricter limits for an XLSX file than the defaults (DEFAULT_XLSX_LIMITS; rows: maxRows + XLSX_EXTRA_ROWS). */
  xlsxLimits?: Partial<XlsxLimits>;
}

/** Rows of the sheet beyond the data rows (title rows, the header, empty rows) before the XLSX row limit refuses it. */
export const XLSX_EXTRA_ROWS = 1_000;

export interface RosterParseSummary {
  kind: RosterFileKind;
  headerRow: number;
  columns: RosterColumnKey[];
  /** Each column's header as the file typed it (problems and the errors file name columns by it). */
  headers: Partial<Record<RosterColumnKey, string>>;
  dataRows: number;
  /** Fully empty rows between data rows (trailing empty rows are not counted). */
  emptyRows: number;
  notices: RosterNotice[];
}

/** Title rows above the header (e.g. "DANH SÁCH CÁN BỘ…") are skipped; the header must be within this many rows. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Read a roster upload (CSV or XLSX; detected from the first bytes when `kind` is omitted) as an async iterable of
 * data rows, or of batches of them (`batches()`, for multi-row inserts). Fully empty rows are skipped and counted.
 * Throws RosterFileUnsupportedError (415), RosterHeaderError (400) or RosterTooLargeError (413) from the iteration.
 * `summary` is complete once iteration ends.
 */
export function parseRoster(
  input: Buffer | Readable,
  kind?: RosterFileKind,
  options: ParseRosterOptions = {},
): RosterParse {
  const maxRows = options.maxRows ?? 200_000;
  return new RosterParse(input, kind, maxRows, { maxRows: maxRows + XLSX_EXTRA_ROWS, ...options.xlsxLimits });
}

export class RosterParse implements AsyncIterable<RosterRecord> {
  readonly summary: RosterParseSummary;
  private readonly kindGiven: boolean;
  private header: (HeaderMapping & { rowNumber: number }) | null = null;
  private headerCandidates = 0;
  private firstHeaderProblems: RosterProblem[] | null = null;
  private lastRow = 0;
  private pendingEmpty = 0;

  constructor(
    private readonly input: Buffer | Readable,
    kind: RosterFileKind | undefined,
    private readonly maxRows: number,
    private readonly xlsxLimits: Partial<XlsxLimits> = {},
  ) {
    this.summary = {
      kind: kind ?? 'csv',
      headerRow: 0,
      columns: [],
      headers: {},
      dataRows: 0,
      emptyRows: 0,
      notices: [],
    };
    this.kindGiven = kind !== undefined;
  }

  /** Row by row. Hand-rolled rather than `yield*`: an async generator costs several promise hops per row. */
  [Symbol.asyncIterator](): AsyncIterator<RosterRecord> {
    const batches = this.batches();
    let batch: RosterRecord[] = [];
    let i = 0;
    return {
      next: async (): Promise<IteratorResult<RosterRecord>> => {
        while (i >= batch.length) {
          const next = await batches.next();
          if (next.done) return { done: true, value: undefined };
          [batch, i] = [next.value, 0];
        }
        return { done: false, value: batch[i++] };
      },
      return: async (): Promise<IteratorResult<RosterRecord>> => {
        await batches.return(undefined); // closes the file streams when the caller stops early
        return { done: true, value: undefined };
      },
    };
  }

  /** The data rows in batches (up to ~1,000 rows each; never empty). */
  async *batches(): AsyncGenerator<RosterRecord[]> {
    const s = this.summary;
    let input = this.input;
    if (!this.kindGiven) {
      const peeked = Buffer.isBuffer(input) ? { head: input.subarray(0, SNIFF_BYTES), input } : await peek(input);
      s.kind = detectRosterFileKind(peeked.head);
      input = peeked.input;
    }
    const rows =
      s.kind === 'xlsx' ? readXlsxRows(input, (n) => s.notices.push(n), this.xlsxLimits) : readCsvRows(input);
    for await (const raw of rows) {
      const records = this.take(raw);
      if (records.length > 0) yield records;
    }
    if (!this.header) this.failHeader();
    if (s.emptyRows > 0) {
      s.notices.push({
        code: 'empty_rows_skipped',
        message: `${s.emptyRows} empty row(s) skipped`,
        messageVi: `Đã bỏ qua ${s.emptyRows} dòng trống`,
      });
    }
  }

  private take(raws: RawRosterRow[]): RosterRecord[] {
    const s = this.summary;
    const out: RosterRecord[] = [];
    for (const raw of raws) {
      if (!this.header) {
        this.lookForHeader(raw);
        continue;
      }
      this.pendingEmpty += raw.rowNumber - this.lastRow - 1; // XLSX leaves empty rows out
      this.lastRow = raw.rowNumber;
      const record = toRecord(raw, this.header.columns);
      if (!record) {
        this.pendingEmpty++;
        continue;
      }
      s.emptyRows += this.pendingEmpty;
      this.pendingEmpty = 0;
      if (++s.dataRows > this.maxRows) throw new RosterTooLargeError(this.maxRows);
      out.push(record);
    }
    return out;
  }

  private lookForHeader(raw: RawRosterRow): void {
    if (!raw.cells.some((c) => c.trim() !== '')) return;
    const mapped = mapHeaders(raw.cells, raw.rowNumber);
    if (mapped.ok) {
      this.header = { columns: mapped.columns, ignored: mapped.ignored, rowNumber: raw.rowNumber };
      this.lastRow = raw.rowNumber;
      this.summary.headerRow = raw.rowNumber;
      this.summary.columns = mapped.columns.map((c) => c.key);
      this.summary.headers = Object.fromEntries(mapped.columns.map((c) => [c.key, c.header]));
      if (mapped.ignored.length > 0) {
        const names = mapped.ignored.map((c) => `${columnLetter(c.index)} "${c.header}"`).join(', ');
        this.summary.notices.push({
          code: 'ignored_columns',
          message: `Ignored columns: ${names}`,
          messageVi: `Các cột bị bỏ qua: ${names}`,
        });
      }
      return;
    }
    this.firstHeaderProblems ??= mapped.problems;
    // A row naming two or more columns is the header, even with problems: report them, don't look further.
    const named = raw.cells.filter((c) => rosterColumnForHeader(c) !== null).length;
    if (named >= 2) throw new RosterHeaderError(mapped.problems);
    if (++this.headerCandidates >= HEADER_SEARCH_ROWS) this.failHeader();
  }

  private failHeader(): never {
    throw new RosterHeaderError(
      this.firstHeaderProblems ?? [
        problem(1, null, 'missing_column', 'the file has no header row', 'tệp không có dòng tiêu đề'),
      ],
    );
  }
}

/** Pick the mapped cells; undo the leading ' our exports add before = + - @ (so a round trip is lossless). */
function toRecord(raw: RawRosterRow, columns: HeaderMapping['columns']): RosterRecord | null {
  const values: Partial<Record<RosterColumnKey, string>> = {};
  let empty = true;
  for (const { index, key } of columns) {
    let cell = raw.cells[index];
    if (cell === undefined || cell === '') continue;
    if (cell.charCodeAt(0) === 39 /* ' */ && /^'[=+\-@\t\r]/.test(cell)) cell = cell.slice(1);
    values[key] = cell;
    if (empty && cell.trim() !== '') empty = false;
  }
  const problems = raw.problems
    ?.map((p) => ({ p, key: columns.find((c) => c.index === p.index)?.key }))
    .filter((x): x is { p: typeof x.p; key: RosterColumnKey } => x.key !== undefined)
    .map(({ p, key }) => problem(raw.rowNumber, key, p.code, p.reason, p.reasonVi));
  if (problems && problems.length > 0) return { rowNumber: raw.rowNumber, values, problems };
  return empty ? null : { rowNumber: raw.rowNumber, values };
}

/** Read the first bytes of a stream for sniffing, and give back a stream that still starts at byte 0. */
async function peek(input: Readable): Promise<{ head: Buffer; input: Readable }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* chunks;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return {
    head: Buffer.concat(chunks).subarray(0, SNIFF_BYTES),
    input: Readable.from(replay(), { objectMode: false }),
  };
}
