export * from './reports.module';
export * from './dto/report.dto';
export * from './report-figures';
export { REPORT_FORMATS, REPORT_KINDS, REPORT_STATUSES, ReportFormat, ReportKind, ReportStatus } from './report-kinds';
export { REPORT_CONTENT_TYPES, ReportFile, ReportsService } from './reports.service';
