import { stream as excelStream } from 'exceljs';
import { PassThrough } from 'node:stream';
import { ROSTER_COLUMNS, RosterColumnKey } from './roster-columns';

/** What the example row of the template names: a unit and a role the caller may really import into. */
export interface RosterTemplateExample {
  unitCode: string;
  /** A role's Vietnamese name (the template shows that names work as well as codes). */
  roleName: string;
}

/** The template: the documented Vietnamese headers and one example row (every column filled, as it would import). */
export function rosterTemplateRows(example: RosterTemplateExample): string[][] {
  const values: Record<RosterColumnKey, string> = {
    employee_code: 'CB-0001',
    full_name: 'Nguyễn Thị Minh Anh',
    unit_code: example.unitCode,
    roles: example.roleName,
    position_title: 'Chuyên viên',
    email: 'minhanh@example.gov.vn',
    phone: '0912345678',
    gender: 'Nữ',
    birth_date: '15/03/1988',
    status: 'đang công tác',
    status_from: '',
  };
  return [ROSTER_COLUMNS.map((c) => c.headerVi), ROSTER_COLUMNS.map((c) => values[c.key])];
}

/** The template as an Excel workbook: one sheet, every cell text (Excel keeps the phone's leading 0 and the date). */
export async function rosterTemplateXlsx(example: RosterTemplateExample): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ width: Math.max(14, c.headerVi.length + 4), style: { numFmt: '@' } }));
  const [header, row] = rosterTemplateRows(example);
  const headerRow = sheet.addRow(header);
  headerRow.font = { bold: true };
  headerRow.commit();
  sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
