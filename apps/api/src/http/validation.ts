import {
  ArgumentMetadata,
  ValidationError as ClassValidatorError,
  ParseUUIDPipe,
  PipeTransform,
  ValidationPipe,
} from '@nestjs/common';
import { findUnsafeInput, jsonDepthExceeds, MAX_INPUT_DEPTH, ValidationError } from '@app/common';

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

/**
 * Runs before the ValidationPipe on every body, query and path parameter of every route (API and pages):
 * refuses control characters in any string and nesting deeper than MAX_INPUT_DEPTH, naming the field.
 * One layer, so no DTO has to remember it (docs/SECURITY.md).
 */
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value; // uploaded files, the actor: not client text
    const problem = findUnsafeInput(value, metadata.data ?? '');
    if (problem) throw new ValidationError(`${problem.field}: ${problem.reason}`, [problem]);
    return value;
  }
}

/** body-parser `verify` hook: a JSON body nested deeper than MAX_INPUT_DEPTH is refused before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonDepthExceeds(body)) {
    throw Object.assign(new Error(`JSON body is nested deeper than ${MAX_INPUT_DEPTH} levels`), {
      status: 400,
      expose: true,
      type: 'entity.too.deep',
    });
  }
}
