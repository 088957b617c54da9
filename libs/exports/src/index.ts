export * from './exports.module';
export * from './dto/export-query.dto';
export {
  columnsFor,
  EXAM_RESULT_STATUSES,
  EXPORT_FILTERS,
  EXPORT_FORMATS,
  EXPORT_KINDS,
  ExportColumn,
  ExportFormat,
  ExportKind,
} from './kinds';
export { ExportLinkGoneError, ExportTooLargeError } from './export-errors';
export { CONTENT_TYPES, ExportFile, ExportsService } from './exports.service';
export { EXPORT_CONNECTIONS, exportRowsReceived, FETCH_ROWS } from './export.repository';
export { RowFeed } from './row-feed';
export { XLSX_MAX_ROWS } from './writers/xlsx.writer';
export {
  EXPORT_FILE_HOURS,
  EXPORT_FILE_JOB,
  EXPORT_LINK_MINUTES,
  ExportJobResponse,
  ExportJobsService,
  exportJobKey,
} from './jobs/export-jobs.service';
export { EXPORT_CLEANUP_JOB, EXPORT_CLEANUP_SCHEDULE, ExportCleanupSchedule } from './jobs/export-cleanup';
export { RosterExportService } from './roster/roster-export.service';
export * from './reports';
export {
  OPEN_DATA_MIN_COUNT,
  OPEN_DATA_RULE,
  OpenDataFileInfo,
  OpenDataRow,
  OpenDataService,
  suppress,
} from './open-data/open-data.service';
