import { type CsvDelimiter, detectDelimiter } from '@app/common';
import { RosterFileUnsupportedError } from './roster-problems';

/** Shared with every CSV upload (libs/common/src/uploads/csv-records.ts). */
export { detectDelimiter };
export type { CsvDelimiter };

export type RosterFileKind = 'csv' | 'xlsx';

/** How many leading bytes the sniffers look at. */
export const SNIFF_BYTES = 4096;

const SAVE_AS_EN = 'In Excel choose File → Save As → “CSV UTF-8 (Comma delimited)” or “Excel Workbook (.xlsx)”.';
const SAVE_AS_VI = 'Trong Excel chọn Tệp → Lưu thành → “CSV UTF-8 (Comma delimited)” hoặc “Excel Workbook (.xlsx)”.';

const startsWith = (b: Uint8Array, ...sig: number[]): boolean => sig.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

function unsupported(detected: string, what: string, whatVi: string): RosterFileUnsupportedError {
  return new RosterFileUnsupportedError(`${what} ${SAVE_AS_EN}`, `${whatVi} ${SAVE_AS_VI}`, detected);
}

/**
 * Decide from the first bytes whether an upload is XLSX or CSV text; anything else throws a
 * RosterFileUnsupportedError that says what the file looks like. CSV candidates are not yet checked for UTF-8
 * (decodeCsvChunks does that while reading).
 */
export function detectRosterFileKind(head: Uint8Array): RosterFileKind {
  if (head.length === 0) {
    throw new RosterFileUnsupportedError('The file is empty', 'Tệp rỗng', 'empty');
  }
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
    // An OpenDocument spreadsheet is a zip too; its first entry is the uncompressed "mimetype".
    if (ascii(head, 30, 120).includes('opendocument')) {
      throw unsupported('ods', 'OpenDocument (.ods) is not supported.', 'Không hỗ trợ tệp OpenDocument (.ods).');
    }
    return 'xlsx';
  }
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0)) {
    throw new RosterFileUnsupportedError(
      'XLS (Excel 97–2003) is not supported; save as .xlsx or CSV UTF-8 (a password-protected workbook looks the same: remove the password)',
      'Không hỗ trợ tệp XLS (Excel 97–2003); hãy lưu thành .xlsx hoặc CSV UTF-8 (tệp có mật khẩu cũng có dạng này: hãy gỡ mật khẩu)',
      'xls',
    );
  }
  const binary = binaryKind(head);
  if (binary) {
    throw unsupported(
      binary.detected,
      `This is ${binary.en}, not a roster (CSV or XLSX).`,
      `Đây là ${binary.vi}, không phải danh sách (CSV hoặc XLSX).`,
    );
  }
  const encoding = sniffTextEncoding(head);
  if (encoding) {
    throw notUtf8(encoding);
  }
  return 'csv';
}

function binaryKind(head: Uint8Array): { detected: string; en: string; vi: string } | null {
  if (startsWith(head, 0x25, 0x50, 0x44, 0x46)) return { detected: 'pdf', en: 'a PDF document', vi: 'tài liệu PDF' };
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47)) return { detected: 'png', en: 'a PNG image', vi: 'ảnh PNG' };
  if (startsWith(head, 0xff, 0xd8, 0xff)) return { detected: 'jpeg', en: 'a JPEG image', vi: 'ảnh JPEG' };
  if (startsWith(head, 0x47, 0x49, 0x46, 0x38)) return { detected: 'gif', en: 'a GIF image', vi: 'ảnh GIF' };
  if (startsWith(head, 0x50, 0x4b)) return { detected: 'zip', en: 'a zip archive', vi: 'tệp nén zip' };
  if (startsWith(head, 0x7b, 0x5c, 0x72, 0x74, 0x66)) {
    return { detected: 'rtf', en: 'an RTF document', vi: 'văn bản RTF' };
  }
  const text = ascii(head, 0, 512)
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  // Many systems export an HTML table or Excel 2003 XML and name it .xls.
  if (text.startsWith('<')) {
    const xml = text.startsWith('<?xml') && !text.includes('<html');
    return xml
      ? { detected: 'xml', en: 'an XML file (Excel 2003 XML?)', vi: 'tệp XML (Excel 2003 XML?)' }
      : {
          detected: 'html',
          en: 'an HTML page (often saved with a .xls name)',
          vi: 'trang HTML (thường được đặt tên .xls)',
        };
  }
  return null;
}

type NonUtf8 = 'utf-16le' | 'utf-16be' | 'utf-32' | 'binary' | '8-bit';

/** UTF-16/32 by BOM or NUL pattern, or other binary content with NULs; null when it may be UTF-8 text. */
function sniffTextEncoding(head: Uint8Array): NonUtf8 | null {
  if (startsWith(head, 0xff, 0xfe, 0, 0) || startsWith(head, 0, 0, 0xfe, 0xff)) return 'utf-32';
  if (startsWith(head, 0xff, 0xfe)) return 'utf-16le';
  if (startsWith(head, 0xfe, 0xff)) return 'utf-16be';
  const n = Math.min(head.length, 1024);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const pairs = Math.max(1, Math.floor(n / 2));
  // ASCII text in UTF-16 LE is "x\0y\0…": NULs at odd offsets in (almost) every pair.
  if (oddNuls > pairs * 0.3 && evenNuls < oddNuls / 10) return 'utf-16le';
  if (evenNuls > pairs * 0.3 && oddNuls < evenNuls / 10) return 'utf-16be';
  if (evenNuls + oddNuls > 0) return 'binary';
  return null;
}

function notUtf8(encoding: NonUtf8, line?: number): RosterFileUnsupportedError {
  const where = line ? ` (first invalid byte on line ${line})` : '';
  const whereVi = line ? ` (byte lỗi đầu tiên ở dòng ${line})` : '';
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16be': {
      const name = encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
      return unsupported(
        encoding,
        `The file is ${name} text (Excel “Unicode Text”), not UTF-8.`,
        `Tệp là văn bản ${name} (Excel “Unicode Text”), không phải UTF-8.`,
      );
    }
    case 'utf-32':
      return unsupported('utf-32', 'The file is UTF-32 text, not UTF-8.', 'Tệp là văn bản UTF-32, không phải UTF-8.');
    case 'binary':
      return unsupported(
        'binary',
        'This is a binary file, not CSV or XLSX.',
        'Đây là tệp nhị phân, không phải CSV hoặc XLSX.',
      );
    case '8-bit':
      return unsupported(
        '8-bit',
        `The file is not UTF-8: it looks like Windows-1258 / TCVN3 or another 8-bit Vietnamese encoding${where}; save as CSV UTF-8.`,
        `Tệp không phải UTF-8: có vẻ là Windows-1258 / TCVN3 hoặc một bảng mã 8-bit tiếng Việt khác${whereVi}; hãy lưu thành CSV UTF-8.`,
      );
  }
}

/**
 * Decode CSV bytes as strict UTF-8, chunk by chunk (memory stays bounded): strips a UTF-8 BOM, and throws a
 * RosterFileUnsupportedError naming the encoding the bytes look like (UTF-16, or an 8-bit Vietnamese one).
 */
export async function* decodeCsvChunks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true }); // ignoreBOM: false → a leading BOM is dropped
  let first = true;
  let linesBefore = 1;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      const encoding = sniffTextEncoding(chunk);
      if (encoding) throw notUtf8(encoding);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8('8-bit', linesBefore + countNewlines(chunk, firstInvalidUtf8(chunk)));
    }
    linesBefore += countNewlines(chunk, chunk.length);
    if (text) yield text;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    throw notUtf8('8-bit', linesBefore);
  }
}

/** Decode a whole CSV upload: text without BOM, and the delimiter of its header line. */
export function decodeCsvBuffer(buffer: Uint8Array): { text: string; delimiter: CsvDelimiter; hadBom: boolean } {
  const encoding = sniffTextEncoding(buffer.subarray(0, SNIFF_BYTES));
  if (encoding) throw notUtf8(encoding);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw notUtf8('8-bit', 1 + countNewlines(buffer, firstInvalidUtf8(buffer)));
  }
  const hadBom = startsWith(buffer, 0xef, 0xbb, 0xbf);
  const newline = text.indexOf('\n');
  return { text, delimiter: detectDelimiter(newline < 0 ? text : text.slice(0, newline)), hadBom };
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding has failed). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i];
    const len = x < 0x80 ? 1 : x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    if (i + len > b.length) return i; // truncated at the end of a chunk: not an error by itself
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return b.length;
}
