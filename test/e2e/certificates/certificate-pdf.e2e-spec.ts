// Renders real certificate PDFs and reads them back with poppler-utils (pdftotext, pdfinfo, pdftoppm, pdfimages) and
// zbar (zbarimg): the name keeps its diacritics, the page is one A4 landscape page, the QR code holds the
// verification URL. `.ci/run` installs both when missing. No database.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as QRCode from 'qrcode';
import { CertificatePdfRenderer, CertificatePrint } from '@app/certificates';

const run = promisify(execFile);

const print = (overrides: Partial<CertificatePrint> = {}): CertificatePrint => ({
  kind: 'course',
  serial: 'VL-2026-000123',
  code: '7KQ2-M9XA-PL3D-W8RT-ZC4N-Q',
  verifyUrl: 'https://moc.example.vn/verify/7KQ2-M9XA-PL3D-W8RT-ZC4N-Q',
  personName: 'Nguyễn Thị Ngọc Ánh',
  unitName: 'Phòng Văn hóa - Xã hội, Xã Long Hồ',
  roleNames: ['Công chức Văn hóa - Xã hội'],
  title: 'Truyền thông về quyền con người cho cán bộ cơ sở',
  courseCode: 'QCN-101',
  versionNo: 3,
  scorePercent: 86,
  issueDate: '2026-12-04',
  expiresOn: '2028-12-04',
  authority: {
    parentName: 'Ủy ban nhân dân tỉnh Vĩnh Long',
    name: 'Sở Văn hóa, Thể thao và Du lịch',
    placeName: 'Vĩnh Long',
    signatoryTitle: 'Giám đốc',
    signatoryName: 'Đặng Hữu Ước',
  },
  sealImage: null,
  ...overrides,
});

/** Runs a tool without a shell; stdout as text. */
const tool = async (file: string, args: string[]): Promise<string> =>
  (await run(file, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 })).stdout;

/** Collapses runs of spaces (pdftotext -layout pads columns) and normalises to NFC. */
const flat = (text: string): string => text.normalize('NFC').replace(/[ \t]+/g, ' ');

describe('certificate PDF (pdfkit, read back with poppler and zbar)', () => {
  const renderer = new CertificatePdfRenderer();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'moc-certificate-pdf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const save = async (name: string, pdf: Buffer): Promise<string> => {
    const file = join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    return file;
  };
  const pageInfo = async (file: string): Promise<{ pages: number; size: string }> => {
    const info = await tool('pdfinfo', [file]);
    return {
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
      size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    };
  };

  it('prints the name with its diacritics, the serial, the code and the date line on one A4 landscape page', async () => {
    const file = await save('plain', await renderer.render(print()));
    expect(await pageInfo(file)).toEqual({ pages: 1, size: '841.89 x 595.28 pts (A4)' });
    const text = flat(await tool('pdftotext', ['-layout', file, '-']));
    expect(text).toContain('Nguyễn Thị Ngọc Ánh');
    expect(text).toContain('Đặng Hữu Ước');
    expect(text).toContain('Số hiệu: VL-2026-000123');
    expect(text).toContain('Mã xác minh: 7KQ2-M9XA-PL3D-W8RT-ZC4N-Q');
    expect(text).toContain('Vĩnh Long, ngày 04 tháng 12 năm 2026');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('GIẤY CHỨNG NHẬN');
    expect(text).toContain('hoàn thành khoá học');
    expect(text).toContain('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH');
    expect(text).toContain('“Truyền thông về quyền con người cho cán bộ cơ sở”');
    expect(text).toContain('Kết quả bài kiểm tra: 86%');
    expect(text).toContain('Có giá trị đến hết ngày 03/12/2028'); // expiresOn 2028-12-04: the first day it no longer counts
    expect(text).toContain('https://moc.example.vn/verify/7KQ2-M9XA-PL3D-W8RT-ZC4N-Q');
    const info = await tool('pdfinfo', [file]);
    expect(info.normalize('NFC')).toMatch(/^Author:\s+Sở Văn hóa, Thể thao và Du lịch$/m);
    const fonts = await tool('pdffonts', [file]);
    expect(fonts).toMatch(/BeVietnamPro-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  it('holds the verification URL, exactly, in its QR code', async () => {
    const verifyUrl = 'https://chung-nhan.moc.gov.vn/verify/ABCD-EFGH-JKMN-PQRS-TVWX-Y';
    const file = await save('qr', await renderer.render(print({ verifyUrl, personName: 'Đặng Hữu Ước' })));
    await tool('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(dir, 'qr')]);
    const decoded = await tool('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', join(dir, 'qr.png')]);
    expect(decoded.trim()).toBe(verifyUrl);
    expect(flat(await tool('pdftotext', ['-layout', file, '-']))).toContain('Đặng Hữu Ước');
  });

  it('keeps a 200-character title, a long name and a long unit on one page', async () => {
    const title = `Bồi dưỡng kỹ năng ${'truyền thông về quyền con người ở cơ sở '.repeat(5)}`.slice(0, 200).trim();
    expect(title.length).toBeGreaterThan(190);
    const file = await save(
      'long',
      await renderer.render(
        print({
          kind: 'session',
          title,
          personName: 'Tôn Nữ Hoàng Phương Thảo Nguyễn Ngọc Bích Huyền Trang Lê Thị Diễm Hương',
          unitName: `${'Phòng Văn hóa - Xã hội, '.repeat(8)}Xã Long Hồ`,
          roleNames: ['Công chức Văn hóa - Xã hội', 'Phó Chủ tịch Ủy ban nhân dân', 'Bí thư Đoàn'],
        }),
      ),
    );
    expect((await pageInfo(file)).pages).toBe(1);
    const text = flat(await tool('pdftotext', ['-layout', file, '-']));
    expect(text).toContain('đã tham gia lớp tập huấn');
    expect(text).toContain('Bồi dưỡng kỹ năng truyền thông');
    expect(text).toContain('Vĩnh Long, ngày 04 tháng 12 năm 2026');
    expect(text).toContain('Số hiệu: VL-2026-000123');
    // the serial sits at the bottom of the page: nothing was pushed past it
    const bbox = await tool('pdftotext', ['-bbox', file, '-']);
    const bottoms = [...bbox.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...bottoms)).toBeLessThanOrEqual(595.28 - 24);
  });

  it('draws a readable seal, and still renders without one when the image is broken', async () => {
    const seal = await QRCode.toBuffer('seal', { margin: 1, color: { dark: '#b00000ff', light: '#00000000' } });
    const withSeal = await save('seal', await renderer.render(print({ sealImage: seal })));
    expect(await tool('pdfimages', ['-list', withSeal])).toMatch(/\bimage\b[\s\S]*\bsmask\b/);

    for (const [name, broken] of [
      ['truncated', seal.subarray(0, seal.length - 30)],
      ['garbage', Buffer.from('definitely not a PNG')],
      ['fake-png', Buffer.concat([seal.subarray(0, 16), Buffer.alloc(200, 7)])],
    ] as const) {
      const file = await save(name, await renderer.render(print({ sealImage: broken })));
      expect((await pageInfo(file)).pages).toBe(1);
      expect((await tool('pdfimages', ['-list', file])).split('\n').filter((l) => /\bimage\b/.test(l))).toEqual([]);
      expect(flat(await tool('pdftotext', ['-layout', file, '-']))).toContain('Đặng Hữu Ước');
    }
  });

  it('renders the same bytes for the same print, with fonts parsed once or per document', async () => {
    const once = await renderer.render(print());
    expect((await renderer.render(print())).equals(once)).toBe(true);
    const perDocument = await new CertificatePdfRenderer({ fonts: 'per-document' }).render(print());
    expect(perDocument.length).toBeGreaterThan(10_000);
    const file = await save('per-document', perDocument);
    expect(flat(await tool('pdftotext', ['-layout', file, '-']))).toContain('Nguyễn Thị Ngọc Ánh');
  });
});
