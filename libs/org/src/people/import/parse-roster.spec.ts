import { Readable } from 'node:stream';
import { UploadLimitError } from '@app/common';
import { csvBuffer, xlsxBuffer, xlsxFromRows } from '../../../../../test/fixtures/import/roster-files';
import { minimalXlsx, sharedStringsBomb } from '../../../../../test/factories/zip';
import { mapHeaders, parseRoster, RosterParse, RosterRecord } from './parse-roster';
import { RosterFileUnsupportedError, RosterHeaderError, RosterTooLargeError } from './roster-problems';

const HEADER = ['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Vai trò'];
const ROW_A = ['CB001', 'Nguyễn Văn An', 'HN', 'HR_OFFICIAL'];
const ROW_B = ['CB002', 'Trần Thị Bình', 'HN', 'ICT_MANAGER;HR_OFFICIAL'];
const values = (row: string[]) => ({ employee_code: row[0], full_name: row[1], unit_code: row[2], roles: row[3] });

async function read(parse: RosterParse): Promise<RosterRecord[]> {
  const records: RosterRecord[] = [];
  for await (const r of parse) records.push(r);
  return records;
}

describe(mapHeaders.name, () => {
  it('maps known headers, lists unknown ones, and skips the errors column of a report', () => {
    const result = mapHeaders(['STT', ...HEADER, 'Ghi chú', 'Lỗi / Errors', '']);
    expect(result).toEqual({
      ok: true,
      columns: [
        { index: 1, key: 'employee_code', header: 'Mã cán bộ' },
        { index: 2, key: 'full_name', header: 'Họ và tên' },
        { index: 3, key: 'unit_code', header: 'Mã đơn vị' },
        { index: 4, key: 'roles', header: 'Vai trò' },
      ],
      ignored: [
        { index: 0, header: 'STT' },
        { index: 5, header: 'Ghi chú' },
      ],
    });
  });

  it('names the missing required columns in Vietnamese and English', () => {
    const result = mapHeaders(['Họ và tên', 'Đơn vị']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => [p.field, p.reason])).toEqual([
        ['employee_code', 'missing required column "Mã cán bộ" (Employee code)'],
        ['roles', 'missing required column "Vai trò" (Roles)'],
      ]);
      expect(result.problems[0].reasonVi).toBe('thiếu cột bắt buộc "Mã cán bộ" (Employee code)');
    }
  });

  it('refuses two columns for the same field', () => {
    const result = mapHeaders([...HEADER, 'Đơn vị']);
    expect(!result.ok && result.problems.map((p) => [p.reason, p.column])).toEqual([
      ['columns C and E are both "Mã đơn vị" (Unit code)', 'Đơn vị'],
    ]);
  });
});

describe(`${parseRoster.name} (CSV)`, () => {
  it.each([
    ['comma, BOM', { delimiter: ',' as const, bom: true }],
    ['comma, no BOM', { delimiter: ',' as const, bom: false }],
    ['semicolon, BOM', { delimiter: ';' as const, bom: true }],
    ['semicolon, LF', { delimiter: ';' as const, bom: false, eol: '\n' }],
  ])('reads %s', async (_, options) => {
    const parse = parseRoster(csvBuffer([HEADER, ROW_A, ROW_B], options));
    expect(await read(parse)).toEqual([
      { rowNumber: 2, values: values(ROW_A) },
      { rowNumber: 3, values: values(ROW_B) },
    ]);
    expect(parse.summary).toMatchObject({ kind: 'csv', headerRow: 1, dataRows: 2, emptyRows: 0, notices: [] });
  });

  it('keeps each header as the file typed it (NFC, spaces collapsed)', async () => {
    const parse = parseRoster(csvBuffer([['Mã CB', ' Họ  tên ', 'unit_code', 'ROLE'.normalize('NFD')], ROW_A]));
    await read(parse);
    expect(parse.summary.headers).toEqual({
      employee_code: 'Mã CB',
      full_name: 'Họ tên',
      unit_code: 'unit_code',
      roles: 'ROLE',
    });
  });

  it('skips empty rows, counts those between data rows, and keeps Excel row numbers', async () => {
    const csv = csvBuffer([
      HEADER,
      ROW_A,
      [''],
      [',,,'.split(',')].flat(),
      ['CB009', 'Lê Văn "Tý"\nB', 'HN', 'R1'],
      ROW_B,
      [''],
      [''],
    ]);
    const parse = parseRoster(csv, 'csv');
    const records = await read(parse);
    expect(records.map((r) => r.rowNumber)).toEqual([2, 5, 6]); // the quoted line break stays inside row 5
    expect(records[1].values.full_name).toBe('Lê Văn "Tý"\nB');
    expect(parse.summary.emptyRows).toBe(2);
    expect(parse.summary.notices).toEqual([
      { code: 'empty_rows_skipped', message: '2 empty row(s) skipped', messageVi: 'Đã bỏ qua 2 dòng trống' },
    ]);
  });

  it('treats a row with values only in ignored columns (a pre-filled STT) as empty', async () => {
    const parse = parseRoster(
      csvBuffer([
        ['STT', ...HEADER],
        ['1', ...ROW_A],
        ['2', '', '', '', ''],
        ['3', ...ROW_B],
      ]),
    );
    expect((await read(parse)).map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(parse.summary.notices.map((n) => n.message)).toEqual(['Ignored columns: A "STT"', '1 empty row(s) skipped']);
  });

  it('finds the header below title rows', async () => {
    const parse = parseRoster(csvBuffer([['DANH SÁCH CÁN BỘ, CÔNG CHỨC'], [''], HEADER, ROW_A]));
    expect(await read(parse)).toEqual([{ rowNumber: 4, values: values(ROW_A) }]);
    expect(parse.summary.headerRow).toBe(3);
  });

  it('refuses a header without the required columns, naming them', async () => {
    const parse = parseRoster(csvBuffer([['Mã cán bộ', 'Họ và tên', 'Chức vụ'], ROW_A]));
    const error = await read(parse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterHeaderError);
    expect((error as RosterHeaderError).problems.map((p) => [p.row, p.field])).toEqual([
      [1, 'unit_code'],
      [1, 'roles'],
    ]);
    expect((error as RosterHeaderError).message).toBe(
      'missing required column "Mã đơn vị" (Unit code); missing required column "Vai trò" (Roles)',
    );
  });

  it('refuses a file with no header at all', async () => {
    await expect(
      read(
        parseRoster(
          csvBuffer([
            ['a', 'b'],
            ['1', '2'],
          ]),
        ),
      ),
    ).rejects.toBeInstanceOf(RosterHeaderError);
  });

  it('undoes the neutralising quote of our own exports', async () => {
    const parse = parseRoster(
      csvBuffer([
        [...HEADER, 'Điện thoại'],
        [...ROW_A, "'+84912345678"],
        ["'=CB", "'Ali", 'HN', 'R1'],
      ]),
    );
    const records = await read(parse);
    expect(records[0].values.phone).toBe('+84912345678');
    expect(records[1].values).toMatchObject({ employee_code: '=CB', full_name: "'Ali" });
  });

  it('refuses Windows-1258 text', async () => {
    const bytes = Buffer.concat([
      csvBuffer([HEADER]),
      Buffer.from([0x43, 0x42, 0x2c, 0x56, 0xe3, 0x6e, 0x2c, 0x48, 0x4e, 0x2c, 0x52, 0x31]),
    ]);
    await expect(read(parseRoster(bytes))).rejects.toMatchObject({ detected: '8-bit' });
  });

  it('refuses UTF-16 text (Excel "Unicode Text")', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Mã cán bộ\tHọ và tên\r\n', 'utf16le')]);
    await expect(read(parseRoster(bytes))).rejects.toMatchObject({ detected: 'utf-16le' });
  });

  it('refuses a PDF uploaded as a roster', async () => {
    await expect(read(parseRoster(Buffer.from('%PDF-1.4\n...')))).rejects.toBeInstanceOf(RosterFileUnsupportedError);
  });

  it('refuses malformed CSV with the row', async () => {
    const bytes = Buffer.from(`${HEADER.join(',')}\nCB1,"Nguyễn Văn An,HN,R1\n`);
    await expect(read(parseRoster(bytes))).rejects.toMatchObject({
      detected: 'csv-malformed',
      message: expect.stringContaining('in row 2: a quote is not closed'),
    });
  });

  it('reads a stream, detecting the kind from the first bytes', async () => {
    const bytes = csvBuffer([HEADER, ROW_A, ROW_B], { bom: true });
    const stream = Readable.from([bytes.subarray(0, 5), bytes.subarray(5, 40), bytes.subarray(40)]);
    expect((await read(parseRoster(stream))).map((r) => r.values.employee_code)).toEqual(['CB001', 'CB002']);
  });

  it('stops at maxRows with 413', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => [`CB${i}`, 'Lê An', 'HN', 'R1']);
    const error = await read(parseRoster(csvBuffer([HEADER, ...rows]), 'csv', { maxRows: 10 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RosterTooLargeError);
    expect((error as RosterTooLargeError).status).toBe(413);
  });
});

describe(`${parseRoster.name} (XLSX)`, () => {
  it.each([
    ['shared strings', { useSharedStrings: true }],
    ['inline strings', { useSharedStrings: false }],
  ])('reads a workbook with %s', async (_, options) => {
    const xlsx = await xlsxFromRows([HEADER, ROW_A, ROW_B], options);
    const parse = parseRoster(xlsx);
    expect(await read(parse)).toEqual([
      { rowNumber: 2, values: values(ROW_A) },
      { rowNumber: 3, values: values(ROW_B) },
    ]);
    expect(parse.summary).toMatchObject({ kind: 'xlsx', headerRow: 1, dataRows: 2 });
  });

  it('turns numbers, dates, rich text, booleans and formulas into text', async () => {
    const xlsx = await xlsxBuffer((wb) => {
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow([...HEADER, 'Điện thoại', 'Ngày sinh', 'Từ ngày', 'Chức vụ', 'Giới tính']).commit();
      const row = ws.addRow([
        12345,
        { richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Văn An' }] },
        { formula: 'LOWER("HN")', result: 'hn' },
        'HR_OFFICIAL',
        912345678,
        new Date(Date.UTC(1985, 2, 5)),
        { formula: 'DATE(2024,1,15)', result: 45306 },
        true,
        { formula: 'A2*2', result: 24690 },
      ]);
      row.getCell(6).numFmt = 'dd/mm/yyyy';
      row.getCell(7).numFmt = 'dd/mm/yyyy';
      row.commit();
      ws.commit();
    });
    expect(await read(parseRoster(xlsx, 'xlsx'))).toEqual([
      {
        rowNumber: 2,
        values: {
          employee_code: '12345',
          full_name: 'Nguyễn Văn An',
          unit_code: 'hn',
          roles: 'HR_OFFICIAL',
          phone: '912345678',
          birth_date: '1985-03-05',
          status_from: '2024-01-15',
          position_title: 'TRUE',
          gender: '24690',
        },
      },
    ]);
  });

  it('reports error cells and formulas without a value as cell problems', async () => {
    const xlsx = await xlsxFromRows([
      [...HEADER, 'Ngày sinh'],
      [...ROW_A, { error: '#N/A' }],
      [...ROW_B.slice(0, 3), { formula: 'CONCAT("A","B")' }],
    ]);
    const records = await read(parseRoster(xlsx));
    expect(records.map((r) => r.problems?.map((p) => [p.row, p.field, p.code, p.reason]))).toEqual([
      [[2, 'birth_date', 'cell_error', 'the cell holds the error #N/A']],
      [[3, 'roles', 'formula_without_value', 'formula with no computed value; paste values instead']],
    ]);
  });

  it('counts rows missing from the sheet as empty rows, keeps row numbers, reads only the first sheet', async () => {
    const xlsx = await xlsxBuffer((wb) => {
      const ws = wb.addWorksheet('Cán bộ');
      ws.getRow(1).values = HEADER;
      ws.getRow(1).commit();
      ws.getRow(2).values = ROW_A;
      ws.getRow(2).commit();
      ws.getRow(6).values = ROW_B; // rows 3–5 never written
      ws.getRow(6).commit();
      ws.commit();
      const other = wb.addWorksheet('Hướng dẫn');
      other.addRow(['Điền mỗi người một dòng']).commit();
      other.commit();
    });
    const parse = parseRoster(xlsx);
    expect((await read(parse)).map((r) => r.rowNumber)).toEqual([2, 6]);
    expect(parse.summary.emptyRows).toBe(3);
    expect(parse.summary.notices.map((n) => n.code)).toEqual(['other_sheets_ignored', 'empty_rows_skipped']);
    expect(parse.summary.notices[0].message).toBe('Only the sheet "Cán bộ" was read; ignored: Hướng dẫn');
  });

  it('reads an XLSX stream', async () => {
    const xlsx = await xlsxFromRows([HEADER, ROW_A]);
    const stream = Readable.from([xlsx.subarray(0, 100), xlsx.subarray(100)]);
    expect(await read(parseRoster(stream))).toEqual([{ rowNumber: 2, values: values(ROW_A) }]);
  });

  it('refuses a damaged workbook', async () => {
    const xlsx = await xlsxFromRows([HEADER, ROW_A]);
    const damaged = Buffer.concat([xlsx.subarray(0, 200), Buffer.alloc(400, 0x41), xlsx.subarray(600)]);
    await expect(read(parseRoster(damaged))).rejects.toMatchObject({
      detected: expect.stringMatching(/xlsx-unreadable|zip/),
    });
  });

  it('refuses a shared-strings bomb before exceljs reads it, naming the limit (413)', async () => {
    const error = await read(parseRoster(sharedStringsBomb(5_000_000))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadLimitError);
    expect(error).toMatchObject({ status: 413, limit: 'maxCompressionRatio', max: 100 });
  });

  it('refuses an encrypted workbook as unsupported (415)', async () => {
    const encrypted = minimalXlsx({ sheet: { extraFlags: 1 } });
    await expect(read(parseRoster(encrypted))).rejects.toMatchObject({ status: 415, detected: 'xlsx-encrypted' });
  });

  it("leaves a few rows too many to the importer's own limit; a sheet far beyond it is refused while unzipped", async () => {
    const xlsx = await xlsxFromRows([HEADER, ...Array.from({ length: 12 }, (_, i) => [`CB${i}`, 'Lê An', 'HN', 'R'])]);
    await expect(read(parseRoster(xlsx, 'xlsx', { maxRows: 10 }))).rejects.toBeInstanceOf(RosterTooLargeError);
    await expect(read(parseRoster(xlsx, 'xlsx', { xlsxLimits: { maxRows: 5 } }))).rejects.toMatchObject({
      status: 400,
      limit: 'maxRows',
    });
  });

  it('names the missing columns of an XLSX header', async () => {
    const xlsx = await xlsxFromRows([
      ['Họ và tên', 'Vai trò', 'Mã đơn vị'],
      ['Lê An', 'R1', 'HN'],
    ]);
    const error = await read(parseRoster(xlsx)).catch((e: unknown) => e);
    expect((error as RosterHeaderError).problems.map((p) => p.field)).toEqual(['employee_code']);
  });
});
