export * from './csv-records';
export * from './upload-limits';
export * from './xlsx-guard';
export * from './xlsx-rows';
export type { XlsxPartKind } from './xlsx-xml-scanner';
