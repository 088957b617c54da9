import { Module, Provider } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { ExportRepository } from './export.repository';
import { ExportsService } from './exports.service';
import { ExportCleanupJob, ExportCleanupSchedule } from './jobs/export-cleanup';
import { ExportFileJob } from './jobs/export-file.job';
import { ExportJobsService } from './jobs/export-jobs.service';
import { ExportRequestRepository } from './jobs/export-request.repository';
import { OpenDataService } from './open-data/open-data.service';
import { RosterExportService } from './roster/roster-export.service';

const EXPORTED: Provider[] = [
  ExportsService,
  ExportJobsService,
  RosterExportService,
  ExportCleanupSchedule,
  OpenDataService,
];

/**
 * Exports: lists of a subtree (people, certificates, exam results; EXPORT_KINDS) streamed as CSV or XLSX, the roster
 * in its import format, open data (aggregates an admin publishes), and background exports (a job writes the file; a one-time link; files deleted after 24 h).
 * Reads other contexts' tables, never writes them; writes export_request and open_data_file. Needs the global ConfigModule, DbModule,
 * JobsModule, AuditModule and StorageModule.
 */
@Module({
  imports: [OrgModule],
  providers: [...EXPORTED, ExportRepository, ExportRequestRepository, ExportFileJob, ExportCleanupJob],
  exports: EXPORTED,
})
export class ExportsModule {}
