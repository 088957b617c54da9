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

/**
 * A body DTO on a hot path may declare `static quickParse(value): Dto | null`: a hand-written check that accepts only
 * what its decorators accept too, and gives the same DTO (a spec beside each compares the two). null sends the
 * value through class-validator as usual, so every refusal keeps its usual 400. Saves the class-transformer and
 * class-validator work (a scan over every DTO class's metadata) on calls made thousands of times a second.
 */
export interface QuickParsing<T = unknown> {
  quickParse(value: unknown): T | null;
}

const quickParser = (metatype: unknown): QuickParsing | null => {
  const candidate = metatype as Partial<QuickParsing> | undefined;
  return typeof metatype === 'function' && typeof candidate?.quickParse === 'function'
    ? (candidate as QuickParsing)
    : null;
};

class QuickParsingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const parser = metadata.type === 'body' ? quickParser(metadata.metatype) : null;
    return parser?.quickParse(value) ?? super.transform(value, metadata);
  }
}

/**
 * Whitelisting ValidationPipe whose errors name each field and reason: 400 {details: [{field, reason}]}.
 * `quickParse: false` leaves DTOs' quickParse unused (the specs that compare the two).
 */
export const createValidationPipe = ({ quickParse = true }: { quickParse?: boolean } = {}): ValidationPipe => {
  const options = {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors: ClassValidatorError[]) => {
      const details = flatten(errors);
      return new ValidationError(details.map((d) => `${d.field}: ${d.reason}`).join('; '), details);
    },
  };
  return quickParse ? new QuickParsingValidationPipe(options) : new ValidationPipe(options);
};

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
