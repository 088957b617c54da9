import PDFDocument from 'pdfkit';
import { sharedCertificateFonts, vietnameseDateLine } from '@app/certificates';
import { ReportFigures } from './report-figures';
import { fill, issuerLines, L, percentText, shortDate } from './report-labels';

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

/** A4 portrait, in points, with 2 cm margins. */
const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;
const CONTENT = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;

interface Column {
  header: string;
  /** Share of the content width. */
  share: number;
  align?: Align;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** A new page when `height` does not fit below the current position. */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = PAGE.margin;
  }
}

/** A table: bold header row, thin rules, cells wrapped; the header is repeated on each new page. */
function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const widths = columns.map((c) => c.share * CONTENT);
  const rowHeight = (cells: string[], face: string): number => {
    doc.font(face).fontSize(9);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: widths[i] - 6 }))) + 6;
  };
  const draw = (cells: string[], face: string): void => {
    const h = rowHeight(cells, face);
    const y = doc.y;
    let x = PAGE.margin;
    doc.font(face).fontSize(9).fillColor('#111111');
    cells.forEach((text, i) => {
      doc.text(text, x + 3, y + 3, { width: widths[i] - 6, align: columns[i].align ?? 'left' });
      x += widths[i];
    });
    doc
      .moveTo(PAGE.margin, y + h)
      .lineTo(PAGE.margin + CONTENT, y + h)
      .lineWidth(0.4)
      .strokeColor('#777777')
      .stroke();
    doc.x = PAGE.margin;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  ensure(doc, rowHeight(header, 'bold') + 20);
  draw(header, 'bold');
  for (const row of rows) {
    const h = rowHeight(row, 'regular');
    if (doc.y + h > BOTTOM) {
      ensure(doc, BOTTOM);
      draw(header, 'bold');
    }
    draw(row, 'regular');
  }
  doc.moveDown(0.6);
}

function section(doc: Doc, title: string): void {
  ensure(doc, 60);
  doc.x = PAGE.margin;
  doc.font('bold').fontSize(11).fillColor('#111111').text(title, PAGE.margin, doc.y, { width: CONTENT });
  doc.moveDown(0.3);
}

function none(doc: Doc): void {
  doc.font('italic').fontSize(10).text(L.none, PAGE.margin, doc.y, { width: CONTENT });
  doc.moveDown(0.6);
}

/** Top: the issuer (parent, unit, number) on the left, the national motto and the place and date on the right. */
/** A titled part of the report: its table, or a line saying there is nothing when it has no rows. */
function part(doc: Doc, title: string, columns: Column[], rows: string[][]): void {
  section(doc, title);
  if (rows.length === 0) none(doc);
  else table(doc, columns, rows);
}

function heading(doc: Doc, f: ReportFigures): void {
  const issuer = issuerLines(f);
  const left = { x: PAGE.margin - 10, width: 220 };
  const right = { x: PAGE.margin + 220, width: CONTENT - 210 };
  const top = PAGE.margin - 16;
  let y = top;
  doc.fillColor('#111111');
  if (issuer.parent) {
    doc.font('regular').fontSize(11);
    doc.text(issuer.parent, left.x, y, { width: left.width, align: 'center' });
    y = doc.y;
  }
  doc.font('bold').fontSize(11).text(issuer.unit, left.x, y, { width: left.width, align: 'center' });
  y = doc.y + 2;
  const ruleOf = (cx: number, ry: number, w: number): void => {
    doc
      .moveTo(cx - w / 2, ry)
      .lineTo(cx + w / 2, ry)
      .lineWidth(0.6)
      .strokeColor('#111111')
      .stroke();
  };
  ruleOf(left.x + left.width / 2, y, 60);
  doc
    .font('regular')
    .fontSize(11)
    .text(issuer.number, left.x, y + 6, { width: left.width, align: 'center' });
  const leftBottom = doc.y;

  doc.font('bold').fontSize(11).text(L.nation, right.x, top, { width: right.width, align: 'center' });
  doc.fontSize(12).text(L.motto, right.x, doc.y, { width: right.width, align: 'center' });
  const mottoWidth = doc.widthOfString(L.motto);
  ruleOf(right.x + right.width / 2, doc.y + 2, mottoWidth);
  doc
    .font('italic')
    .fontSize(11)
    .text(vietnameseDateLine(f.placeName, f.date), right.x, doc.y + 8, { width: right.width, align: 'center' });
  doc.x = PAGE.margin;
  doc.y = Math.max(leftBottom, doc.y) + 24;
}

function signatory(doc: Doc, f: ReportFigures): void {
  ensure(doc, 120);
  doc.moveDown(1);
  const x = PAGE.margin + CONTENT / 2;
  const width = CONTENT / 2;
  doc.font('bold').fontSize(11).text(f.signatoryTitle, x, doc.y, { width, align: 'center' });
  doc.y += 56;
  doc.font('bold').fontSize(12).text(f.signatoryName, x, doc.y, { width, align: 'center' });
}

/**
 * A report's PDF (A4 portrait, Be Vietnam Pro embedded as the certificates do, text extractable), rendered from its
 * figures only: the heading, "BÁO CÁO" and the title, the period, the tables, and the signatory.
 */
export async function renderReportPdf(f: ReportFigures): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    font: null as unknown as string,
    lang: 'vi',
    displayTitle: true,
    info: {
      Title: `${L.heading} ${f.number} - ${f.title}`,
      Author: f.unit.name,
      Subject: f.title,
      CreationDate: new Date(`${f.date}T00:00:00Z`),
    },
  });
  const pdf = collect(doc);
  const fonts = sharedCertificateFonts();
  for (const face of ['regular', 'bold', 'italic'] as const) doc.registerFont(face, fonts[face]);
  heading(doc, f);
  doc.font('bold').fontSize(15).text(L.heading, PAGE.margin, doc.y, { width: CONTENT, align: 'center' });
  doc.font('bold').fontSize(12).text(f.title, { width: CONTENT, align: 'center' });
  doc
    .font('italic')
    .fontSize(11)
    .text(fill(L.period, { from: shortDate(f.periodFrom), to: shortDate(f.periodTo) }), {
      width: CONTENT,
      align: 'center',
    });
  if (f.receiver) {
    doc.moveDown(0.5);
    doc
      .font('regular')
      .fontSize(11)
      .text(fill(L.to, { receiver: f.receiver.name }), { width: CONTENT, align: 'center' });
  }
  doc.moveDown(1);
  doc
    .font('italic')
    .fontSize(10)
    .text(fill(L.coverageAsOf, { date: shortDate(f.coverage.date) }), PAGE.margin, doc.y, { width: CONTENT });
  doc.moveDown(0.5);

  const c = L.col;
  const n = (v: number | null): string => (v === null ? '—' : String(v));
  part(
    doc,
    L.byRole,
    [
      { header: c.role, share: 0.34 },
      { header: c.headcount, share: 0.1, align: 'right' },
      { header: c.declaredNotNamed, share: 0.12, align: 'right' },
      { header: c.trained, share: 0.11, align: 'right' },
      { header: c.coverage, share: 0.1, align: 'right' },
      { header: c.target, share: 0.11, align: 'right' },
      { header: c.gap, share: 0.12, align: 'right' },
    ],
    [
      ...f.coverage.rows.map((x) => [
        x.roleName,
        n(x.headcount),
        n(x.declaredNotNamed),
        n(x.trained),
        percentText(x.coverage),
        n(x.targetPercent),
        n(x.gap),
      ]),
      [
        L.allRoles,
        n(f.coverage.allRoles.headcount),
        n(f.coverage.allRoles.declaredNotNamed),
        n(f.coverage.allRoles.trained),
        percentText(f.coverage.allRoles.coverage),
        '',
        '',
      ],
    ],
  );
  part(
    doc,
    L.byUnit,
    [
      { header: c.unit, share: 0.46 },
      { header: c.headcount, share: 0.18, align: 'right' },
      { header: c.trained, share: 0.18, align: 'right' },
      { header: c.coverage, share: 0.18, align: 'right' },
    ],
    f.coverage.children.map((ch) => [
      ch.unit.name,
      n(ch.allRoles.headcount),
      n(ch.allRoles.trained),
      percentText(ch.allRoles.coverage),
    ]),
  );
  part(
    doc,
    L.courses,
    [
      { header: c.course, share: 0.56 },
      { header: c.code, share: 0.16 },
      { header: c.enrolled, share: 0.14, align: 'right' },
      { header: c.completed, share: 0.14, align: 'right' },
    ],
    f.courses.map((x) => [x.title, x.code, n(x.enrolled), n(x.completed)]),
  );
  part(
    doc,
    L.sessions,
    [
      { header: c.day, share: 0.13 },
      { header: c.session, share: 0.4 },
      { header: c.kind, share: 0.12 },
      { header: c.organiser, share: 0.21 },
      { header: c.participants, share: 0.14, align: 'right' },
    ],
    f.sessions.map((x) => [shortDate(x.day), x.title, L.sessionKind[x.kind], x.organiser, n(x.participants)]),
  );
  part(
    doc,
    L.exams,
    [
      { header: c.exam, share: 0.4 },
      { header: c.kind, share: 0.18 },
      { header: c.course, share: 0.2 },
      { header: c.participants, share: 0.12, align: 'right' },
      { header: c.passed, share: 0.1, align: 'right' },
    ],
    f.exams.map((x) => [x.title, L.examKind[x.kind], x.courseTitle, n(x.participants), n(x.passed)]),
  );
  part(
    doc,
    L.certificates,
    [
      { header: c.item, share: 0.75 },
      { header: c.value, share: 0.25, align: 'right' },
    ],
    [
      [L.cert.issued, n(f.certificates.issued)],
      [L.cert.course, n(f.certificates.course)],
      [L.cert.session, n(f.certificates.session)],
      [L.cert.revoked, n(f.certificates.revokedByPeriodEnd)],
    ],
  );
  part(
    doc,
    L.headcounts,
    [
      { header: c.role, share: 0.4 },
      { header: c.declared, share: 0.14, align: 'right' },
      { header: c.unitsDeclaring, share: 0.16, align: 'right' },
      { header: c.named, share: 0.14, align: 'right' },
      { header: c.declaredNotNamed, share: 0.16, align: 'right' },
    ],
    f.headcounts.map((x) => [x.roleName, n(x.declared), n(x.unitsDeclaring), n(x.named), n(x.declaredNotNamed)]),
  );
  signatory(doc, f);
  doc.end();
  return pdf;
}
