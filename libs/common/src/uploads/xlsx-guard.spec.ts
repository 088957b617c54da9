import { deflateRawSync } from 'node:zlib';
import {
  minimalXlsx,
  repeatedDeflate,
  sharedStringsBomb,
  SHEET_CLOSE,
  SHEET_OPEN,
  SST_OPEN,
  zipBuffer,
  ZipEntrySpec,
} from '../../../../test/factories/zip';
import { xlsxFromRows } from '../../../../test/fixtures/import/roster-files';
import { UnreadableArchiveError, UploadLimitError, XlsxLimits } from './upload-limits';
import { inspectXlsx, readUploadBounded } from './xlsx-guard';
import { Readable } from 'node:stream';

const sst = (...items: string[]): string => `${SST_OPEN}${items.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;
const sheet = (rows: string): string => `${SHEET_OPEN}${rows}${SHEET_CLOSE}`;
const withSheet = (xml: string): Buffer => minimalXlsx({ sheet: { data: xml } });
const withStrings = (xml: string): Buffer => minimalXlsx({ sharedStrings: { data: xml } });

async function refusal(
  zip: Buffer,
  limits: Partial<XlsxLimits> = {},
): Promise<UploadLimitError | UnreadableArchiveError> {
  const error = await inspectXlsx(zip, limits).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof UploadLimitError || error instanceof UnreadableArchiveError)) {
    throw new Error(`expected a refusal, got ${String(error)}`);
  }
  return error;
}

/** Zeros: deflate packs them about 1,000:1 (large ones are compressed without being held in memory). */
const zerosEntry = (name: string, bytes: number, spec: Partial<ZipEntrySpec> = {}): ZipEntrySpec => ({
  name,
  deflated:
    bytes > 10_000_000
      ? repeatedDeflate('', '\0', bytes, '')
      : { bytes: deflateRawSync(Buffer.alloc(bytes)), size: bytes },
  ...spec,
});

describe('inspectXlsx', () => {
  it('accepts a workbook written by exceljs and counts what it holds', async () => {
    const zip = await xlsxFromRows([
      ['Mã cán bộ', 'Họ và tên'],
      ['CB1', 'Nguyễn Văn An'],
      ['CB2', 'Trần Thị Bình'],
    ]);
    await expect(inspectXlsx(zip)).resolves.toMatchObject({
      sharedStrings: 6,
      rows: { 'xl/worksheets/sheet1.xml': 3 },
    });
  });

  it('accepts entries whose sizes follow in data descriptors', async () => {
    const zip = minimalXlsx({ sharedStrings: { dataDescriptor: true }, sheet: { dataDescriptor: true } });
    await expect(inspectXlsx(zip)).resolves.toMatchObject({ entries: 6, sharedStrings: 1 });
  });

  it('refuses the shared-strings bomb of the report (20 million strings in 0.9 MB) with 413, memory flat', async () => {
    const bomb = sharedStringsBomb(20_000_000);
    expect(bomb.length).toBeLessThan(2 * 2 ** 20);
    const heap = process.memoryUsage().heapUsed;
    const error = await refusal(bomb);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 2 ** 20);
    expect(error).toBeInstanceOf(UploadLimitError);
    expect(error).toMatchObject({ status: 413, limit: 'maxSharedStrings', part: 'xl/sharedStrings.xml' });
    expect(error.message).toContain('maxSharedStrings = 2,000,000');
    expect((error.details as { messageVi: string }).messageVi).toContain('chuỗi dùng chung');
  });

  it('stops inflating at the limit: a truncated bomb is refused for its size, not found damaged at its end', async () => {
    const { bytes, size } = repeatedDeflate('', '\0', 500_000_000, '');
    const truncated = { bytes: bytes.subarray(0, bytes.length - 100), size };
    const zip = zipBuffer([{ name: 'xl/media/image1.png', deflated: truncated }]);
    expect(await refusal(zip)).toMatchObject({ status: 413, limit: 'maxCompressionRatio' });
  });

  it('judges the ratio only above ratioFloorBytes', async () => {
    await expect(inspectXlsx(zipBuffer([zerosEntry('a.bin', 900_000)]))).resolves.toBeTruthy();
    expect(await refusal(zipBuffer([zerosEntry('a.bin', 2_000_000)]))).toMatchObject({
      status: 413,
      limit: 'maxCompressionRatio',
      max: 100,
      part: 'a.bin',
    });
  });

  it.each([
    ['in its local header and central directory', { declaredSize: 1_000 }],
    ['behind a data descriptor', { dataDescriptor: true, declaredSize: 1_000 }],
  ])('refuses a bomb entry that lies about its size %s', async (_, lie) => {
    const zip = zipBuffer([zerosEntry('xl/media/image1.png', 300_000_000, lie)]);
    expect(await refusal(zip)).toMatchObject({ status: 413, limit: 'maxCompressionRatio' });
  });

  it('refuses an entry whose declared size is not its real size', async () => {
    const zip = zipBuffer([{ name: 'docProps/app.xml', data: 'x'.repeat(100), declaredSize: 10 }]);
    expect(await refusal(zip)).toMatchObject({ status: 415, problem: 'damaged', part: 'docProps/app.xml' });
  });

  it('bounds the total inflated size, and the size of one parsed part', async () => {
    const stored = (name: string): ZipEntrySpec => ({ name, data: '<a/>'.repeat(150_000), stored: true });
    expect(await refusal(zipBuffer([stored('a'), stored('b')]), { maxUncompressedBytes: 1_000_000 })).toMatchObject({
      status: 413,
      limit: 'maxUncompressedBytes',
      part: 'b',
    });
    expect(await refusal(zipBuffer([stored('xl/styles.xml')]), { maxPartBytes: 500_000 })).toMatchObject({
      status: 413,
      limit: 'maxPartBytes',
    });
  });

  it('counts shared strings and their characters', async () => {
    const strings = withStrings(sst('một', 'hai', 'ba', 'bốn&amp;'));
    await expect(inspectXlsx(strings)).resolves.toMatchObject({ sharedStrings: 4, sharedStringChars: 12 });
    expect(await refusal(strings, { maxSharedStrings: 3 })).toMatchObject({ status: 413, limit: 'maxSharedStrings' });
    expect(await refusal(strings, { maxSharedStringChars: 10 })).toMatchObject({
      status: 413,
      limit: 'maxSharedStringChars',
    });
  });

  it('bounds the length of a cell (an entity counts as one character)', async () => {
    await expect(inspectXlsx(withStrings(sst('&amp;'.repeat(32_767))))).resolves.toBeTruthy();
    expect(await refusal(withStrings(sst('x'.repeat(32_768))))).toMatchObject({
      status: 400,
      limit: 'maxCellChars',
      max: 32_767,
    });
    const rich = `${SST_OPEN}<si><r><t>${'a'.repeat(20_000)}</t></r><r><t>${'b'.repeat(20_000)}</t></r></si></sst>`;
    expect(await refusal(withStrings(rich))).toMatchObject({ limit: 'maxCellChars' });
    const inline = sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'ư'.repeat(40_000)}</t></is></c></row>`);
    expect(await refusal(withSheet(inline))).toMatchObject({ status: 400, limit: 'maxCellChars' });
  });

  it('bounds the rows of a worksheet', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`);
    const zip = withSheet(sheet(rows.join('')));
    await expect(inspectXlsx(zip, { maxRows: 6 })).resolves.toMatchObject({ rows: { 'xl/worksheets/sheet1.xml': 6 } });
    expect(await refusal(zip, { maxRows: 5 })).toMatchObject({
      status: 400,
      limit: 'maxRows',
      part: 'xl/worksheets/sheet1.xml',
    });
  });

  it('bounds the columns of cells with content; empty styled cells far right are fine', async () => {
    await expect(
      inspectXlsx(withSheet(sheet('<row r="1"><c r="GR1"><v>1</v></c><c r="XFD1" s="1"/></row>'))),
    ).resolves.toBeTruthy();
    expect(await refusal(withSheet(sheet('<row r="1"><c r="GS1"><v>1</v></c></row>')))).toMatchObject({
      status: 400,
      limit: 'maxColumns',
      max: 200,
    });
    // Without references, cells take the next column.
    const cells = '<c><v>1</v></c>'.repeat(201);
    expect(await refusal(withSheet(sheet(`<row>${cells}</row>`)))).toMatchObject({ limit: 'maxColumns' });
    // Past Excel's grid: no workbook has it.
    expect(await refusal(withSheet(sheet('<row r="1"><c r="XFE1" s="1"/></row>')))).toMatchObject({ status: 415 });
    const cols = `${SHEET_OPEN.replace('<sheetData>', '')}<cols><col min="1" max="100000000"/></cols><sheetData/></worksheet>`;
    expect(await refusal(withSheet(cols))).toMatchObject({ status: 415, problem: 'damaged' });
  });

  it('bounds tags, refuses a DOCTYPE, and reads comments, CDATA and prefixes', async () => {
    const long = sheet(`<row r="1" x="${'y'.repeat(70_000)}"/>`);
    expect(await refusal(withSheet(long))).toMatchObject({ status: 400, limit: 'maxTagBytes' });
    const doctype = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]>${sst('&a;')}`;
    expect(await refusal(withStrings(doctype))).toMatchObject({ status: 415, problem: 'dtd' });
    const prefixed = `<x:sst xmlns:x="urn:x"><!-- <si> --><x:si><x:t><![CDATA[a<b>]]></x:t></x:si></x:sst>`;
    await expect(inspectXlsx(withStrings(prefixed))).resolves.toMatchObject({ sharedStrings: 1 });
  });

  it.each([
    ['encrypted', { extraFlags: 1 }],
    ['zip64', { extraField: Buffer.from([1, 0, 16, 0, ...Array(16).fill(0)]) }],
  ])('refuses %s entries with 415', async (problem, spec) => {
    const zip = zipBuffer([{ name: 'xl/workbook.xml', data: '<workbook/>', ...spec }]);
    expect(await refusal(zip)).toMatchObject({ status: 415, problem });
  });

  it('refuses archives whose two directories disagree, duplicates, and too many entries', async () => {
    const zip = zipBuffer([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/styles.xml', data: '<styleSheet/>' },
    ]);
    const renamed = Buffer.from(zip);
    const central = renamed.lastIndexOf('xl/styles.xml');
    renamed.write('xl/styleX.xml', central); // only the central directory's name changes
    expect(await refusal(renamed)).toMatchObject({ status: 415, problem: 'damaged' });
    const twice = zipBuffer([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ]);
    expect(await refusal(twice)).toMatchObject({ status: 415, problem: 'duplicate' });
    expect(await refusal(zip, { maxEntries: 1 })).toMatchObject({ status: 413, limit: 'maxEntries' });
    expect(await refusal(zip.subarray(0, zip.length - 10))).toMatchObject({ status: 415, problem: 'damaged' });
  });

  it('reads a streamed upload up to maxFileBytes', async () => {
    await expect(readUploadBounded(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 20)).resolves.toHaveLength(20);
    await expect(readUploadBounded(Readable.from([Buffer.alloc(10), Buffer.alloc(11)]), 20)).rejects.toMatchObject({
      status: 413,
      limit: 'maxFileBytes',
    });
  });
});
