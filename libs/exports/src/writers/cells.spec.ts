import { neutraliseFormula } from '@app/common';
import { ExportColumn } from '../kinds/export-kind';
import { csvCell, headerCells, textCell } from './cells';
import { dateSerial } from './spreadsheet-ml';

const text: ExportColumn = { key: 'c', vi: 'Mã', en: 'Code', type: 'text', width: 10 };
const day: ExportColumn = { key: 'd', vi: 'Ngày', en: 'Day', type: 'date', width: 10 };
const num: ExportColumn = { key: 'n', vi: 'Điểm', en: 'Score', type: 'number', width: 10 };
const status: ExportColumn = { ...text, labels: { active: { vi: 'đang công tác', en: 'active' } } };

describe('export cells', () => {
  it('headers in the language', () => {
    expect(headerCells([text, day], 'vi')).toEqual(['Mã', 'Ngày']);
    expect(headerCells([text, day], 'en')).toEqual(['Code', 'Day']);
  });

  it('keeps codes as text, leading zeros included', () => {
    expect(csvCell(text, '007', 'vi')).toBe('007');
    expect(textCell(text, '0912345678', 'vi')).toBe('0912345678');
  });

  it.each(['=1+2', '+84912', '-3', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula start: %p', (value) => {
    expect(csvCell(text, value, 'vi')).toBe(`'${value}`);
    expect(textCell(text, value, 'vi')).toBe(`'${value}`);
  });

  it('neutralises exactly what common neutraliseFormula does, whatever the first character', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const value = `${String.fromCharCode(code)}x`;
      if (textCell(text, value, 'vi') !== neutraliseFormula(value)) differing.push(code);
    }
    expect(differing).toEqual([]);
    expect(textCell(text, '', 'vi')).toBe(neutraliseFormula(''));
  });

  it('writes dates dd/mm/yyyy in CSV and as Excel serial days in XLSX; nothing for null', () => {
    expect(csvCell(day, '2025-03-04', 'vi')).toBe('04/03/2025');
    expect(dateSerial('2025-03-04')).toBe(45720); // what Excel shows as 04/03/2025
    expect(dateSerial('1970-01-01')).toBe(25569);
    expect(csvCell(day, null, 'vi')).toBe('');
    expect(dateSerial(null)).toBeNull();
    expect(dateSerial('04/03/2025')).toBeNull();
  });

  it('numbers as PostgreSQL wrote them in CSV', () => {
    expect(csvCell(num, 87.5, 'vi')).toBe('87.5');
  });

  it('words for codes per language; unknown codes as they are; a print format', () => {
    expect(textCell(status, 'active', 'vi')).toBe('đang công tác');
    expect(textCell(status, 'active', 'en')).toBe('active');
    expect(textCell(status, 'other', 'vi')).toBe('other');
    expect(textCell({ ...text, format: (v) => v.toLowerCase() }, 'ABC', 'vi')).toBe('abc');
  });
});
