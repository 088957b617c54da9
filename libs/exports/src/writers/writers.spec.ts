import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { csvStream } from '@app/common';
import { ExportColumn, SUMMARY_PART } from '../kinds/export-kind';
import { csvCell, ExportRow, headerCells } from './cells';
import { writeCsv } from './csv.writer';
import { writeXlsx } from './xlsx.writer';

const COLUMNS: ExportColumn[] = [
  { key: 'code', vi: 'Mã cán bộ', en: 'Code', type: 'text', width: 14 },
  { key: 'name', vi: 'Họ và tên', en: 'Name', type: 'text', width: 28 },
  { key: 'day', vi: 'Từ ngày', en: 'Since', type: 'date', width: 12 },
  { key: 'score', vi: 'Điểm', en: 'Score', type: 'number', width: 8 },
  {
    key: 'status',
    vi: 'Trạng thái',
    en: 'Status',
    type: 'text',
    width: 16,
    labels: { active: { vi: 'đang công tác', en: 'active' } },
  },
];
const SUMMARY: ExportColumn[] = [
  { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', type: 'text', width: 14 },
  { key: 'people', vi: 'Số người', en: 'People', type: 'number', width: 10 },
];

const ROWS: ExportRow[] = [
  { code: '00123', name: 'Nguyễn Thị Ánh Tuyết', day: '2025-03-04', score: 87.5, status: 'active' },
  { code: '=HYPERLINK("x")', name: 'Trần, Văn "Đức"', day: null, score: null, status: 'left' },
  { code: '+84912', name: 'line\nbreak\r\nand <tag> & \u0001', day: '1999-12-31', score: 0, status: '' },
  { code: '-3', name: ' spaced ', day: 'not a day', score: -1, status: null },
];

async function* from<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** What common's csvStream (csv-stringify) writes for the same cells: the bytes the exports wrote before. */
const stringified = (rows: ExportRow[], columns = COLUMNS): Promise<Buffer> =>
  buffer(
    csvStream(from([headerCells(columns, 'vi'), ...rows.map((r) => columns.map((c) => csvCell(c, r[c.key], 'vi')))])),
  );

/** An endless source that counts how many rows were taken and whether it was closed. */
function endless(): { rows: AsyncGenerator<ExportRow>; taken: () => number; closed: () => boolean } {
  let taken = 0;
  let closed = false;
  const rows = (async function* () {
    try {
      for (;;) {
        taken++;
        yield {
          code: String(taken).padStart(8, '0'),
          name: 'Nguyễn Văn A',
          day: '2025-01-01',
          score: 1,
          status: 'active',
        };
      }
    } finally {
      closed = true;
    }
  })();
  return { rows, taken: () => taken, closed: () => closed };
}

/** Waits until `taken` stops moving (the zip deflates on the thread pool, so give it real time, not only turns). */
async function settle(taken: () => number = () => 0): Promise<void> {
  for (let before = -1; before !== taken(); ) {
    before = taken();
    for (let i = 0; i < 20; i++) await nextTurn();
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('writeCsv', () => {
  it('writes the same bytes as csv-stringify did: BOM, CRLF, quoting, formulas neutralised, leading zeros', async () => {
    const written = await buffer(writeCsv(from(ROWS), COLUMNS, 'vi'));
    expect(written.equals(await stringified(ROWS))).toBe(true);
    const [header, ...rows]: string[][] = parse(written.toString('utf8').slice(1));
    expect(header[0]).toBe('Mã cán bộ');
    expect(rows.map((r) => r[0])).toEqual(['00123', `'=HYPERLINK("x")`, "'+84912", "'-3"]);
    expect(rows[1][1]).toBe('Trần, Văn "Đức"');
    expect(rows[0][2]).toBe('04/03/2025');
  });

  it('writes the same bytes as csv-stringify for any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.oneof(fc.string(), fc.constant(null)), { minLength: 5, maxLength: 5 })),
        async (cells) => {
          const rows = cells.map((c) => ({ code: c[0], name: c[1], day: c[2], score: null, status: c[4] }));
          const written = await buffer(writeCsv(from(rows), COLUMNS, 'en'));
          const expected = await buffer(
            csvStream(
              from([
                headerCells(COLUMNS, 'en'),
                ...rows.map((r) => COLUMNS.map((c) => csvCell(c, r[c.key as keyof typeof r], 'en'))),
              ]),
            ),
          );
          expect(written.toString('utf8')).toBe(expected.toString('utf8'));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads no further than the reader asks (backpressure) and closes the source when the reader goes away', async () => {
    const source = endless();
    const stream = writeCsv(source.rows, COLUMNS, 'vi');
    stream.read(0); // start, then read nothing
    await settle(source.taken);
    const taken = source.taken();
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(5_000); // a chunk or two of ~64 KB, not the endless rest
    await settle();
    expect(source.taken()).toBe(taken);
    stream.destroy();
    await settle();
    expect(source.closed()).toBe(true);
  });

  it('ends with the error of a failing source', async () => {
    const failing = (async function* () {
      yield ROWS[0];
      throw new Error('cursor lost');
    })();
    await expect(buffer(writeCsv(failing, COLUMNS, 'vi'))).rejects.toThrow('cursor lost');
  });
});

async function readBack(stream: Readable): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load((await buffer(stream)) as unknown as ArrayBuffer);
  return wb;
}

describe('writeXlsx', () => {
  it('reads back with exceljs: bold frozen header, widths, dates as dates, numbers, text kept as written', async () => {
    const wb = await readBack(writeXlsx(from(ROWS), COLUMNS, 'vi', 'danh-sach-can-bo'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['danh-sach-can-bo']);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.columns.map((c) => c.width)).toEqual([14, 28, 12, 8, 16]);
    expect(ws.getRow(1).values).toEqual([undefined, 'Mã cán bộ', 'Họ và tên', 'Từ ngày', 'Điểm', 'Trạng thái']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '00123',
      'Nguyễn Thị Ánh Tuyết',
      new Date(Date.UTC(2025, 2, 4)),
      87.5,
      'đang công tác',
    ]);
    expect(ws.getCell('C2').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(ws.getCell('A3').value).toBe(`'=HYPERLINK("x")`);
    expect(ws.getCell('B3').value).toBe('Trần, Văn "Đức"');
    expect(ws.getCell('C3').value).toBeNull();
    // XML reads a CR LF as LF (as it did with exceljs); a control character XML cannot carry is dropped.
    expect(ws.getCell('B4').value).toBe('line\nbreak\nand <tag> & ');
    expect(ws.getCell('D4').value).toBe(0);
    expect(ws.getCell('E4').value).toBeNull(); // an empty text reads back empty, as with exceljs's writer
    expect(ws.getCell('A5').value).toBe("'-3");
    expect(ws.getCell('B5').value).toBe(' spaced ');
    expect(ws.getCell('C5').value).toBeNull();
    expect(ws.rowCount).toBe(5);
  });

  it('puts the summary rows on a second sheet of their own columns (an empty one when there are none)', async () => {
    const rows = [
      ...ROWS.slice(0, 2),
      { part: SUMMARY_PART, unitCode: 'X01', people: 7 },
      { part: SUMMARY_PART, unitCode: 'X02', people: 3 },
    ];
    const summary = { sheetName: 'Chưa có tên', columns: SUMMARY };
    const wb = await readBack(writeXlsx(from(rows), COLUMNS, 'vi', 'chua-boi-duong', summary));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['chua-boi-duong', 'Chưa có tên']);
    expect(wb.worksheets[0].rowCount).toBe(3);
    const sheet2: unknown[][] = [];
    wb.worksheets[1].eachRow((r) => sheet2.push((r.values as unknown[]).slice(1)));
    expect(sheet2).toEqual([
      ['Mã đơn vị', 'Số người'],
      ['X01', 7],
      ['X02', 3],
    ]);
    const empty = await readBack(writeXlsx(from(ROWS), COLUMNS, 'vi', 'chua-boi-duong', summary));
    expect(empty.worksheets[1].rowCount).toBe(1);
  });

  it('reads no further than the reader asks (backpressure) and closes the source when the reader goes away', async () => {
    const source = endless();
    const stream = writeXlsx(source.rows, COLUMNS, 'vi', 'x');
    stream.read(0);
    await settle(source.taken);
    const taken = source.taken();
    expect(taken).toBeGreaterThan(0);
    // What fills the zip's and the deflater's buffers, not the endless rest. Their size follows Node's default stream
    // highWaterMark (16 KiB on Node 20, 64 KiB from Node 22): about 15,000 rows on 20 and 23,000 on 22.
    expect(taken).toBeLessThan(100_000);
    await settle();
    expect(source.taken()).toBe(taken);
    stream.destroy();
    await settle();
    expect(source.closed()).toBe(true);
  });

  it('ends with the error of a failing source', async () => {
    const failing = (async function* () {
      yield ROWS[0];
      throw new Error('cursor lost');
    })();
    await expect(buffer(writeXlsx(failing, COLUMNS, 'vi', 'x'))).rejects.toThrow('cursor lost');
  });
});
