import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { UnreadableArchiveError, UploadLimitError, XlsxLimits, xlsxLimits } from './upload-limits';
import { XlsxPartKind, XlsxXmlScanner } from './xlsx-xml-scanner';
import { ZipEntry, zipEntries } from './zip-entries';

/** What an accepted workbook holds (for logs, tests and benchmarks). */
export interface XlsxInspection {
  entries: number;
  /** Bytes of all entries, inflated. */
  uncompressedBytes: number;
  sharedStrings: number;
  sharedStringChars: number;
  /** Rows of each worksheet, by part name. */
  rows: Record<string, number>;
}

const OUTPUT_CHUNK = 64 * 1024;

/** The parts exceljs' WorkbookReader parses, by the tests it applies to entry names (worksheets: unanchored). */
function partKind(name: string): XlsxPartKind | null {
  if (name === 'xl/sharedStrings.xml') return 'sharedStrings';
  if (/xl\/worksheets\/sheet\d+[.]xml/.test(name)) return 'worksheet';
  if (name === 'xl/workbook.xml' || name === 'xl/styles.xml' || name === 'xl/_rels/workbook.xml.rels') return 'xml';
  if (/xl\/worksheets\/_rels\/sheet\d+[.]xml.rels/.test(name)) return 'xml';
  return null;
}

/**
 * Checks an XLSX upload against its limits BEFORE a workbook reader sees it, by doing the reader's unzipping itself:
 * every entry is inflated as a stream, its bytes counted as they come (total, ratio to its compressed size, size
 * of a part), and the parts the reader parses are scanned as they inflate (shared strings, rows, columns, cell
 * length, tag length). The first limit passed stops the inflation and throws UploadLimitError (413 / 400);
 * an archive that cannot be read safely throws UnreadableArchiveError (415). Sizes declared in the zip are never
 * trusted. Memory: one inflated chunk and one tag buffer, whatever the file claims.
 */
export async function inspectXlsx(zip: Buffer, overrides: Partial<XlsxLimits> = {}): Promise<XlsxInspection> {
  const limits = xlsxLimits(overrides);
  if (zip.length > limits.maxFileBytes) throw new UploadLimitError('maxFileBytes', limits.maxFileBytes);
  const result: XlsxInspection = { entries: 0, uncompressedBytes: 0, sharedStrings: 0, sharedStringChars: 0, rows: {} };
  for (const entry of zipEntries(zip, limits.maxEntries)) {
    result.entries++;
    const kind = partKind(entry.name);
    const scanner = kind ? new XlsxXmlScanner(kind, entry.name, limits) : null;
    const ratioCap = Math.max(limits.ratioFloorBytes, entry.data.length * limits.maxCompressionRatio);
    const partCap = kind === 'xml' ? limits.maxPartBytes : Infinity;
    let size = 0;
    for await (const chunk of inflate(entry)) {
      size += chunk.length;
      result.uncompressedBytes += chunk.length;
      if (result.uncompressedBytes > limits.maxUncompressedBytes) {
        throw new UploadLimitError('maxUncompressedBytes', limits.maxUncompressedBytes, entry.name);
      }
      if (size > ratioCap) throw new UploadLimitError('maxCompressionRatio', limits.maxCompressionRatio, entry.name);
      if (size > partCap) throw new UploadLimitError('maxPartBytes', limits.maxPartBytes, entry.name);
      scanner?.write(chunk);
    }
    if (size !== entry.declaredSize) throw new UnreadableArchiveError('damaged', entry.name); // its sizes lie
    if (kind === 'sharedStrings' && scanner) {
      result.sharedStrings = scanner.sharedStrings;
      result.sharedStringChars = scanner.sharedStringChars;
    }
    if (kind === 'worksheet' && scanner) result.rows[entry.name] = scanner.rows;
  }
  return result;
}

/**
 * An entry's bytes, inflated as a stream in chunks of 64 KB; a damaged deflate stream is an UnreadableArchiveError.
 * zlib stops inflating while the chunks are not read, so however far the data expands, memory stays one chunk.
 */
async function* inflate(entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.method === 0) {
    for (let i = 0; i < entry.data.length; i += OUTPUT_CHUNK) yield entry.data.subarray(i, i + OUTPUT_CHUNK);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  inflater.end(entry.data);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof UploadLimitError || error instanceof UnreadableArchiveError) throw error;
    throw new UnreadableArchiveError('damaged', entry.name);
  } finally {
    inflater.destroy();
  }
}

/**
 * The bytes of an upload that arrives as a stream, refused (413) past `maxFileBytes` while it is read. The XLSX
 * checks need the whole archive: its central directory is at the end.
 */
export async function readUploadBounded(input: Readable, maxFileBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      length += buffer.length;
      if (length > maxFileBytes) throw new UploadLimitError('maxFileBytes', maxFileBytes);
      chunks.push(buffer);
    }
  } finally {
    input.destroy();
  }
  return Buffer.concat(chunks, length);
}
