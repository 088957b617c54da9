import { CERTIFICATES_EXPORT } from './certificates.export';
import { COVERAGE_EXPORT, TRAINED_EXPORT, UNTRAINED_EXPORT } from './coverage.export';
import { EXAM_RESULTS_EXPORT } from './exam-results.export';
import { ExportKind } from './export-kind';
import { PEOPLE_EXPORT } from './people.export';

export * from './export-kind';
export { EXAM_RESULT_STATUSES } from './exam-results.export';

/** Every list that can be exported, by name (the URL's `{kind}`). */
export const EXPORT_KINDS: ReadonlyMap<string, ExportKind> = new Map(
  [PEOPLE_EXPORT, TRAINED_EXPORT, UNTRAINED_EXPORT, CERTIFICATES_EXPORT, EXAM_RESULTS_EXPORT, COVERAGE_EXPORT].map(
    (k) => [k.name, k],
  ),
);

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
