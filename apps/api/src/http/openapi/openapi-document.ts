import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import { PERMISSIONS } from '@app/common';
import type { ErrorBody } from '../domain-error.filter';
import { UPLOAD_ROUTES } from '../uploads/uploads.module';
import { ERROR_CODE, ERROR_RESPONSE_SCHEMA, ERROR_SCHEMA_NAME, errorResponse } from './error-responses';
import { OperationDoc } from './operation-doc';
import type { RouteFacts } from './route-metadata';

export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Each operation of the document with its method and path. */
export function operationsOf(doc: OpenAPIObject): Array<{ method: string; path: string; op: OperationObject }> {
  const ops: Array<{ method: string; path: string; op: OperationObject }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) ops.push({ method, path, op });
    }
  }
  return ops;
}

/** Where the document is out of date with the code: operations without docs, docs without an operation. */
export function docsProblems(
  doc: OpenAPIObject,
  docs: Readonly<Record<string, OperationDoc>>,
  facts: ReadonlyMap<string, RouteFacts>,
): string[] {
  const ids = new Set(operationsOf(doc).map((o) => o.op.operationId ?? `${o.method} ${o.path}`));
  return [
    ...[...ids].filter((id) => !docs[id]).map((id) => `${id}: no summary in apps/api/src/http/openapi/operations`),
    ...Object.keys(docs)
      .filter((id) => !ids.has(id))
      .map((id) => `${id}: documented, but the API has no such operation`),
    ...[...ids].filter((id) => !facts.has(id)).map((id) => `${id}: no controller method found for it`),
  ];
}

/** The multipart body of an upload route whose controller does not declare one (seal, attendance files). */
const FILE_BODY: RequestBodyObject = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    },
  },
};

/** The byte limit of an upload route (UploadsModule), or null for a route that takes no file. */
function uploadLimit(method: string, path: string): number | null {
  if (method !== 'post') return null;
  const route = path.replace(/^\//, '').replace(/\{(\w+)\}/g, ':$1');
  const shape = (p: string) => p.replace(/:\w+/g, ':');
  for (const u of UPLOAD_ROUTES) {
    if (u.routes.some((r) => shape(r.path.replace(/^\//, '')) === shape(route))) return u.limits.maxBytes;
  }
  return null;
}

const isRef = (x: unknown): x is ReferenceObject => typeof x === 'object' && x !== null && '$ref' in x;

/** The word for what a path parameter names: `/units/{id}` → "unit", `{courseId}` → "course". */
function thingOf(path: string, param: string): string {
  if (param !== 'id') {
    return param
      .replace(/Id$/, '')
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();
  }
  const segments = path.split('/');
  const segment = segments[segments.indexOf('{id}') - 1] ?? 'resource';
  const singular: Record<string, string> = {
    people: 'person',
    'external-training': 'record',
    'training-sessions': 'session',
  };
  return singular[segment] ?? segment.replace(/-/g, ' ').replace(/s$/, '');
}

const SAMPLE_ID = '3f0c1f9e-5b7a-4c1e-9d3a-2b6f0e8a41c7';

function body(status: number, message: string, details?: unknown, error?: string): ErrorBody {
  const b: ErrorBody = { statusCode: status, error: error ?? ERROR_CODE[status], message };
  if (details !== undefined) b.details = details;
  return b;
}

/** The first input field of the operation, for the 400 example: a path parameter, else a body or query field. */
function firstField(doc: OpenAPIObject, op: OperationObject): { field: string; reason: string } | null {
  const params = (op.parameters ?? []).filter((p): p is ParameterObject => !isRef(p));
  const pathParam = params.find((p) => p.in === 'path');
  if (pathParam) {
    const uuid = /(^id$|Id$)/.test(pathParam.name);
    return { field: pathParam.name, reason: uuid ? 'must be a UUID' : 'is not valid' };
  }
  const content = op.requestBody && !isRef(op.requestBody) ? op.requestBody.content : undefined;
  const schema = content?.['application/json']?.schema;
  if (schema && isRef(schema)) {
    const target = doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
    const props = target && !isRef(target) ? target.properties : undefined;
    const required = target && !isRef(target) ? target.required : undefined;
    const name = required?.[0] ?? Object.keys(props ?? {})[0];
    if (name) return { field: name, reason: required?.includes(name) ? 'must not be empty' : 'is not valid' };
  }
  if (content?.['multipart/form-data']) return { field: 'file', reason: 'missing' };
  const query = params.find((p) => p.in === 'query');
  if (query) return { field: query.name, reason: 'is not valid' };
  return null;
}

/**
 * Completes what SwaggerModule.createDocument makes from the controllers: the servers, the license, the two ways to
 * authenticate and which operations need them, every operation's summary and description (from the table in
 * ./operations), and the errors each can answer with one shared schema and an example each.
 */
export function completeOpenApiDocument(
  doc: OpenAPIObject,
  facts: ReadonlyMap<string, RouteFacts>,
  docs: Readonly<Record<string, OperationDoc>>,
  options: { serverUrl: string },
): OpenAPIObject {
  doc.servers = [{ url: options.serverUrl, description: 'This installation (its PUBLIC_URL)' }];
  doc.info.license = {
    name: 'Proprietary (UNLICENSED): the API may be called by agencies given access; the software is not licensed for reuse',
  };
  doc.components ??= {};
  doc.components.securitySchemes = {
    [BEARER_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'The `accessToken` of POST /api/v1/auth/login, as `Authorization: Bearer <token>`. It expires after ' +
        '`expiresIn` seconds; log in again. Every call reloads the account and its grants, so a disabled account or a ' +
        'removed grant takes effect at once.',
    },
    [SESSION_SCHEME]: {
      type: 'apiKey',
      in: 'cookie',
      name: 'moc_session',
      description:
        'The session cookie of the web pages (from the /login form), accepted by the routes pages link to (exports, ' +
        'reports, open data). A request that changes something also needs the page’s CSRF token in `X-CSRF-Token`.',
    },
  };
  doc.components.schemas ??= {};
  doc.components.schemas[ERROR_SCHEMA_NAME] = ERROR_RESPONSE_SCHEMA;

  for (const { method, path, op } of operationsOf(doc)) {
    const id = op.operationId ?? '';
    const fact = facts.get(id);
    const entry = docs[id];
    if (entry) {
      op.summary = entry.summary;
      op.description = entry.description;
    }
    const withToken = (op.security ?? []).some((s) => BEARER_SCHEME in s);
    let security: SecurityRequirementObject[];
    if (fact?.isPublic) security = withToken ? [{}, { [BEARER_SCHEME]: [] }] : [];
    else security = [{ [BEARER_SCHEME]: [] }, ...(fact?.acceptsSession ? [{ [SESSION_SCHEME]: [] }] : [])];
    op.security = security;

    const limit = uploadLimit(method, path);
    if (limit !== null && !op.requestBody) op.requestBody = FILE_BODY;

    const errors = new Map<number, ErrorBody>();
    const field = firstField(doc, op);
    if (field) errors.set(400, body(400, `${field.field}: ${field.reason}`, [field]));
    if (!fact?.isPublic) {
      errors.set(401, body(401, 'send Authorization: Bearer <token> (get one from POST /api/v1/auth/login)'));
      // PermissionGuard answers 403 for a caller without the permission; the services, outside their subtree.
      const permissions = fact?.permissions ?? [];
      if (permissions.length > 0) {
        const everyone = permissions.length === PERMISSIONS.length;
        errors.set(
          403,
          body(
            403,
            everyone
              ? 'your grants do not cover this unit’s subtree'
              : `this needs one of the permissions: ${permissions.join(', ')}`,
          ),
        );
      }
    } else if (withToken) {
      errors.set(401, body(401, 'the access token is not valid'));
    }
    // A path parameter naming a record: 404 when there is none, or when it lies outside the caller's subtrees.
    const idParams = (op.parameters ?? []).filter(
      (p): p is ParameterObject => !isRef(p) && p.in === 'path' && /(^id$|Id$)/.test(p.name),
    );
    const last = idParams[idParams.length - 1];
    if (last) errors.set(404, body(404, `${thingOf(path, last.name)} ${SAMPLE_ID} not found`));
    if (limit !== null) {
      errors.set(
        413,
        body(413, `The file is larger than the limit of ${limit} bytes`, [
          { field: 'file', reason: `must be at most ${limit} bytes` },
        ]),
      );
      errors.set(415, body(415, 'file: this type of file is not accepted here'));
    }
    for (const [status, wording] of Object.entries(entry?.errors ?? {})) {
      if (wording === undefined) continue;
      const s = Number(status);
      const given = typeof wording === 'string' ? { message: wording } : wording;
      errors.set(s, body(s, given.message, given.details ?? errors.get(s)?.details, given.error));
    }
    op.responses ??= {};
    for (const [status, example] of [...errors].sort(([a], [b]) => a - b)) {
      op.responses[String(status)] = errorResponse(status, example);
    }
  }
  return doc;
}
