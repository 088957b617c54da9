import { ExportColumn } from '../kinds/export-kind';
import { csvCell, headerCells, textCell, xlsxCell } from './cells';

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
    expect(xlsxCell(text, '0912345678', 'vi')).toBe('0912345678');
  });

  it.each(['=1+2', '+84912', '-3', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula start: %p', (value) => {
    expect(csvCell(text, value, 'vi')).toBe(`'${value}`);
    expect(xlsxCell(text, value, 'vi')).toBe(`'${value}`);
  });

  it('writes dates dd/mm/yyyy in CSV and as UTC dates in XLSX; nothing for null', () => {
    expect(csvCell(day, '2025-03-04', 'vi')).toBe('04/03/2025');
    expect(xlsxCell(day, '2025-03-04', 'vi')).toEqual(new Date(Date.UTC(2025, 2, 4)));
    expect(csvCell(day, null, 'vi')).toBe('');
    expect(xlsxCell(day, null, 'vi')).toBeNull();
  });

  it('numbers stay numbers in XLSX', () => {
    expect(xlsxCell(num, 87.5, 'vi')).toBe(87.5);
    expect(csvCell(num, 87.5, 'vi')).toBe('87.5');
  });

  it('words for codes per language; unknown codes as they are; a print format', () => {
    expect(textCell(status, 'active', 'vi')).toBe('đang công tác');
    expect(textCell(status, 'active', 'en')).toBe('active');
    expect(textCell(status, 'other', 'vi')).toBe('other');
    expect(textCell({ ...text, format: (v) => v.toLowerCase() }, 'ABC', 'vi')).toBe('abc');
  });
});
