import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { ErrorBody } from '../domain-error.filter';

/** The one error body of the API (DomainErrorFilter): the schema every 4xx and 5xx response refers to. */
export const ERROR_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  description:
    'Every error of the API. `error` is a stable code (VALIDATION_FAILED, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, ' +
    'CONFLICT, PAYLOAD_TOO_LARGE, TOO_MANY_ATTEMPTS, …) or the HTTP reason phrase; `message` is for people; ' +
    '`details` says more where it can (for a 400: one {field, reason} per problem). Never a stack trace.',
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    error: { type: 'string', example: 'VALIDATION_FAILED' },
    message: { type: 'string', example: 'unitId: must be a UUID' },
    details: {
      description:
        'For a 400, the field problems: [{field, reason}] (a dotted path for nested fields, e.g. `rows.3.roleCode`). ' +
        'Other errors may carry an object (e.g. a 429: {retryAfterSeconds, retryAt}).',
      oneOf: [
        {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'reason'],
            properties: { field: { type: 'string' }, reason: { type: 'string' } },
          },
        },
        { type: 'object', additionalProperties: true },
      ],
    },
    errorId: {
      type: 'string',
      format: 'uuid',
      description: 'Only on a 500: quote it to the administrators, who find the logged error by it.',
    },
  },
};

export const ERROR_SCHEMA_NAME = 'ErrorResponse';

/** What each status means for any operation (the operation's own wording, if any, goes in the example). */
const MEANING: Record<number, string> = {
  400: 'The input was refused: each problem names its field and reason in `details`.',
  401: 'No valid credentials: send `Authorization: Bearer <token>` (POST /api/v1/auth/login), or the token expired.',
  403: "The caller's permissions do not allow this, or not over this unit's subtree.",
  404: 'Not found, or outside the subtrees the caller may see (the API does not say which).',
  409: 'The request conflicts with the current state (see `message`).',
  410: 'Gone: the link has expired or was used.',
  413: 'The uploaded file is larger than the limit of this route (`details` names the limit).',
  415: 'The uploaded file is not of a type this route accepts (checked by its content, not its name).',
  416: 'The Range header asks for bytes outside the file.',
  422: 'Well-formed but cannot be done this way (see `message`).',
  429: 'Too many attempts: wait for `Retry-After` seconds.',
  503: 'Not ready: a dependency does not answer.',
};

export const ERROR_STATUSES = Object.keys(MEANING).map(Number);

/** A response of the shared error schema, with one example body. */
export function errorResponse(status: number, example: ErrorBody, description?: string): ResponseObject {
  const response: ResponseObject = {
    description: description ?? MEANING[status] ?? 'Error',
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` },
        example,
      },
    },
  };
  if (status === 429) {
    response.headers = {
      'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
    };
  }
  return response;
}

/** The `error` field of a DomainError of this status (libs/common/src/errors). */
export const ERROR_CODE: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_ATTEMPTS',
  503: 'Service Unavailable',
};
