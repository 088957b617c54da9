import { SetMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError as ClassValidatorError } from 'class-validator';

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly jobRunId: string;
  readonly businessKey: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Records progress (0..100, rounded) on the job_run row; cheap to call, repeated values are skipped. */
  reportProgress(percent: number): Promise<void>;
}

/**
 * The logic of one kind of job. Implement it in the lib that owns the work, as an `@Injectable()` provider
 * marked `@RegisterJobHandler()`, and list it in that lib module's `providers`:
 *
 * ```ts
 * @RegisterJobHandler()
 * @Injectable()
 * export class ExportCsvJob implements JobHandler<{ requestId: string }> {
 *   readonly name = 'exports.csv';
 *   validate = validatePayloadWith(ExportCsvPayload);
 *   constructor(private readonly exports: ExportsService) {}
 *   handle(p: { requestId: string }, ctx: JobContext) { return this.exports.run(p.requestId, ctx); }
 * }
 * ```
 * Handlers must be idempotent: a job killed half-way runs again.
 */
export interface JobHandler<P = Record<string, unknown>, R = unknown> {
  /** Unique, e.g. 'exports.csv', 'certificates.issue'. */
  readonly name: string;
  /** Defaults used when dispatch() does not say. */
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
  /** Returns a description of what is wrong with the payload, or undefined when it is valid. */
  validate?(payload: unknown): string | undefined;
  /** Returns a small JSON-serialisable result (ids and counts only), stored on job_run.result. */
  handle(payload: P, ctx: JobContext): Promise<R> | R;
}

/** Thrown by a handler when retrying cannot help (e.g. the referenced row is gone): the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export const JOB_HANDLER_METADATA = 'moc:jobHandler';

/** Marks a provider as a job handler; the JobRegistry finds it at boot (DiscoveryService). */
export const RegisterJobHandler = (): ClassDecorator => SetMetadata(JOB_HANDLER_METADATA, true);

function describe(errors: ClassValidatorError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => `${field}: ${reason}`);
    return [...own, ...describe(e.children ?? [], field)];
  });
}

/** Builds a `validate` function from a class-validator payload class. */
export function validatePayloadWith(type: new () => object): (payload: unknown) => string | undefined {
  return (payload) => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'payload must be an object';
    const errors = validateSync(plainToInstance(type, payload), { whitelist: true, forbidNonWhitelisted: true });
    return errors.length ? describe(errors).join('; ') : undefined;
  };
}
