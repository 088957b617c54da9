import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { collectRouteFacts, docsProblems, OPERATION_DOCS, operationsOf } from '../../../apps/api/src/http/openapi';
import { createTestApp, TestApp } from '../../setup/test-app';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  pointer: string | null;
}

const LINTER = resolve(__dirname, '../../../scripts/lint-openapi.mjs');

/** Redocly's `recommended` rules, run in their own Node process (the library is an ES module). */
function lint(doc: OpenAPIObject): LintProblem[] {
  const dir = mkdtempSync(join(tmpdir(), 'moc-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = execFileSync(process.execPath, [LINTER, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out) as LintProblem[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const example = (op: OperationObject, status: number): unknown =>
  (op.responses[String(status)] as ResponseObject | undefined)?.content?.['application/json']?.example;

describe('the OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const byId = new Map<string, OperationObject>();

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenAPIObject;
    for (const { op } of operationsOf(doc)) byId.set(op.operationId ?? '', op);
  });
  afterAll(() => t.close());

  it("passes Redocly's recommended rules with no error", () => {
    const problems = lint(doc);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) console.error(JSON.stringify(errors, null, 2)); // eslint-disable-line no-console
    expect(errors).toEqual([]);
    // The linter did run on this document: it names the ambiguous paths it warns about (left: renaming routes).
    expect(problems.some((p) => p.ruleId === 'no-ambiguous-paths')).toBe(true);
  });

  it('documents every operation, and no operation that no longer exists', () => {
    expect(docsProblems(doc, OPERATION_DOCS, collectRouteFacts(t.app))).toEqual([]);
    expect(byId.size).toBeGreaterThan(150);
    for (const [id, op] of byId) {
      expect({ id, summary: op.summary }).toEqual({ id, summary: OPERATION_DOCS[id].summary });
      expect(op.description?.length ?? 0).toBeGreaterThan(30);
    }
  });

  it('marks public operations with no security, protected ones with the bearer token', () => {
    expect(byId.get('AuthController_login')?.security).toEqual([]);
    expect(byId.get('CertificateVerifyController_verify')?.security).toEqual([]);
    expect(byId.get('HealthController_ready')?.security).toEqual([]);
    // The catalogue is public and says more to a caller with a token.
    expect(byId.get('CatalogueController_list')?.security).toEqual([{}, { bearer: [] }]);
    expect(byId.get('UnitsController_list')?.security).toEqual([{ bearer: [] }]);
    // Exports and reports also take the pages' session cookie (ApiOrSessionGuard).
    expect(byId.get('ExportsController_list')?.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc.components?.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'moc_session' },
    });
  });

  it('gives each operation the errors it can answer, with the shared schema', () => {
    const units = byId.get('UnitsController_get') as OperationObject;
    expect(Object.keys(units.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    expect(example(units, 403)).toEqual({
      statusCode: 403,
      error: 'FORBIDDEN',
      message: 'this needs one of the permissions: admin, organiser, agency',
    });
    const upload = byId.get('RosterImportController_upload') as OperationObject;
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['413', '415']));
    const seal = byId.get('CertificatesController_putSeal') as OperationObject;
    expect(seal.requestBody).toMatchObject({ content: { 'multipart/form-data': expect.any(Object) } });
    expect(Object.keys(byId.get('AuthController_login')?.responses ?? {})).toEqual(
      expect.arrayContaining(['401', '429']),
    );
    for (const { op } of operationsOf(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const content = (response as ResponseObject).content?.['application/json'];
        expect({ op: op.operationId, status, ref: content?.schema }).toEqual({
          op: op.operationId,
          status,
          ref: { $ref: '#/components/schemas/ErrorResponse' },
        });
      }
    }
  });

  it('shows examples the API really answers', async () => {
    const noToken = await t.http.get('/api/v1/units').expect(401);
    expect(noToken.body).toEqual(example(byId.get('UnitsController_list') as OperationObject, 401));
    const badCode = await t.http.get('/api/v1/certificates/verify/not-a-code').expect(400);
    expect(badCode.body).toEqual(example(byId.get('CertificateVerifyController_verify') as OperationObject, 400));
  });
});
