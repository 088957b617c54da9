/** An error an operation may answer beyond the ones read from its route: the message, or the whole example. */
export type ErrorWording = string | { message: string; error?: string; details?: unknown };

/**
 * The documentation of one operation, keyed by operationId (`<ControllerClass>_<method>`) in ./operations.
 * The errors read from the route are added by completeOpenApiDocument: 400 when it takes input, 401 and 403 when it
 * needs a login, 404 with a path parameter, 413 and 415 for uploads. `errors` adds the rest (409, 410, 422, 429,
 * 503) or words one of those better.
 */
export interface OperationDoc {
  summary: string;
  description: string;
  errors?: Partial<Record<number, ErrorWording>>;
}
