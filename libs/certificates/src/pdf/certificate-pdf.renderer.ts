import { Inject, Injectable, Optional } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { addDays } from '@app/common';
import { CertificatePrint } from './certificate-print';
import {
  CertificateFace,
  CertificateFonts,
  readCertificateFontFiles,
  sharedCertificateFonts,
} from './certificate-fonts';
import { sealImageFormat } from './seal-image';
import { vietnameseDateLine, vietnameseShortDate } from './vietnamese-date';

/** A4 landscape, in points. */
export const CERTIFICATE_PAGE = { width: 841.89, height: 595.28 } as const;

const INK = '#111111';
const ACCENT = '#9b1c1c';
const HEADING_TOP = 48;
/** The signatory's block and the verification block start here; the body is fitted above it. */
const FOOT_TOP = 412;
const BODY = { x: 70, width: CERTIFICATE_PAGE.width - 140 };
const LEFT_HEAD = { x: 44, width: 340 };
const RIGHT_HEAD = { x: 420, width: 380 };
const SIGNATORY = { x: 460, width: 340 };
const QR_SIZE = 92;
const QR = { x: 52, y: 452 };
const VERIFY_TEXT = { x: QR.x + QR_SIZE + 12, width: 290 };
const SEAL_HEIGHT = 84;

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

interface Line {
  text: string;
  face: CertificateFace;
  size: number;
  /** Never more lines than this: longer text is shrunk with the rest of the body, then cut with an ellipsis. */
  maxLines: number;
  /** Space above, in points at full scale. */
  gap: number;
  color?: string;
}

const SUBTITLE: Record<CertificatePrint['kind'], { heading: string; what: string }> = {
  course: { heading: 'hoàn thành khoá học', what: 'Đã hoàn thành khoá học:' },
  session: { heading: 'đã tham gia lớp tập huấn', what: 'Đã tham gia lớp tập huấn:' },
};

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Height of `text` set in `width` at the current font, and its line count, capped at `maxLines`. */
function measure(doc: Doc, text: string, width: number, maxLines: number): { height: number; lines: number } {
  const lineHeight = doc.currentLineHeight(true);
  const lines = Math.max(1, Math.round(doc.heightOfString(text, { width }) / lineHeight));
  const kept = Math.min(lines, maxLines);
  return { height: kept * lineHeight, lines: kept };
}

/** Draws text in a box of at most `maxLines` lines, cutting what does not fit with an ellipsis (never a new page). */
function drawText(doc: Doc, text: string, x: number, y: number, width: number, maxLines: number, align: Align): number {
  const { height } = measure(doc, text, width, maxLines);
  doc.text(text, x, y, { width, height: height + 0.5, align, ellipsis: true, lineGap: 0 });
  return height;
}

/**
 * Sets `text` at `size`, shrinking it down to `minSize` until it takes at most `maxLines` lines; at `minSize` it is
 * cut. Returns the height used.
 */
function fitText(
  doc: Doc,
  text: string,
  at: { x: number; y: number; width: number; align: Align },
  font: { face: CertificateFace; size: number; minSize: number; maxLines: number },
): number {
  let size = font.size;
  doc.font(font.face);
  for (; size > font.minSize; size -= 0.5) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width: at.width }) <= font.maxLines * doc.currentLineHeight(true) + 0.5) break;
  }
  doc.fontSize(Math.max(size, font.minSize));
  return drawText(doc, text, at.x, at.y, at.width, font.maxLines, at.align);
}

/** A short centred rule under a heading line. */
function rule(doc: Doc, centreX: number, y: number, width: number): void {
  doc
    .moveTo(centreX - width / 2, y)
    .lineTo(centreX + width / 2, y)
    .lineWidth(0.75)
    .strokeColor(INK)
    .stroke();
}

function drawFrame(doc: Doc): void {
  const { width, height } = CERTIFICATE_PAGE;
  doc
    .lineWidth(2)
    .strokeColor(ACCENT)
    .rect(18, 18, width - 36, height - 36)
    .stroke();
  doc
    .lineWidth(0.6)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
}

/** Top left: the issuing authority (its parent above it), bold, with a short rule under. Returns the bottom. */
function drawAuthority(doc: Doc, print: CertificatePrint): number {
  const { x, width } = LEFT_HEAD;
  let y = HEADING_TOP;
  doc.fillColor(INK);
  if (print.authority.parentName) {
    y += fitText(
      doc,
      print.authority.parentName.toLocaleUpperCase('vi'),
      { x, y, width, align: 'center' },
      {
        face: 'regular',
        size: 12,
        minSize: 8,
        maxLines: 2,
      },
    );
  }
  y += fitText(
    doc,
    print.authority.name.toLocaleUpperCase('vi'),
    { x, y, width, align: 'center' },
    {
      face: 'bold',
      size: 12,
      minSize: 8,
      maxLines: 3,
    },
  );
  rule(doc, x + width / 2, y + 3, width / 3);
  return y + 3;
}

/** Top right: the national motto, bold, with a rule as long as its second line. Returns the bottom. */
function drawMotto(doc: Doc): number {
  const { x, width } = RIGHT_HEAD;
  let y = HEADING_TOP;
  doc.fillColor(INK).font('bold').fontSize(12);
  y += drawText(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x, y, width, 1, 'center');
  doc.fontSize(13);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  y += drawText(doc, motto, x, y, width, 1, 'center');
  rule(doc, x + width / 2, y + 3, doc.widthOfString(motto));
  return y + 3;
}

function bodyLines(print: CertificatePrint): Line[] {
  const lines: Line[] = [
    { text: 'GIẤY CHỨNG NHẬN', face: 'bold', size: 34, maxLines: 1, gap: 0, color: ACCENT },
    { text: SUBTITLE[print.kind].heading, face: 'italic', size: 15, maxLines: 1, gap: 0 },
    { text: 'Chứng nhận Ông/Bà:', face: 'regular', size: 14, maxLines: 1, gap: 16 },
    { text: print.personName, face: 'bold', size: 28, maxLines: 2, gap: 2 },
  ];
  if (print.unitName) {
    lines.push({ text: `Đơn vị: ${print.unitName}`, face: 'regular', size: 13, maxLines: 2, gap: 4 });
  }
  if (print.roleNames.length > 0) {
    lines.push({ text: `Chức vụ: ${print.roleNames.join(', ')}`, face: 'regular', size: 13, maxLines: 2, gap: 2 });
  }
  lines.push(
    { text: SUBTITLE[print.kind].what, face: 'regular', size: 14, maxLines: 1, gap: 12 },
    { text: `“${print.title}”`, face: 'bold', size: 18, maxLines: 3, gap: 2 },
  );
  if (print.kind === 'course') {
    lines.push({
      text: `Mã khoá học: ${print.courseCode} - Phiên bản ${print.versionNo}`,
      face: 'regular',
      size: 12,
      maxLines: 1,
      gap: 2,
    });
  }
  if (print.scorePercent !== null) {
    const score = Math.round(print.scorePercent * 10) / 10;
    lines.push({ text: `Kết quả bài kiểm tra: ${score}%`, face: 'regular', size: 13, maxLines: 1, gap: 6 });
  }
  if (print.expiresOn) {
    lines.push({
      // expiresOn is the first day it no longer counts: valid to the end of the day before.
      text: `Có giá trị đến hết ngày ${vietnameseShortDate(dayBefore(print.expiresOn))}`,
      face: 'italic',
      size: 12,
      maxLines: 1,
      gap: print.scorePercent === null ? 6 : 2,
    });
  }
  return lines;
}

/**
 * The body, centred between the heading and the foot: the whole of it is scaled down (to 55% at most) until it
 * fits, then overlong lines are cut.
 */
function drawBody(doc: Doc, print: CertificatePrint, top: number): void {
  const lines = bodyLines(print);
  const available = FOOT_TOP - top;
  const heightAt = (scale: number): number =>
    lines.reduce((sum, line) => {
      doc.font(line.face).fontSize(line.size * scale);
      return sum + line.gap * scale + measure(doc, line.text, BODY.width, line.maxLines).height;
    }, 0);
  let scale = 1;
  while (scale > 0.55 && heightAt(scale) > available) scale -= 0.05;
  let y = top + Math.max(0, (available - heightAt(scale)) / 2);
  for (const line of lines) {
    y += line.gap * scale;
    doc
      .font(line.face)
      .fontSize(line.size * scale)
      .fillColor(line.color ?? INK);
    y += drawText(doc, line.text, BODY.x, y, BODY.width, line.maxLines, 'center');
  }
}

/** Bottom right: place and date, the signatory's title, the seal (when it can be read), the signatory's name. */
function drawSignatory(doc: Doc, print: CertificatePrint, dateLine: string): void {
  const { x, width } = SIGNATORY;
  const at = (y: number) => ({ x, y, width, align: 'center' as const });
  doc.fillColor(INK);
  let y = FOOT_TOP + 6;
  y += fitText(doc, dateLine, at(y), { face: 'italic', size: 13, minSize: 9, maxLines: 2 });
  y += fitText(doc, print.authority.signatoryTitle.toLocaleUpperCase('vi'), at(y), {
    face: 'bold',
    size: 13,
    minSize: 9,
    maxLines: 2,
  });
  if (print.sealImage && sealImageFormat(print.sealImage)) {
    try {
      doc.image(print.sealImage, x, y + 2, { fit: [width, SEAL_HEIGHT - 4], align: 'center', valign: 'center' });
    } catch {
      // checked above; an image pdfkit still refuses is left out rather than failing the certificate
    }
  }
  y += SEAL_HEIGHT;
  fitText(doc, print.authority.signatoryName, at(y), { face: 'bold', size: 14, minSize: 9, maxLines: 1 });
}

/** The QR code as vector squares (one rectangle per run of dark modules in a row), quiet zone left white. */
function drawQr(doc: Doc, url: string): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const cell = QR_SIZE / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      // a hair wider than the cell so that neighbouring squares do not show seams when rasterised
      doc.rect(QR.x + start * cell, QR.y + row * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fillColor('#000000').fill();
}

/** Bottom left: serial, code and the verification address next to the QR code. */
function drawVerification(doc: Doc, print: CertificatePrint): void {
  drawQr(doc, print.verifyUrl);
  const { x, width } = VERIFY_TEXT;
  let y = QR.y + 4;
  doc.fillColor(INK);
  y += fitText(
    doc,
    `Số hiệu: ${print.serial}`,
    { x, y, width, align: 'left' },
    {
      face: 'regular',
      size: 11,
      minSize: 7,
      maxLines: 1,
    },
  );
  y += fitText(
    doc,
    `Mã xác minh: ${print.code}`,
    { x, y, width, align: 'left' },
    {
      face: 'bold',
      size: 11,
      minSize: 7,
      maxLines: 1,
    },
  );
  y += 4;
  y += fitText(
    doc,
    'Quét mã QR hoặc truy cập địa chỉ dưới đây để xác minh:',
    { x, y, width, align: 'left' },
    {
      face: 'italic',
      size: 8,
      minSize: 6,
      maxLines: 2,
    },
  );
  // one line when it can be (shrunk down to 6 pt), so that the address reads and copies whole
  doc.font('regular').fontSize(8);
  const size = Math.max(6, Math.min(8, (8 * width) / doc.widthOfString(print.verifyUrl)));
  doc.fontSize(size);
  drawText(doc, print.verifyUrl, x, y, width, 2, 'left');
}

/**
 * One certificate as an A4 landscape PDF (one page, always): fonts are embedded and subset by pdfkit; the output is
 * the same bytes for the same print (the creation date is the issue date).
 */
export async function renderCertificatePdf(print: CertificatePrint, fonts: CertificateFonts): Promise<Buffer> {
  const dateLine = vietnameseDateLine(print.authority.placeName, print.issueDate); // throws on a bad date
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // no default font: pdfkit would otherwise parse Helvetica's metrics for every document (~1 ms) and never use it
    font: null as unknown as string,
    lang: 'vi',
    displayTitle: true,
    info: {
      Title: `Giấy chứng nhận ${print.serial} - ${print.personName}`,
      Author: print.authority.name,
      Subject: print.title,
      Keywords: print.code,
      CreationDate: new Date(`${print.issueDate}T00:00:00Z`),
    },
  });
  const pdf = collect(doc);
  let pages = 1;
  doc.on('pageAdded', () => pages++);
  for (const face of ['regular', 'bold', 'italic'] as const) {
    const source = fonts[face];
    if (Buffer.isBuffer(source)) doc.registerFont(face, source);
    else doc.registerFont(face, source);
  }
  drawFrame(doc);
  const headingBottom = Math.max(drawAuthority(doc, print), drawMotto(doc));
  drawBody(doc, print, headingBottom + 14);
  drawSignatory(doc, print, dateLine);
  drawVerification(doc, print);
  doc.end();
  const buffer = await pdf;
  if (pages !== 1) throw new Error(`certificate ${print.serial} took ${pages} pages`);
  return buffer;
}

export interface CertificatePdfRendererOptions {
  /**
   * 'shared' (the default): the TTFs are parsed once per process and every document reuses them. 'per-document':
   * pdfkit parses the TTF bytes again for each document (the benchmark's baseline; never worth it otherwise).
   */
  fonts?: 'shared' | 'per-document';
}

/** Optional provider of CertificatePdfRendererOptions; without it the fonts are shared. */
export const CERTIFICATE_PDF_RENDERER_OPTIONS = Symbol('CERTIFICATE_PDF_RENDERER_OPTIONS');

/** Renders certificate PDFs from their frozen print; never reads the database. */
@Injectable()
export class CertificatePdfRenderer {
  private readonly fontMode: 'shared' | 'per-document';
  private fileBytes: CertificateFonts | null = null;

  constructor(@Optional() @Inject(CERTIFICATE_PDF_RENDERER_OPTIONS) options?: CertificatePdfRendererOptions) {
    this.fontMode = options?.fonts ?? 'shared';
  }

  render(print: CertificatePrint): Promise<Buffer> {
    if (this.fontMode === 'shared') return renderCertificatePdf(print, sharedCertificateFonts());
    this.fileBytes ??= readCertificateFontFiles();
    return renderCertificatePdf(print, this.fileBytes);
  }
}

/** The calendar day before a yyyy-mm-dd day. */
const dayBefore = (day: string): string => addDays(day, -1);
