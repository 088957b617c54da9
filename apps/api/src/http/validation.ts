import { ValidationError as ClassValidatorError, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { ValidationError } from '@app/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Whitelisting ValidationPipe whose errors name each field and reason: 400 {details: [{field, reason}]}. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ValidationError(details.map((d) => `${d.field}: ${d.reason}`).join('; '), details);
    },
  });

/** ParseUUIDPipe whose 400 names the parameter. */
export const uuidParam = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ValidationError(`${field}: must be a UUID`, [{ field, reason: 'must be a UUID' }]),
  });
