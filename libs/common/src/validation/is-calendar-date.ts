import { registerDecorator, ValidationOptions } from 'class-validator';

/** The calendar every date field accepts: PostgreSQL has no year 0, and nothing here happens before 1900. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/** True for a real YYYY-MM-DD day between 1900 and 2199 (2024-02-29 yes, 2023-02-29, 2024-02-31 and 0000-01-01 no). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  if (value < EARLIEST_DATE || value > LATEST_DATE) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a real date as YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}`,
        ...options,
      },
      validator: { validate: isCalendarDate },
    });
}
