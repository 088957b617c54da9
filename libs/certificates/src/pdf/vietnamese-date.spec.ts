import { vietnameseDateLine, vietnameseShortDate } from './vietnamese-date';

describe('vietnameseDateLine', () => {
  it('writes the place, then day and month on two digits, then the year', () => {
    expect(vietnameseDateLine('Vĩnh Long', '2026-12-04')).toBe('Vĩnh Long, ngày 04 tháng 12 năm 2026');
    expect(vietnameseDateLine('Hà Nội', '2027-01-31')).toBe('Hà Nội, ngày 31 tháng 01 năm 2027');
  });

  it('trims the place name', () => {
    expect(vietnameseDateLine('  Cần Thơ ', '2026-02-09')).toBe('Cần Thơ, ngày 09 tháng 02 năm 2026');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-2-4', '04/12/2026', '2026-02-30', '2026-13-01', '', '2026-12-04T00:00:00Z']) {
      expect(() => vietnameseDateLine('Vĩnh Long', bad)).toThrow(/date/);
    }
  });

  it('accepts 29 February in a leap year only', () => {
    expect(vietnameseDateLine('Huế', '2028-02-29')).toBe('Huế, ngày 29 tháng 02 năm 2028');
    expect(() => vietnameseDateLine('Huế', '2027-02-29')).toThrow();
  });
});

describe('vietnameseShortDate', () => {
  it('writes dd/mm/yyyy', () => {
    expect(vietnameseShortDate('2028-12-04')).toBe('04/12/2028');
  });
});
