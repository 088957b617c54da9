import { decodeCsvBuffer, decodeCsvChunks, detectDelimiter, detectRosterFileKind } from './decode';
import { RosterFileUnsupportedError } from './roster-problems';

const HEADER = 'Mã cán bộ,Họ và tên,Mã đơn vị,Vai trò\r\n';
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
// "Nguyễn Văn An" in Windows-1258: ê + combining tilde (0xEA 0xDE), ă = 0xE3.
const CP1258_NAME = Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0x56, 0xe3, 0x6e, 0x20, 0x41, 0x6e]);

function rejection(fn: () => unknown): RosterFileUnsupportedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RosterFileUnsupportedError) return e;
    throw e;
  }
  throw new Error('expected a RosterFileUnsupportedError');
}

async function collect(chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const t of decodeCsvChunks(chunks)) text += t;
  return text;
}

describe(detectRosterFileKind.name, () => {
  it('recognises XLSX by the zip signature', () => {
    expect(detectRosterFileKind(Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'))).toBe('xlsx');
  });

  it('takes UTF-8 text, with or without BOM, as CSV', () => {
    expect(detectRosterFileKind(Buffer.from(HEADER))).toBe('csv');
    expect(detectRosterFileKind(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER)]))).toBe('csv');
  });

  it('refuses XLS (OLE) with the documented message', () => {
    const e = rejection(() => detectRosterFileKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])));
    expect(e.message).toContain('XLS (Excel 97–2003) is not supported; save as .xlsx or CSV UTF-8');
    expect(e.detected).toBe('xls');
    expect(e.status).toBe(415);
    expect(e.messageVi).toContain('Không hỗ trợ tệp XLS');
  });

  it.each([
    ['pdf', Buffer.from('%PDF-1.7\n%âãÏÓ', 'latin1'), 'a PDF document'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'a PNG image'],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'a JPEG image'],
    ['html', Buffer.from('<html><body><table><tr><td>Mã cán bộ</td></tr></table>'), 'an HTML page'],
    [
      'ods',
      Buffer.concat([
        Buffer.from('PK\x03\x04', 'latin1'),
        Buffer.alloc(26),
        Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
      ]),
      'OpenDocument',
    ],
  ])('refuses %s and says what it is', (detected, bytes, what) => {
    const e = rejection(() => detectRosterFileKind(bytes));
    expect(e.detected).toBe(detected);
    expect(e.message).toContain(what);
    expect(e.message).toContain('CSV UTF-8');
  });

  it('refuses an empty file', () => {
    expect(rejection(() => detectRosterFileKind(Buffer.alloc(0))).detected).toBe('empty');
  });

  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), 'UTF-16 LE'],
    ['utf-16le', Buffer.from(HEADER, 'utf16le'), 'UTF-16 LE'], // no BOM: the NUL pattern gives it away
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(HEADER)]), 'UTF-16 BE'],
    ['utf-16be', utf16be(HEADER), 'UTF-16 BE'],
  ])('refuses %s text and says so', (detected, bytes, name) => {
    const e = rejection(() => detectRosterFileKind(bytes));
    expect(e.detected).toBe(detected);
    expect(e.message).toContain(`${name} text`);
    expect(e.message).toContain('CSV UTF-8');
  });
});

describe(decodeCsvBuffer.name, () => {
  it('strips a UTF-8 BOM and reports it', () => {
    const withBom = decodeCsvBuffer(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER)]));
    expect(withBom).toEqual({ text: HEADER, delimiter: ',', hadBom: true });
    expect(decodeCsvBuffer(Buffer.from(HEADER))).toEqual({ text: HEADER, delimiter: ',', hadBom: false });
  });

  it('names Windows-1258 / TCVN3 and the line of the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from(HEADER), Buffer.from('CB01,'), CP1258_NAME, Buffer.from(',X,R1\r\n')]);
    const e = rejection(() => decodeCsvBuffer(bytes));
    expect(e.detected).toBe('8-bit');
    expect(e.message).toBe(
      'The file is not UTF-8: it looks like Windows-1258 / TCVN3 or another 8-bit Vietnamese encoding (first invalid byte on line 2); save as CSV UTF-8. ' +
        'In Excel choose File → Save As → “CSV UTF-8 (Comma delimited)” or “Excel Workbook (.xlsx)”.',
    );
    expect(e.messageVi).toContain('Windows-1258 / TCVN3');
  });

  it('detects the semicolon delimiter Excel uses in Vietnamese locale', () => {
    expect(decodeCsvBuffer(Buffer.from('Mã cán bộ;Họ và tên;Mã đơn vị;Vai trò\n')).delimiter).toBe(';');
  });
});

describe(decodeCsvChunks.name, () => {
  it('decodes a character split across chunks', async () => {
    const bytes = Buffer.from('Đặng Thị Ánh\n');
    const chunks = [...bytes].map((b) => Buffer.from([b])); // one byte at a time
    await expect(collect(chunks)).resolves.toBe('Đặng Thị Ánh\n');
  });

  it('drops the BOM even when it arrives in pieces', async () => {
    await expect(collect([Buffer.from([0xef]), Buffer.from([0xbb, 0xbf, 0x41])])).resolves.toBe('A');
  });

  it('reports 8-bit text found in a later chunk, with its line', async () => {
    const chunks = [Buffer.from(HEADER + 'CB01,Lê An,X,R1\r\n'), Buffer.concat([Buffer.from('CB02,'), CP1258_NAME])];
    await expect(collect(chunks)).rejects.toMatchObject({
      detected: '8-bit',
      message: expect.stringContaining('line 3'),
    });
  });

  it('reports UTF-16 from the first chunk', async () => {
    await expect(collect([Buffer.from(HEADER, 'utf16le')])).rejects.toMatchObject({ detected: 'utf-16le' });
  });

  it('reports a sequence cut off at the end of the file', async () => {
    await expect(collect([Buffer.from('abc'), Buffer.from([0xe1, 0xba])])).rejects.toMatchObject({ detected: '8-bit' });
  });
});

describe(detectDelimiter.name, () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['"Họ, tên";Mã;Đơn vị', ';'], // the comma is inside quotes
    ['single', ','],
  ])('%s → %s', (line, expected) => expect(detectDelimiter(line)).toBe(expected));
});
