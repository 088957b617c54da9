/** Small files whose first bytes make them what their name says (content sniffing ignores names). */
export const sampleFiles = {
  /** A tiny but well-formed one-page PDF. */
  pdf: (): Buffer =>
    Buffer.from(
      [
        '%PDF-1.4',
        '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
        '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
        '4 0 obj << /Length 44 >> stream',
        'BT /F1 18 Tf 20 40 Td (Quyen con nguoi) Tj ET',
        'endstream endobj',
        '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
        'trailer << /Root 1 0 R >>',
        '%%EOF',
        '',
      ].join('\n'),
      'latin1',
    ),
  /** An MP4 header followed by `size` bytes of counting filler (byte i is i % 251). */
  mp4: (size = 4096): Buffer =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x20]),
      Buffer.from('ftypisom', 'latin1'),
      Buffer.from(Array.from({ length: size }, (_, i) => i % 251)),
    ]),
  png: (): Buffer => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  html: (): Buffer => Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: (): Buffer =>
    Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>'),
  exe: (): Buffer => Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
  text: (): Buffer => Buffer.from('Tài liệu tham khảo: Hiến pháp 2013, Chương II.\n', 'utf8'),
};
