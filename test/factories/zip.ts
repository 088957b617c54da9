import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A small hand-written zip writer for tests that need archives no real writer makes: zip bombs, entries whose
 * headers lie about their size, entries with data descriptors. CRCs are written when the content is known
 * (nothing in the upload path checks them).
 */
export interface ZipEntrySpec {
  name: string;
  /** Uncompressed content; deflated by the writer unless `stored`. */
  data?: Buffer | string;
  /** Already raw-deflated content and its real uncompressed size (see repeatedDeflate). */
  deflated?: { bytes: Buffer; size: number };
  stored?: boolean;
  /** Flag bit 3: sizes are 0 in the local header and follow the data in a data descriptor. */
  dataDescriptor?: boolean;
  /** Lie: the uncompressed size written in the local header, the descriptor and the central directory. */
  declaredSize?: number;
  /** Raw general-purpose flags OR-ed in (e.g. 1 = encrypted). */
  extraFlags?: number;
  /** Raw extra field of the local header (e.g. a zip64 one). */
  extraField?: Buffer;
}

export function zipBuffer(entries: ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = e.data === undefined ? undefined : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const method = e.stored ? 0 : 8;
    const body = e.deflated?.bytes ?? (e.stored ? raw! : deflateRawSync(raw ?? Buffer.alloc(0)));
    const realSize = e.deflated?.size ?? raw?.length ?? 0;
    const size = e.declaredSize ?? realSize;
    const crc = raw ? crc32(raw) : 0;
    const flags = (e.dataDescriptor ? 0x08 : 0) | 0x800 | (e.extraFlags ?? 0);
    const extra = e.extraField ?? Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const record = [local, name, extra, body];
    if (e.dataDescriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(size % 2 ** 32, 12);
      record.push(dd);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size % 2 ** 32, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    for (const b of record) {
      parts.push(b);
      offset += b.length;
    }
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, eocd]);
}

/**
 * Raw deflate of `prefix + unit × count + suffix` without ever holding the expansion in memory: one block of
 * `unit × chunk` is compressed once against a 32 KB dictionary of units and repeated. Every copy decodes alike,
 * because the decoder's window before it always ends with the same units. About 1,000:1.
 */
export function repeatedDeflate(
  prefix: string,
  unit: string,
  count: number,
  suffix: string,
): { bytes: Buffer; size: number } {
  const u = Buffer.from(unit, 'utf8');
  const times = (n: number): Buffer => Buffer.alloc(u.length * n, u);
  const windowUnits = Math.ceil(32_768 / u.length);
  const chunk = 1_000_000;
  const dictionary = times(windowUnits);
  const head = Math.min(count, windowUnits);
  const copies = Math.floor((count - head) / chunk);
  const rest = count - head - copies * chunk;
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const start = deflateRawSync(Buffer.concat([Buffer.from(prefix, 'utf8'), times(head)]), sync);
  const tailPlain = Buffer.concat([times(rest), Buffer.from(suffix, 'utf8')]);
  if (head < windowUnits) {
    // Too short for the trick: compress it plainly.
    const plain = Buffer.concat([Buffer.from(prefix, 'utf8'), times(head), tailPlain]);
    return { bytes: deflateRawSync(plain), size: plain.length };
  }
  const block = copies > 0 ? deflateRawSync(times(chunk), { ...sync, dictionary }) : Buffer.alloc(0);
  const end = deflateRawSync(tailPlain, { level: 9, dictionary });
  const bytes = Buffer.concat([start, ...Array.from({ length: copies }, () => block), end]);
  return { bytes, size: Buffer.byteLength(prefix) + u.length * count + Buffer.byteLength(suffix) };
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
export const SST_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;
export const SHEET_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
export const SHEET_CLOSE = '</sheetData></worksheet>';

/** A minimal workbook whose parts can be replaced: sharedStrings.xml and sheet1.xml come before anything else. */
export function minimalXlsx(
  parts: { sharedStrings?: Partial<ZipEntrySpec>; sheet?: Partial<ZipEntrySpec> } = {},
): Buffer {
  const sheet = `${SHEET_OPEN}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_CLOSE}`;
  return zipBuffer([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    { name: 'xl/sharedStrings.xml', data: `${SST_OPEN}<si><t>Mã cán bộ</t></si></sst>`, ...parts.sharedStrings },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, ...parts.sheet },
  ]);
}

/**
 * The zip bomb of the security report: a valid workbook whose sharedStrings.xml repeats `<si><t>abc</t></si>`
 * `count` times (19 bytes each: 30 million → 570 MB from about 1.4 MB). Not one-letter text: V8 caches those.
 */
export function sharedStringsBomb(count: number, entry: Partial<ZipEntrySpec> = {}, text = 'abc'): Buffer {
  const deflated = repeatedDeflate(SST_OPEN, `<si><t>${text}</t></si>`, count, '</sst>');
  return minimalXlsx({ sharedStrings: { deflated, data: undefined, ...entry } });
}
