import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeOpenApiDocument } from './openapi-document';
import { OPERATION_DOCS } from './operations';
import { collectRouteFacts } from './route-metadata';

export { completeOpenApiDocument, docsProblems, operationsOf } from './openapi-document';
export type { OperationDoc } from './operation-doc';
export { OPERATION_DOCS } from './operations';
export { collectRouteFacts } from './route-metadata';

const DESCRIPTION = `Mộc tracks the training of Vietnam's officials on human-rights communication (Decision 1079/QĐ-TTg,
2023–2028): courses, exams, certificates, in-person sessions, and coverage — how many people of each role in a unit's
subtree are trained, against the targets of the plans.

**Authentication.** \`POST /api/v1/auth/login\` with \`{login, password}\` gives \`{accessToken, expiresIn}\`; send
\`Authorization: Bearer <token>\` on every other call. Routes that pages link to (exports, reports) also accept the
pages' session cookie. Every list and figure is scoped to the caller's subtree: a grant is a permission (\`admin\`,
\`organiser\`, \`agency\`, \`learner\`) over a unit and everything below it.

**Errors.** JSON \`{statusCode, error, message, details?}\` (schema \`ErrorResponse\`) with the right 4xx; a 400 names
each field and reason in \`details\`. Never a stack trace.

**Words.** đơn vị: unit (a node of the organisation tree); tỉnh / thành phố: province / city; xã / phường: commune /
ward; cán bộ: official; danh sách: the roster, the people of a unit with their roles; vai trò / nhóm đối tượng: role,
what a person does as the plans count it (not a permission); số lượng: the declared headcount; đã được đào tạo:
trained — holding, on the day asked about, a training record (a certificate of an online course or of an in-person
session, or an approved record of training done elsewhere) that is valid and counts for the role's target; độ bao phủ:
coverage = trained ÷ headcount; mục tiêu: target; giấy chứng nhận: certificate; tập huấn / hội thảo: in-person training
/ workshop; báo cáo: statutory report.`;

/** The OpenAPI document of the API: what the controllers declare, completed by ./openapi-document. */
export function buildOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Mộc API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, base);
  return completeOpenApiDocument(doc, collectRouteFacts(app), OPERATION_DOCS, { serverUrl });
}
