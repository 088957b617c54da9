import type { OperationDoc } from '../operation-doc';
import { CERTIFICATES_DOCS } from './certificates';
import { EXAMS_DOCS } from './exams';
import { IDENTITY_DOCS } from './identity';
import { LEARNING_DOCS } from './learning';
import { ORG_DOCS } from './org';
import { REPORTING_DOCS } from './reporting';
import { TRAINING_DOCS } from './training';

/**
 * The summary and description of every operation of the API, keyed by operationId. A new route without an entry
 * (or an entry left behind by a removed route) fails test/e2e/platform/openapi.e2e-spec.ts.
 */
export const OPERATION_DOCS: Readonly<Record<string, OperationDoc>> = {
  ...ORG_DOCS,
  ...IDENTITY_DOCS,
  ...LEARNING_DOCS,
  ...EXAMS_DOCS,
  ...CERTIFICATES_DOCS,
  ...REPORTING_DOCS,
  ...TRAINING_DOCS,
};
