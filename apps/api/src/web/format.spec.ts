import { dayField, formatDateTime, formatDay, formatNumber, parseDay } from './format';

describe('page formats', () => {
  it('writes numbers with the thousands separator of the page language', () => {
    expect(formatNumber('vi', 1791)).toBe('1.791');
    expect(formatNumber('en', 1791)).toBe('1,791');
    expect(formatNumber('vi', 28.5)).toBe('28,5');
    expect(formatNumber('vi', '3000000')).toBe('3.000.000');
    expect(formatNumber('vi', null)).toBe('');
    expect(formatNumber('vi', 'abc')).toBe('abc');
  });

  it('writes days as 31/12/2026 on Vietnamese pages and 31 Dec 2026 on English ones', () => {
    expect(formatDay('vi', '2026-12-31')).toBe('31/12/2026');
    expect(formatDay('en', '2026-12-31')).toBe('31 Dec 2026');
    expect(formatDay('vi', null)).toBe('');
    // 18:00 UTC on 31 December is already 1 January in Vietnam
    expect(formatDay('vi', new Date('2026-12-31T18:00:00Z'))).toBe('01/01/2027');
  });

  it('writes instants in Vietnam time', () => {
    expect(formatDateTime('vi', '2026-12-31T07:05:00Z')).toBe('14:05 31/12/2026');
    expect(formatDateTime('en', new Date('2026-12-31T07:05:00Z'))).toBe('31 Dec 2026, 14:05');
    expect(formatDateTime('en', undefined)).toBe('');
  });

  it('reads a day typed the Vietnamese way and leaves anything else for the validator', () => {
    expect(parseDay('31/12/2026')).toBe('2026-12-31');
    expect(parseDay(' 1/2/2027 ')).toBe('2027-02-01');
    expect(parseDay('2026-12-31')).toBe('2026-12-31');
    expect(parseDay('31/13')).toBe('31/13');
    expect(dayField('vi', '2026-12-31')).toBe('31/12/2026');
    expect(dayField('en', '2026-12-31')).toBe('2026-12-31');
  });
});
