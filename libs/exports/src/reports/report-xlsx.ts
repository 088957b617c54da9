import { Workbook, Worksheet } from 'exceljs';
import { vietnameseDateLine } from '@app/certificates';
import { ReportFigures } from './report-figures';
import { fill, issuerLines, L, percentText, shortDate } from './report-labels';

type Cell = string | number | null;

function table(ws: Worksheet, header: string[], rows: Cell[][], widths: number[]): void {
  const head = ws.addRow(header);
  head.font = { bold: true };
  for (const r of rows) ws.addRow(r);
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * A report's XLSX, rendered from its figures only: the first sheet is the document (administrative heading, number,
 * place and date, title, period, summary, signatory), the others its tables with a header row. The workbook's dates
 * are the document's, so the same figures give the same content.
 */
export async function renderReportXlsx(f: ReportFigures): Promise<Buffer> {
  const wb = new Workbook();
  const dated = new Date(`${f.date}T00:00:00Z`);
  wb.creator = f.unit.name;
  wb.created = dated;
  wb.modified = dated;
  wb.title = `${L.heading} ${f.number}`;

  const doc = wb.addWorksheet(L.sheets.report);
  const issuer = issuerLines(f);
  doc.getColumn(1).width = 48;
  doc.getColumn(2).width = 14;
  doc.getColumn(3).width = 48;
  const put = (row: number, col: number, value: string, bold = false, italic = false): void => {
    const cell = doc.getCell(row, col);
    cell.value = value;
    cell.font = { bold, italic };
    cell.alignment = { horizontal: 'center', wrapText: true };
  };
  if (issuer.parent) put(1, 1, issuer.parent);
  put(2, 1, issuer.unit, true);
  put(3, 1, issuer.number);
  put(1, 3, L.nation, true);
  put(2, 3, L.motto, true);
  put(3, 3, vietnameseDateLine(f.placeName, f.date), false, true);
  put(5, 1, L.heading, true);
  doc.mergeCells(5, 1, 5, 3);
  put(6, 1, f.title, true);
  doc.mergeCells(6, 1, 6, 3);
  put(7, 1, fill(L.period, { from: shortDate(f.periodFrom), to: shortDate(f.periodTo) }), false, true);
  doc.mergeCells(7, 1, 7, 3);
  if (f.receiver) {
    put(8, 1, fill(L.to, { receiver: f.receiver.name }));
    doc.mergeCells(8, 1, 8, 3);
  }
  const summary: Array<[string, Cell]> = [
    [L.coverageAsOf.replace('{date}', shortDate(f.coverage.date)), null],
    [`${L.col.headcount} (${L.allRoles})`, f.coverage.allRoles.headcount],
    [`${L.col.trained} (${L.allRoles})`, f.coverage.allRoles.trained],
    [`${L.col.coverage} (${L.allRoles})`, percentText(f.coverage.allRoles.coverage)],
    [L.cert.issued, f.certificates.issued],
    [L.cert.course, f.certificates.course],
    [L.cert.session, f.certificates.session],
    [L.cert.revoked, f.certificates.revokedByPeriodEnd],
    [L.sessions, f.sessions.length],
    [`${L.sessions}: ${L.col.participants}`, f.sessions.reduce((s, x) => s + x.participants, 0)],
    [L.exams, f.exams.length],
  ];
  let r = 10;
  for (const [label, value] of summary) {
    doc.getCell(r, 1).value = label;
    doc.getCell(r, 2).value = value;
    r++;
  }
  put(r + 1, 3, f.signatoryTitle, true);
  put(r + 5, 3, f.signatoryName, true);

  const c = L.col;
  table(
    wb.addWorksheet(L.sheets.byRole),
    [c.role, c.headcount, c.declaredNotNamed, c.trained, c.coverage, c.target, c.gap, c.deadline],
    [
      ...f.coverage.rows.map((x) => [
        x.roleName,
        x.headcount,
        x.declaredNotNamed,
        x.trained,
        percentText(x.coverage),
        x.targetPercent,
        x.gap,
        shortDate(x.deadline),
      ]),
      [
        L.allRoles,
        f.coverage.allRoles.headcount,
        f.coverage.allRoles.declaredNotNamed,
        f.coverage.allRoles.trained,
        percentText(f.coverage.allRoles.coverage),
        null,
        null,
        null,
      ],
    ],
    [44, 10, 12, 12, 10, 10, 10, 12],
  );
  const roles = f.coverage.rows;
  table(
    wb.addWorksheet(L.sheets.byUnit),
    [
      c.unitCode,
      c.unit,
      c.headcount,
      c.trained,
      c.coverage,
      ...roles.flatMap((x) => [`${x.roleName}: ${c.headcount}`, `${x.roleName}: ${c.trained}`]),
    ],
    f.coverage.children.map((ch) => [
      ch.unit.code,
      ch.unit.name,
      ch.allRoles.headcount,
      ch.allRoles.trained,
      percentText(ch.allRoles.coverage),
      ...roles.flatMap((x) => {
        const row = ch.rows.find((y) => y.roleId === x.roleId);
        return [row?.headcount ?? 0, row?.trained ?? 0];
      }),
    ]),
    [14, 36, 10, 12, 10, ...roles.flatMap(() => [14, 14])],
  );
  table(
    wb.addWorksheet(L.sheets.courses),
    [c.code, c.course, c.enrolled, c.completed],
    f.courses.map((x) => [x.code, x.title, x.enrolled, x.completed]),
    [14, 50, 10, 12],
  );
  table(
    wb.addWorksheet(L.sheets.sessions),
    [c.day, c.session, c.kind, c.organiser, c.participants],
    f.sessions.map((x) => [shortDate(x.day), x.title, L.sessionKind[x.kind], x.organiser, x.participants]),
    [12, 50, 12, 32, 14],
  );
  table(
    wb.addWorksheet(L.sheets.exams),
    [c.exam, c.kind, c.course, c.participants, c.passed],
    f.exams.map((x) => [x.title, L.examKind[x.kind], x.courseTitle, x.participants, x.passed]),
    [44, 18, 40, 14, 10],
  );
  table(
    wb.addWorksheet(L.sheets.headcounts),
    [c.role, c.declared, c.unitsDeclaring, c.named, c.declaredNotNamed],
    f.headcounts.map((x) => [x.roleName, x.declared, x.unitsDeclaring, x.named, x.declaredNotNamed]),
    [44, 12, 16, 12, 16],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
