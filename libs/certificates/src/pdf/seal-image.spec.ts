import * as QRCode from 'qrcode';
import { sealImageFormat } from './seal-image';

/** A PNG with an alpha channel (transparent background): the kind pdfkit decodes in a zlib callback. */
const transparentPng = (text: string): Promise<Buffer> =>
  QRCode.toBuffer(text, { type: 'png', margin: 1, color: { dark: '#b00000ff', light: '#00000000' } });

/** The smallest baseline JPEG header: SOI, then a SOF0 of 2×3 pixels and 3 components. */
const jpegHeader = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x03, 0x00, 0x02, 0x03, 0x01,
  0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
]);

describe('sealImageFormat', () => {
  it('accepts a whole PNG with alpha and a JPEG with a frame header', async () => {
    expect(sealImageFormat(await transparentPng('seal a'))).toBe('png');
    expect(sealImageFormat(jpegHeader)).toBe('jpeg');
  });

  it('refuses a truncated PNG (pdfkit would loop forever on it)', async () => {
    const png = await transparentPng('seal b');
    expect(sealImageFormat(png.subarray(0, png.length - 20))).toBeNull();
    expect(sealImageFormat(png.subarray(0, 40))).toBeNull();
  });

  it('refuses a PNG whose image data does not inflate', async () => {
    const png = Buffer.from(await transparentPng('seal c'));
    const idat = png.indexOf('IDAT', 0, 'latin1');
    png.fill(0x55, idat + 4, idat + 24);
    expect(sealImageFormat(png)).toBeNull();
  });

  it('refuses what is neither', () => {
    expect(sealImageFormat(Buffer.from('not an image at all'))).toBeNull();
    expect(sealImageFormat(Buffer.alloc(0))).toBeNull();
    expect(sealImageFormat(jpegHeader.subarray(0, 12))).toBeNull();
  });
});
