import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';

/** A supertest parser that keeps a binary body (an XLSX file) as one Buffer. */
export const binary = (
  res: { on: (e: string, cb: (c?: Buffer) => void) => void },
  cb: (e: Error | null, b: Buffer) => void,
): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** A CSV export read back with csv-parse: it must start with the UTF-8 BOM; header row first. */
export function readCsv(text: string): string[][] {
  if (!text.startsWith('\ufeff')) throw new Error('the CSV does not start with a BOM');
  const rows: string[][] = parse(text.slice(1), { relax_column_count: false });
  return rows;
}

/** An XLSX export read back with exceljs: its first sheet's rows, whether the header is frozen, column widths. */
export async function readXlsx(body: Buffer): Promise<{ rows: unknown[][]; frozen: boolean; widths: number[] }> {
  const wb = new Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const view = ws.views[0] as { state?: string; ySplit?: number } | undefined;
  return {
    rows,
    frozen: view?.state === 'frozen' && view.ySplit === 1,
    widths: ws.columns.map((c) => c.width ?? 0),
  };
}

/** Every sheet of an XLSX export, by name: its rows (header first). */
export async function readXlsxSheets(body: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets.set(ws.name, rows);
  }
  return sheets;
}
