import { isCalendarDate } from './is-calendar-date';

describe(isCalendarDate.name, () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-31', false],
    ['2024-13-01', false],
    ['24-01-01', false],
    ['2024-1-1', false],
    [20240101, false],
    ['0000-01-01', false],
    ['1899-12-31', false],
    ['1900-01-01', true],
    ['2199-12-31', true],
    ['9999-12-31', false],
  ])('%p → %p', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});
