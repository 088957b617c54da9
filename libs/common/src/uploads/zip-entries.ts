import { UnreadableArchiveError, UploadLimitError } from './upload-limits';

const LOCAL_FILE = 0x04034b50;
const CENTRAL_FILE = 0x02014b50;
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const END_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** One entry as both kinds of zip reader see it: its name and its compressed bytes. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (nothing else is accepted). */
  method: 0 | 8;
  /** The compressed bytes, framed exactly as the readers frame them. */
  data: Buffer;
  /** The uncompressed size the central directory declares: compared with the real one afterwards, never trusted. */
  declaredSize: number;
}

interface CentralRecord {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * The entries of a zip, in the order and with the framing of a streaming reader (unzipper's Parse, which exceljs'
 * WorkbookReader uses): local file headers one after the other, an entry whose sizes follow in a data descriptor
 * ending at the first descriptor signature, as that reader ends it. Each entry must also be the one the central
 * directory (what JSZip and other random-access readers use) names at that offset, with the same method and
 * compressed size, and the directory must list nothing else: whichever reader a caller uses then inflates exactly
 * the bytes checked here. Declared uncompressed sizes are only compared afterwards. Encrypted entries, ZIP64,
 * methods other than stored and deflate, duplicate names and more than `maxEntries` entries are refused.
 */
export function* zipEntries(zip: Buffer, maxEntries: number): Generator<ZipEntry> {
  const directory = readCentralDirectory(zip, maxEntries);
  const seen = new Set<string>();
  let pos = 0;
  const need = (bytes: number, part?: string): void => {
    if (pos + bytes > zip.length) throw new UnreadableArchiveError('damaged', part);
  };
  for (;;) {
    need(4);
    const signature = zip.readUInt32LE(pos);
    if (signature !== LOCAL_FILE) {
      // The directory must start where the entries end, and list exactly the entries seen.
      if (signature !== CENTRAL_FILE || pos !== directory.offset || seen.size !== directory.records.size) {
        throw new UnreadableArchiveError('damaged');
      }
      return;
    }
    const headerAt = pos;
    need(30);
    const flags = zip.readUInt16LE(pos + 6);
    const method = zip.readUInt16LE(pos + 8);
    const compressedSize = zip.readUInt32LE(pos + 18);
    const uncompressedSize = zip.readUInt32LE(pos + 22);
    const nameLength = zip.readUInt16LE(pos + 26);
    const extraLength = zip.readUInt16LE(pos + 28);
    pos += 30;
    need(nameLength + extraLength);
    const name = zip.toString('utf8', pos, pos + nameLength);
    const extra = zip.subarray(pos + nameLength, pos + nameLength + extraLength);
    pos += nameLength + extraLength;
    if (seen.has(name)) throw new UnreadableArchiveError('duplicate', name);
    seen.add(name);
    if (flags & 0x41) throw new UnreadableArchiveError('encrypted', name);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || hasZip64Field(extra)) {
      throw new UnreadableArchiveError('zip64', name);
    }
    if (method !== 0 && method !== 8) throw new UnreadableArchiveError('method', name);
    let data: Buffer;
    if (!(flags & 0x08) || compressedSize > 0) {
      need(compressedSize, name);
      data = zip.subarray(pos, pos + compressedSize);
      pos += compressedSize;
    } else {
      // Sizes in a data descriptor: the streaming reader cuts the entry at the first descriptor signature.
      const end = zip.indexOf(DESCRIPTOR, pos);
      if (end < 0) throw new UnreadableArchiveError('damaged', name);
      data = zip.subarray(pos, end);
      pos = end;
      need(16, name);
      pos += 16;
    }
    const record = directory.records.get(headerAt);
    if (!record || record.name !== name || record.method !== method || record.compressedSize !== data.length) {
      throw new UnreadableArchiveError('damaged', name);
    }
    yield { name, method, data, declaredSize: record.uncompressedSize };
  }
}

/** The central directory, by local header offset. Found like random-access readers find it: from the end. */
function readCentralDirectory(
  zip: Buffer,
  maxEntries: number,
): { offset: number; records: Map<number, CentralRecord> } {
  const end = zip.lastIndexOf(END_SIGNATURE, zip.length - 22);
  if (end < 0 || end < zip.length - 22 - 0xffff) throw new UnreadableArchiveError('damaged');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new UnreadableArchiveError('zip64');
  if (count > maxEntries) throw new UploadLimitError('maxEntries', maxEntries);
  if (count === 0 || offset + size !== end) throw new UnreadableArchiveError('damaged');
  const records = new Map<number, CentralRecord>();
  let pos = offset;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > end || zip.readUInt32LE(pos) !== CENTRAL_FILE) throw new UnreadableArchiveError('damaged');
    const nameLength = zip.readUInt16LE(pos + 28);
    const next = pos + 46 + nameLength + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
    if (next > end) throw new UnreadableArchiveError('damaged');
    const at = zip.readUInt32LE(pos + 42);
    if (records.has(at)) throw new UnreadableArchiveError('duplicate');
    records.set(at, {
      name: zip.toString('utf8', pos + 46, pos + 46 + nameLength),
      method: zip.readUInt16LE(pos + 10),
      compressedSize: zip.readUInt32LE(pos + 20),
      uncompressedSize: zip.readUInt32LE(pos + 24),
    });
    pos = next;
  }
  if (pos !== end) throw new UnreadableArchiveError('damaged');
  return { offset, records };
}

/** Whether an extra field holds a ZIP64 record (id 1), walked like the streaming reader walks it. */
function hasZip64Field(extra: Buffer): boolean {
  for (let i = 0; i + 4 <= extra.length; i += 4 + extra.readUInt16LE(i + 2)) {
    if (extra.readUInt16LE(i) === 0x0001) return true;
  }
  return false;
}
