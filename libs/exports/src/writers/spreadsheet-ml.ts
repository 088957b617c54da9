import { ColumnType, ExportColumn } from '../kinds/export-kind';

/*
 * The parts of an XLSX workbook (SpreadsheetML, ECMA-376) that the list exports need: one or two sheets of text
 * (string cells, no shared-strings table), dates and numbers, a bold frozen header row, column widths. Laid out as exceljs wrote them before (same
 * styles, same cell types), so readers see the same workbook.
 */

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** Cell styles (cellXfs in STYLES): the data cells of a column by its type, and its header cell (bold). */
export const CELL_STYLE: Record<ColumnType, number> = { number: 0, text: 1, date: 2 };
export const HEADER_STYLE: Record<ColumnType, number> = { number: 3, text: 4, date: 5 };
/** numFmt 49 is the built-in text format (@); 164 is dd/mm/yyyy. */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

// Characters XML 1.0 cannot carry (control characters but tab and line breaks) are dropped, as exceljs did.
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
// eslint-disable-next-line no-control-regex
const XML_SPECIALS = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data. */
export const xmlText = (text: string): string =>
  XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => ENTITIES[c] ?? '') : text;

/** The letters of a column (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXCEL_EPOCH_DAYS = 25_569; // 1970-01-01 as an Excel serial day (the 1900 date system)

/** A yyyy-mm-dd day as an Excel serial day (shown dd/mm/yyyy by its style), or null when it is not one. */
export function dateSerial(value: unknown): number | null {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 + EXCEL_EPOCH_DAYS;
}

/** A worksheet's XML around its rows: the frozen first row, the columns' widths and styles. */
export function sheetXml(columns: readonly ExportColumn[]): { head: string; tail: string } {
  const cols = columns
    .map((c, i) => {
      const style = CELL_STYLE[c.type] ? ` style="${CELL_STYLE[c.type]}"` : '';
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}"${style} customWidth="1"/>`;
    })
    .join('');
  return {
    head:
      `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheetViews><sheetView workbookViewId="0">` +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>' +
      `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    tail: '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
  };
}

/** Every part of the workbook but the sheets' data (xl/worksheets/sheet<n>.xml), as [path, xml]. */
export function xlsxParts(sheetNames: readonly string[], created = new Date()): Array<[string, string]> {
  const sheets = sheetNames.map((name, i) => ({ name: xmlText(name), n: i + 1, rel: `rId${i + 2}` }));
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map((s) => `<Override PartName="/xl/worksheets/sheet${s.n}.xml" ContentType="${SHEET_TYPE}"/>`)
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">` +
        `<Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="${PKG_RELS}/metadata/core-properties" Target="docProps/core.xml"/>` +
        `<Relationship Id="rId3" Type="${DOC_RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    ],
    [
      'docProps/app.xml',
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
        '<Application>Mộc</Application></Properties>',
    ],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Mộc</dc:creator>' +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets>` +
        sheets.map((s) => `<sheet name="${s.name}" sheetId="${s.n}" r:id="${s.rel}"/>`).join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">` +
        `<Relationship Id="rId1" Type="${DOC_RELS}/styles" Target="styles.xml"/>` +
        sheets
          .map((s) => `<Relationship Id="${s.rel}" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet${s.n}.xml"/>`)
          .join('') +
        '</Relationships>',
    ],
    ['xl/styles.xml', STYLES],
  ];
}
