/**
 * Tiny but well-formed media files whose headers state a duration: an MP4 (ftyp, moov/mvhd, mdat) and a WebM
 * (EBML header, Segment/Info/Duration, a cluster of filler). Nothing in them plays; only the metadata matters.
 */

/** `length` bytes of counting filler (byte i is i % 251). */
const filler = (length: number): Buffer => {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = i % 251;
  return b;
};

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
};

/** An ISO BMFF box with a 32-bit size. */
export const mp4Box = (type: string, ...payload: Buffer[]): Buffer => {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
};

/** An mvhd box: version 0 (32-bit times) or 1 (64-bit times), with the rest of its fields as a player expects. */
export const mvhdBox = (timescale: number, duration: number | bigint, version: 0 | 1 = 0): Buffer => {
  const times =
    version === 0
      ? Buffer.concat([u32(0), u32(0), u32(timescale), u32(Number(duration))])
      : Buffer.concat([u64(0n), u64(0n), u32(timescale), u64(BigInt(duration))]);
  const matrix = Buffer.concat([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32));
  return mp4Box(
    'mvhd',
    Buffer.from([version, 0, 0, 0]),
    times,
    u32(0x10000), // rate 1.0
    Buffer.from([0x01, 0x00]), // volume 1.0
    Buffer.alloc(10),
    matrix,
    Buffer.alloc(24),
    u32(2), // next track id
  );
};

export interface Mp4Options {
  /** Units per second of mvhd (default 1000). */
  timescale?: number;
  version?: 0 | 1;
  /** moov after the media data (a file not "optimised for streaming"). */
  moovAtEnd?: boolean;
  /** Bytes of media data filler (default 2048). */
  mdatBytes?: number;
}

/** An MP4 whose moov/mvhd says it lasts `seconds`. */
export function mp4WithDuration(seconds: number, o: Mp4Options = {}): Buffer {
  const timescale = o.timescale ?? 1000;
  const ftyp = mp4Box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2mp41', 'latin1'));
  const moov = mp4Box('moov', mvhdBox(timescale, Math.round(seconds * timescale), o.version ?? 0));
  const mdat = mp4Box('mdat', filler(o.mdatBytes ?? 2048));
  return Buffer.concat(o.moovAtEnd ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}

/** An EBML element: the id's bytes as written, the size as an 8-byte vint (or "unknown"). */
export const ebml = (id: number[], payload: Buffer, o: { unknownSize?: boolean } = {}): Buffer => {
  const size = Buffer.alloc(8);
  if (o.unknownSize) size.fill(0xff, 1);
  else size.writeUIntBE(payload.length, 2, 6);
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, payload]);
};

export interface WebmOptions {
  /** TimecodeScale in nanoseconds (default 1 ms; omitted from the file when 1 ms and `omitScale`). */
  timecodeScale?: number;
  omitScale?: boolean;
  /** Duration as a 4-byte float instead of 8. */
  float32?: boolean;
  /** No Duration element (what a browser's MediaRecorder writes). */
  noDuration?: boolean;
  /** The Segment of unknown size (a live recording). */
  unknownSegmentSize?: boolean;
  /** A cluster before Info. */
  clusterFirst?: boolean;
}

/** A WebM whose Segment/Info/Duration says it lasts `seconds`. */
export function webmWithDuration(seconds: number, o: WebmOptions = {}): Buffer {
  const scale = o.timecodeScale ?? 1_000_000;
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([ebml([0x42, 0x86], Buffer.from([1])), ebml([0x42, 0x82], Buffer.from('webm', 'latin1'))]),
  );
  const ticks = (seconds * 1e9) / scale;
  const durationValue = Buffer.alloc(o.float32 ? 4 : 8);
  if (o.float32) durationValue.writeFloatBE(ticks);
  else durationValue.writeDoubleBE(ticks);
  const scaleValue = Buffer.alloc(4);
  scaleValue.writeUInt32BE(scale);
  const info = ebml(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([
      o.omitScale ? Buffer.alloc(0) : ebml([0x2a, 0xd7, 0xb1], scaleValue),
      ebml([0x4d, 0x80], Buffer.from('moc-test', 'latin1')), // MuxingApp
      o.noDuration ? Buffer.alloc(0) : ebml([0x44, 0x89], durationValue),
    ]),
  );
  const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], filler(1024));
  const voidEl = ebml([0xec], Buffer.alloc(16));
  const segmentBody = Buffer.concat(o.clusterFirst ? [voidEl, cluster, info] : [voidEl, info, cluster]);
  return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], segmentBody, { unknownSize: o.unknownSegmentSize })]);
}
