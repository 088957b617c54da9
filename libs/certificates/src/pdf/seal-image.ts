import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

export type SealImageFormat = 'png' | 'jpeg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const MAX_SIDE = 4_000;

/**
 * Whether a PNG is safe to hand to pdfkit. pdfkit's PNG reader (png-js) loops forever on a file without IEND and
 * decodes images with alpha in a zlib callback that throws outside any promise (an uncaught exception: the worker
 * dies). So the chunks are walked with bounds, the image data inflated here, and its size and row filters checked.
 * Interlaced PNGs are refused (pdfkit decodes them in the same callback; a seal has no reason to be interlaced).
 */
function checkPng(data: Buffer): boolean {
  if (data.length < 8 + 25 + 12 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let pos = 8;
  let header: { width: number; height: number; bits: number; colorType: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos + 12 <= data.length) {
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const body = pos + 8;
    if (body + length + 4 > data.length) return false;
    if (type === 'IHDR') {
      if (length !== 13 || header) return false;
      header = {
        width: data.readUInt32BE(body),
        height: data.readUInt32BE(body + 4),
        bits: data[body + 8],
        colorType: data[body + 9],
        interlace: data[body + 12],
      };
    } else if (!header) {
      return false; // IHDR comes first
    } else if (type === 'IDAT') {
      idat.push(data.subarray(body, body + length));
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos = body + length + 4;
  }
  if (!header || !ended || idat.length === 0) return false;
  const { width, height, bits, colorType, interlace } = header;
  const channels = PNG_CHANNELS[colorType];
  if (!channels || ![1, 2, 4, 8, 16].includes(bits) || interlace !== 0) return false;
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return false;
  const stride = Math.ceil((width * channels * bits) / 8);
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat));
  } catch {
    return false;
  }
  if (pixels.length < height * (stride + 1)) return false;
  for (let row = 0; row < height; row++) {
    if (pixels[row * (stride + 1)] > 4) return false; // filter types 0–4 only
  }
  return true;
}

/** JPEG: SOI, then segments up to a start-of-frame with a positive size (pdfkit reads nothing else). */
function checkJpeg(data: Buffer): boolean {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return false;
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) return false;
    const marker = data[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    const length = data.readUInt16BE(pos + 2);
    if (length < 2) return false;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (pos + 4 + 6 > data.length) return false;
      const height = data.readUInt16BE(pos + 5);
      const width = data.readUInt16BE(pos + 7);
      const components = data[pos + 9];
      return width > 0 && height > 0 && [1, 3, 4].includes(components);
    }
    if (marker === 0xd9 || marker === 0xda) return false; // end of image or scan before any frame
    pos += 2 + length;
  }
  return false;
}

const verdicts = new Map<string, SealImageFormat | null>();
const MAX_VERDICTS = 64;

/**
 * The seal image's format when pdfkit can draw it safely, else null (the certificate is then printed without it).
 * The verdict is kept per content hash: an authority's seal is the same bytes on thousands of certificates.
 */
export function sealImageFormat(image: Buffer): SealImageFormat | null {
  const key = createHash('sha1').update(image).digest('base64');
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = checkPng(image) ? 'png' : checkJpeg(image) ? 'jpeg' : null;
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}
