import { Clock } from '../clock';
import { addDays, chunksOf, vietnamDay } from './calendar-day';

describe('calendar days and chunks', () => {
  it('adds and subtracts days across months, leap days and years, as a yyyy-mm-dd day', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });

  it("says Vietnam's day (UTC+7): from 17:00 UTC it is already tomorrow, and the clock's today agrees", () => {
    expect(vietnamDay(new Date('2026-12-05T16:59:59.999Z'))).toBe('2026-12-05');
    expect(vietnamDay(new Date('2026-12-05T17:00:00.000Z'))).toBe('2026-12-06');
    expect(vietnamDay(new Date('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01');
    const late = new (class extends Clock {
      override now(): Date {
        return new Date('2026-12-05T23:30:00Z');
      }
    })();
    expect(late.today()).toBe('2026-12-06');
  });

  it('cuts a list into pieces of a size, the last shorter, and none for an empty list', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunksOf([], 1000)).toEqual([]);
    expect(() => chunksOf([1], 0)).toThrow(RangeError);
  });
});
