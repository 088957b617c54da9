import { isInlineSafe, sniffContentType } from './content-sniff';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe(sniffContentType.name, () => {
  it.each([
    ['pdf', bytes('%PDF-1.7\n%\xe2\xe3'), 'a.bin', 'application/pdf'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'x.jpg', 'image/png'],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'x.png', 'image/jpeg'],
    ['gif87', bytes('GIF87a', [1, 0]), 'x', 'image/gif'],
    ['gif89', bytes('GIF89a', [1, 0]), 'x', 'image/gif'],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'x', 'image/webp'],
    ['mp4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'x', 'video/mp4'],
    ['m4a', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 2, 0]), 'x', 'audio/mp4'],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86]), 'x', 'video/webm'],
    ['mp3 with ID3', bytes('ID3', [4, 0, 0]), 'x', 'audio/mpeg'],
    ['mp3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), 'x', 'audio/mpeg'],
    ['zip', bytes('PK', [3, 4, 20, 0]), 'archive.zip', 'application/zip'],
    [
      'docx',
      bytes('PK', [3, 4, 20, 0]),
      'Bài giảng.DOCX',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['xlsx', bytes('PK', [3, 4]), 'a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'pptx',
      bytes('PK', [3, 4]),
      'a.pptx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['svg', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.png', 'image/svg+xml'],
    ['html doctype', bytes('  <!DOCTYPE HTML><p>hi'), 'notes.txt', 'text/html'],
    ['html tag', bytes('<HTML><body>'), 'a.pdf', 'text/html'],
    ['script', bytes('hello <ScRiPt>alert(1)</script>'), 'a.txt', 'text/html'],
    ['svg with script is html', bytes('<svg><script>alert(1)</script></svg>'), 'a.svg', 'text/html'],
    ['plain text', Buffer.from('Quyền con người\n', 'utf8'), 'a.txt', 'text/plain'],
    ['empty', Buffer.alloc(0), 'a.txt', 'text/plain'],
  ])('%s', (_label, sample, name, expected) => {
    expect(sniffContentType(sample, name)).toBe(expected);
  });

  it('does not trust the file name: a PDF named .html is a PDF, an HTML named .pdf is HTML', () => {
    expect(sniffContentType(bytes('%PDF-1.4'), 'page.html')).toBe('application/pdf');
    expect(sniffContentType(bytes('<html>'), 'doc.pdf')).toBe('text/html');
  });

  it('returns null for binary it does not know', () => {
    expect(sniffContentType(bytes([0x4d, 0x5a, 0x90, 0, 3, 0]), 'setup.pdf')).toBeNull();
    expect(sniffContentType(bytes([0xc3, 0x28, 0x41, 0x42, 0x43, 0x44]), 'a.txt')).toBeNull();
  });

  it('accepts text whose last UTF-8 character was cut by the sample boundary', () => {
    const text = Buffer.from('Bài giảng', 'utf8');
    expect(sniffContentType(text.subarray(0, text.length - 1), 'a.txt')).toBe('text/plain');
  });
});

describe(isInlineSafe.name, () => {
  it.each([
    ['application/pdf', true],
    ['image/png', true],
    ['video/mp4', true],
    ['audio/mpeg', true],
    ['image/svg+xml', false],
    ['IMAGE/SVG+XML; charset=utf-8', false],
    ['text/html', false],
    ['text/plain', false],
    ['application/zip', false],
  ])('%s → %s', (type, inline) => {
    expect(isInlineSafe(type)).toBe(inline);
  });
});
