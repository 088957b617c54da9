export * from './question-file';
export * from './question-import.types';
export { QuestionImportService, QuestionUpload } from './question-import.service';
export { QuestionExportService, QuestionFileDownload } from './question-export.service';
export { QuestionImportJob } from './question-import.job';
