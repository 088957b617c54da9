import { StorageService } from './storage.service';

/**
 * Random access to a file: `read(offset, length)` answers the bytes there (fewer at the end of the file).
 * The duration readers only ever ask for small pieces (box and element headers, one small metadata box).
 */
export interface MediaSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** Durations outside (0, this] are treated as unreadable (the learner API accepts videos of up to 24 h). */
export const MEDIA_MAX_DURATION_SECONDS = 86_400;
/** At most this many reads per file: a file made of millions of tiny boxes or elements is given up on. */
const MAX_READS = 512;
/** The metadata box or element read in full (mvhd, mehd, Segment/Info) is never larger than this. */
const MAX_META_BYTES = 64 * 1024;

/** A source whose reads are counted: past MAX_READS it throws, which the public readers turn into null. */
function bounded(source: MediaSource): MediaSource {
  let reads = 0;
  return {
    size: source.size,
    read: (offset, length) => {
      if (++reads > MAX_READS) throw new Error('too many reads');
      const end = Math.min(source.size, offset + length);
      return end <= offset ? Promise.resolve(Buffer.alloc(0)) : source.read(offset, end - offset);
    },
  };
}

const plausible = (seconds: number): number | null =>
  Number.isFinite(seconds) && seconds > 0 && seconds <= MEDIA_MAX_DURATION_SECONDS
    ? Math.round(seconds * 1000) / 1000
    : null;

/** A source over a buffer in memory (tests, small files). */
export function bufferSource(data: Buffer): MediaSource {
  return { size: data.length, read: async (offset, length) => data.subarray(offset, offset + length) };
}

/** A source over a stored object: each read is a ranged getStream of at most `length` bytes. */
export function storageSource(storage: StorageService, key: string, size: number): MediaSource {
  return {
    size,
    read: async (offset, length) => {
      const { stream } = await storage.getStream(key, { start: offset, end: offset + length - 1 });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).subarray(0, length);
    },
  };
}

/**
 * The playing time, in seconds (millisecond precision), of an uploaded video or audio file of `contentType`:
 * MP4/MOV/M4A from `moov/mvhd` (or `moov/mvex/mehd` for a fragmented file), WebM/Matroska from
 * `Segment/Info/Duration` × `TimecodeScale`. Null when the type has no reader (MP3…) or the file does not say
 * (truncated, garbage, a live recording without a duration): never throws.
 */
export async function mediaDurationSeconds(contentType: string, source: MediaSource): Promise<number | null> {
  if (contentType === 'video/mp4' || contentType === 'audio/mp4' || contentType === 'video/quicktime') {
    return mp4DurationSeconds(source);
  }
  if (contentType === 'video/webm' || contentType === 'video/x-matroska') return webmDurationSeconds(source);
  return null;
}

// ---- MP4 / QuickTime (ISO BMFF) ----

interface Box {
  type: string;
  /** Offset of the box's payload and the offset just past the box. */
  start: number;
  end: number;
}

/** The box whose header is at `offset`, if it is well formed and lies within `limit`. */
async function boxAt(source: MediaSource, offset: number, limit: number): Promise<Box | null> {
  const head = await source.read(offset, 16);
  if (head.length < 8) return null;
  const type = head.toString('latin1', 4, 8);
  if (!/^[\x20-\x7e]{4}$/.test(type)) return null;
  let size = head.readUInt32BE(0);
  let header = 8;
  if (size === 1) {
    if (head.length < 16) return null;
    const large = head.readBigUInt64BE(8);
    if (large > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    size = Number(large);
    header = 16;
  } else if (size === 0) {
    size = limit - offset; // the box runs to the end of its parent (or of the file)
  }
  if (size < header || offset + size > limit) return null;
  return { type, start: offset + header, end: offset + size };
}

/** The first child box of `type` between start and end (the boxes before it are skipped by their sizes). */
async function findBox(source: MediaSource, type: string, start: number, end: number): Promise<Box | null> {
  let offset = start;
  while (offset + 8 <= end) {
    const box = await boxAt(source, offset, end);
    if (!box) return null;
    if (box.type === type) return box;
    offset = box.end;
  }
  return null;
}

/** The duration field of a full box with version 0 (32-bit) or 1 (64-bit) times, or null when it says "unknown". */
function fullBoxTime(data: Buffer, v0Offset: number, v1Offset: number): number | null {
  const version = data[0];
  if (version === 0 && data.length >= v0Offset + 4) {
    const value = data.readUInt32BE(v0Offset);
    return value === 0xffffffff ? null : value;
  }
  if (version === 1 && data.length >= v1Offset + 8) {
    const value = data.readBigUInt64BE(v1Offset);
    return value === 0xffffffffffffffffn || value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
  }
  return null;
}

async function readPayload(source: MediaSource, box: Box): Promise<Buffer | null> {
  if (box.end - box.start > MAX_META_BYTES) return null;
  const data = await source.read(box.start, box.end - box.start);
  return data.length === box.end - box.start ? data : null;
}

/** MP4/MOV/M4A: `moov/mvhd` duration ÷ timescale; moov may come before or after the media data. */
export async function mp4DurationSeconds(input: MediaSource): Promise<number | null> {
  try {
    const source = bounded(input);
    const moov = await findBox(source, 'moov', 0, source.size);
    if (!moov) return null;
    const mvhdBox = await findBox(source, 'mvhd', moov.start, moov.end);
    const mvhd = mvhdBox && (await readPayload(source, mvhdBox));
    if (!mvhd) return null;
    // version(1) flags(3) creation modification timescale(4) duration: times are 4 bytes in v0, 8 in v1.
    const timescaleAt = mvhd[0] === 1 ? 20 : 12;
    const timescale = mvhd.length >= timescaleAt + 4 ? mvhd.readUInt32BE(timescaleAt) : 0;
    if (!timescale) return null;
    let duration = fullBoxTime(mvhd, 16, 24);
    if (!duration) {
      // A fragmented file may leave mvhd at 0 and give the whole duration in mvex/mehd (same timescale).
      const mvex = await findBox(source, 'mvex', moov.start, moov.end);
      const mehdBox = mvex && (await findBox(source, 'mehd', mvex.start, mvex.end));
      const mehd = mehdBox && (await readPayload(source, mehdBox));
      duration = mehd ? fullBoxTime(mehd, 4, 4) : null;
    }
    return duration ? plausible(duration / timescale) : null;
  } catch {
    return null;
  }
}

// ---- WebM / Matroska (EBML) ----

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

interface Element {
  id: number;
  /** Offset of the element's data; its end, or null for an element of unknown size (live streams). */
  start: number;
  end: number | null;
}

/** An EBML variable-length integer at `at`: its length and value (the marker bit kept for ids, dropped for sizes). */
function vint(
  data: Buffer,
  at: number,
  keepMarker: boolean,
): { length: number; value: number; allOnes: boolean } | null {
  if (at >= data.length) return null;
  const first = data[at];
  if (first === 0) return null;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (at + length > data.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + data[at + i];
    allOnes &&= data[at + i] === 0xff;
  }
  return { length, value, allOnes };
}

/** The element whose header is at `offset`, within `limit`. */
async function elementAt(source: MediaSource, offset: number, limit: number): Promise<Element | null> {
  const head = await source.read(offset, 12);
  const id = vint(head, 0, true);
  if (!id || id.length > 4) return null;
  const size = vint(head, id.length, false);
  if (!size) return null;
  const start = offset + id.length + size.length;
  if (size.allOnes) return { id: id.value, start, end: null };
  if (!Number.isSafeInteger(size.value) || start + size.value > limit) return null;
  return { id: id.value, start, end: start + size.value };
}

/** WebM/MKV: `Segment/Info/Duration` (a float, in TimecodeScale nanoseconds; the scale defaults to 1 ms). */
export async function webmDurationSeconds(input: MediaSource): Promise<number | null> {
  try {
    const source = bounded(input);
    const header = await elementAt(source, 0, source.size);
    if (!header || header.id !== EBML_HEADER || header.end === null) return null;
    // Top level: the EBML header, then the Segment (perhaps after Void elements); a live recording may give the
    // Segment an unknown size, which then runs to the end of the file.
    let offset = header.end;
    let segment: Element | null = null;
    while (!segment && offset < source.size) {
      const el = await elementAt(source, offset, source.size);
      if (!el) return null;
      if (el.id === SEGMENT) segment = el;
      else if (el.end === null) return null;
      else offset = el.end;
    }
    if (!segment) return null;
    const segmentEnd = segment.end ?? source.size;
    offset = segment.start;
    while (offset < segmentEnd) {
      const el = await elementAt(source, offset, segmentEnd);
      if (!el || el.end === null) return null; // a cluster of unknown size cannot be skipped: give up
      if (el.id === INFO) return infoDuration(source, el.start, el.end);
      offset = el.end;
    }
    return null;
  } catch {
    return null;
  }
}

async function infoDuration(source: MediaSource, start: number, end: number): Promise<number | null> {
  if (end - start > MAX_META_BYTES) return null;
  const info = await source.read(start, end - start);
  if (info.length !== end - start) return null;
  let scale = 1_000_000;
  let duration: number | null = null;
  let at = 0;
  while (at < info.length) {
    const id = vint(info, at, true);
    const size = id && vint(info, at + id.length, false);
    if (!id || !size || size.allOnes) return null;
    const dataAt = at + id.length + size.length;
    if (dataAt + size.value > info.length) return null;
    if (id.value === TIMECODE_SCALE) {
      if (size.value < 1 || size.value > 6) return null;
      scale = info.readUIntBE(dataAt, size.value);
    } else if (id.value === DURATION) {
      if (size.value === 4) duration = info.readFloatBE(dataAt);
      else if (size.value === 8) duration = info.readDoubleBE(dataAt);
      else return null;
    }
    at = dataAt + size.value;
  }
  return duration === null || !scale ? null : plausible((duration * scale) / 1e9);
}
