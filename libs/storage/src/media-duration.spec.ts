import { ebml, mp4Box, mp4WithDuration, mvhdBox, webmWithDuration } from '../../../test/factories/media';
import {
  bufferSource,
  MediaSource,
  mediaDurationSeconds,
  mp4DurationSeconds,
  webmDurationSeconds,
} from './media-duration';

/** A buffer source that records what was read. */
function counting(data: Buffer): MediaSource & { reads: number; bytes: number } {
  const inner = bufferSource(data);
  const s = {
    size: inner.size,
    reads: 0,
    bytes: 0,
    read: async (offset: number, length: number) => {
      s.reads++;
      const b = await inner.read(offset, length);
      s.bytes += b.length;
      return b;
    },
  };
  return s;
}

describe(mp4DurationSeconds.name, () => {
  it('reads ftyp + moov/mvhd (version 0): duration ÷ timescale', async () => {
    expect(await mp4DurationSeconds(bufferSource(mp4WithDuration(1800)))).toBe(1800);
    expect(await mp4DurationSeconds(bufferSource(mp4WithDuration(95.5, { timescale: 90_000 })))).toBe(95.5);
  });

  it('finds moov after a large mdat by skipping box sizes, reading only headers', async () => {
    const file = counting(mp4WithDuration(1800, { moovAtEnd: true, mdatBytes: 5_000_000 }));
    expect(await mp4DurationSeconds(file)).toBe(1800);
    expect(file.reads).toBeLessThan(10);
    expect(file.bytes).toBeLessThan(500);
  });

  it('reads a version 1 mvhd (64-bit times), and an mdat with a 64-bit size', async () => {
    expect(await mp4DurationSeconds(bufferSource(mp4WithDuration(3723.25, { version: 1 })))).toBe(3723.25);
    const mdat = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('mdat'), Buffer.alloc(8), Buffer.alloc(100)]);
    mdat.writeBigUInt64BE(BigInt(mdat.length), 8);
    const file = Buffer.concat([mp4Box('ftyp', Buffer.from('isom')), mdat, mp4Box('moov', mvhdBox(600, 600 * 42, 1))]);
    expect(await mp4DurationSeconds(bufferSource(file))).toBe(42);
  });

  it('reads a fragmented file whose mvhd is 0 from mvex/mehd', async () => {
    const mehd = mp4Box('mehd', Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0x75, 0x30])); // 30000
    const file = Buffer.concat([
      mp4Box('ftyp', Buffer.from('iso6')),
      mp4Box('moov', mvhdBox(1000, 0), mp4Box('mvex', mehd)),
    ]);
    expect(await mp4DurationSeconds(bufferSource(file))).toBe(30);
  });

  it('answers null, never throws, for truncated, garbage or unknown-duration input', async () => {
    const good = mp4WithDuration(1800, { moovAtEnd: true });
    for (const bad of [
      Buffer.alloc(0),
      good.subarray(0, good.length - 20), // moov cut short
      good.subarray(0, 40),
      Buffer.from('not a video at all, just some text'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      Buffer.concat([mp4Box('ftyp', Buffer.from('isom')), mp4Box('moov', mvhdBox(0, 1000))]), // timescale 0
      Buffer.concat([mp4Box('ftyp', Buffer.from('isom')), mp4Box('moov', mvhdBox(1000, 0xffffffff))]), // "unknown"
      Buffer.concat([mp4Box('ftyp', Buffer.from('isom')), mp4Box('moov', mp4Box('trak'))]), // no mvhd
      Buffer.concat([mp4Box('ftyp', Buffer.from('isom')), mp4Box('moov', mvhdBox(1, 10 * 86_400))]), // 10 days
      // a box claiming to be larger than the file
      Buffer.concat([Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('moov'), mvhdBox(1000, 5000)]),
      // a box smaller than its own header: would loop forever if trusted
      Buffer.concat([Buffer.from([0, 0, 0, 4]), Buffer.from('free'), good]),
    ]) {
      await expect(mp4DurationSeconds(bufferSource(bad))).resolves.toBeNull();
    }
  });

  it('gives up after a bounded number of reads on a file of countless tiny boxes', async () => {
    const tiny = mp4Box('free');
    const file = counting(Buffer.concat([...Array.from({ length: 10_000 }, () => tiny), mp4WithDuration(10)]));
    expect(await mp4DurationSeconds(file)).toBeNull();
    expect(file.reads).toBeLessThanOrEqual(512);
  });

  it('answers null when the source fails', async () => {
    const failing: MediaSource = { size: 1000, read: () => Promise.reject(new Error('disk on fire')) };
    await expect(mp4DurationSeconds(failing)).resolves.toBeNull();
  });
});

describe(webmDurationSeconds.name, () => {
  it('reads Segment/Info/Duration × TimecodeScale (8-byte and 4-byte floats, default scale)', async () => {
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(1800)))).toBe(1800);
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(61.5, { float32: true })))).toBe(61.5);
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(12.25, { omitScale: true })))).toBe(12.25);
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(90, { timecodeScale: 100_000 })))).toBe(90);
  });

  it('skips a cluster before Info, and reads a Segment of unknown size', async () => {
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(300, { clusterFirst: true })))).toBe(300);
    expect(await webmDurationSeconds(bufferSource(webmWithDuration(300, { unknownSegmentSize: true })))).toBe(300);
  });

  it('answers null, never throws, for no duration, truncated or garbage input', async () => {
    const good = webmWithDuration(1800);
    const header = ebml([0x1a, 0x45, 0xdf, 0xa3], Buffer.alloc(4));
    for (const bad of [
      webmWithDuration(1800, { noDuration: true }), // what MediaRecorder writes
      good.subarray(0, 60), // cut inside Info
      good.subarray(0, 4),
      Buffer.alloc(0),
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x00, 0x00]), // a size vint of all zero bits
      Buffer.concat([
        header,
        ebml([0x18, 0x53, 0x80, 0x67], ebml([0x1f, 0x43, 0xb6, 0x75], Buffer.alloc(10), { unknownSize: true })),
      ]),
      Buffer.concat([header, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256))]),
      mp4WithDuration(1800), // not EBML
    ]) {
      await expect(webmDurationSeconds(bufferSource(bad))).resolves.toBeNull();
    }
  });
});

describe(mediaDurationSeconds.name, () => {
  it('picks the reader by content type; other types have no duration', async () => {
    expect(await mediaDurationSeconds('video/mp4', bufferSource(mp4WithDuration(7)))).toBe(7);
    expect(await mediaDurationSeconds('audio/mp4', bufferSource(mp4WithDuration(7)))).toBe(7);
    expect(await mediaDurationSeconds('video/webm', bufferSource(webmWithDuration(8)))).toBe(8);
    expect(await mediaDurationSeconds('audio/mpeg', bufferSource(mp4WithDuration(7)))).toBeNull();
    expect(await mediaDurationSeconds('video/webm', bufferSource(mp4WithDuration(7)))).toBeNull();
  });
});
