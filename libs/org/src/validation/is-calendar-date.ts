import { registerDecorator, ValidationOptions } from 'class-validator';

/** True for a real YYYY-MM-DD day (2024-02-29 yes, 2023-02-29 and 2024-02-31 no). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a real date as YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}
