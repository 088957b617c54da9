import { ValidationError } from '../errors/domain-errors';

/** The first day a change may take effect: the unit tree and the roster begin here (units open on 2000-01-01). */
export const EARLIEST_EFFECTIVE_DATE = '2000-01-01';

/**
 * How far ahead a change may be dated. Periods are ordered (a change may not start before the open period), so one
 * change dated in 9999 would refuse every later realistic change: a year ahead covers planned mergers and moves.
 */
export const EFFECTIVE_YEARS_AHEAD = 1;

export interface EffectiveDateBounds {
  /** yyyy-mm-dd, inclusive. */
  earliest: string;
  /** yyyy-mm-dd, inclusive: today + 1 year (29 February → 28 February). */
  latest: string;
}

/** The days a change (move, status, rename, merge, split, close, imported status date) may take effect on. */
export function effectiveDateBounds(today: string): EffectiveDateBounds {
  const year = Number(today.slice(0, 4)) + EFFECTIVE_YEARS_AHEAD;
  const monthDay = today.slice(4) === '-02-29' ? '-02-28' : today.slice(4);
  return { earliest: EARLIEST_EFFECTIVE_DATE, latest: `${year}${monthDay}` };
}

/** True when the yyyy-mm-dd `date` lies within effectiveDateBounds(today). */
export function isEffectiveDate(date: string, today: string): boolean {
  const { earliest, latest } = effectiveDateBounds(today);
  return date >= earliest && date <= latest;
}

/**
 * The day a change takes effect: `value` (a checked yyyy-mm-dd date), or `today` when absent. Outside the bounds
 * it is a ValidationError naming `field`. `today` comes from the injected Clock.
 */
export function effectiveDate(value: string | undefined, today: string, field = 'effectiveFrom'): string {
  const date = value ?? today;
  if (!isEffectiveDate(date, today)) {
    const { earliest, latest } = effectiveDateBounds(today);
    const reason = `must be between ${earliest} and ${latest} (at most a year ahead)`;
    throw new ValidationError(`${field}: ${reason}`, [{ field, reason }]);
  }
  return date;
}
