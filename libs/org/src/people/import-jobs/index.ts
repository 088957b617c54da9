import { ImportBatchRepository } from './import-batch.repository';
import { RosterExportService } from './roster-export.service';
import { RosterImportJob } from './roster-import.job';
import { RosterImportRepository } from './roster-import.repository';
import { RosterImportRunner } from './roster-import.runner';
import { RosterImportService } from './roster-import.service';

export * from './dto/roster-import.dto';
export { RosterExportService } from './roster-export.service';
export { RosterImportPayload } from './roster-import.job';
export { RosterImportService, RosterUpload } from './roster-import.service';
export * from './roster-import.types';

/** Providers of roster imports and exports, for OrgModule. */
export const ROSTER_IMPORT_PROVIDERS = [
  ImportBatchRepository,
  RosterImportRepository,
  RosterImportRunner,
  RosterImportJob,
  RosterImportService,
  RosterExportService,
];
