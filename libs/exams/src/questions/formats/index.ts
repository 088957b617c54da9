export * from './question-file-error';
export * from './question-text';
export * from './question-collector';
export * from './question-parts';
export * from './moodle-xml';
export * from './gift';
export * from './question-rows';
export { readXml } from './xml-reader';
