export * from './upload-limits';
export * from './xlsx-guard';
export type { XlsxPartKind } from './xlsx-xml-scanner';
