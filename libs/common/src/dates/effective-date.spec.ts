import { ValidationError } from '../errors/domain-errors';
import { effectiveDate, effectiveDateBounds, isEffectiveDate } from './effective-date';

describe(effectiveDateBounds.name, () => {
  it('runs from 2000-01-01 to a year after today', () =>
    expect(effectiveDateBounds('2026-12-04')).toEqual({ earliest: '2000-01-01', latest: '2027-12-04' }));
  it('turns 29 February into 28 February of the next year', () =>
    expect(effectiveDateBounds('2028-02-29').latest).toBe('2029-02-28'));
});

describe(isEffectiveDate.name, () => {
  it.each([
    ['2000-01-01', true],
    ['1999-12-31', false],
    ['2026-12-04', true],
    ['2027-12-04', true],
    ['2027-12-05', false],
    ['2199-12-31', false],
    ['9999-12-31', false],
  ])('%p with today 2026-12-04 → %p', (date, expected) => expect(isEffectiveDate(date, '2026-12-04')).toBe(expected));
});

describe(effectiveDate.name, () => {
  it('defaults to today', () => expect(effectiveDate(undefined, '2026-12-04')).toBe('2026-12-04'));
  it('passes a date within the bounds through', () =>
    expect(effectiveDate('2027-06-30', '2026-12-04')).toBe('2027-06-30'));
  it('refuses a far-future date with a ValidationError naming the field', () => {
    let error: unknown;
    try {
      effectiveDate('9999-12-31', '2026-12-04', 'parts.effectiveFrom');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([
      { field: 'parts.effectiveFrom', reason: 'must be between 2000-01-01 and 2027-12-04 (at most a year ahead)' },
    ]);
  });
});
