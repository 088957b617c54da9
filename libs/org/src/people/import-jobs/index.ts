import { ImportBatchRepository } from './import-batch.repository';
import { RosterImportJob } from './roster-import.job';
import { RosterImportRepository } from './roster-import.repository';
import { RosterImportRunner } from './roster-import.runner';
import { RosterImportService } from './roster-import.service';
import { RosterReferenceRepository } from './roster-reference.repository';
import { RosterReferenceService } from './roster-reference.service';

export * from './dto/roster-import.dto';
export { RosterImportPayload } from './roster-import.job';
export { RosterImportService, RosterUpload } from './roster-import.service';
export { DownloadFile, RosterReferenceService } from './roster-reference.service';
export * from './roster-import.types';

/** Providers of roster imports, for OrgModule (the roster export lives in libs/exports). */
export const ROSTER_IMPORT_PROVIDERS = [
  ImportBatchRepository,
  RosterImportRepository,
  RosterImportRunner,
  RosterImportJob,
  RosterImportService,
  RosterReferenceRepository,
  RosterReferenceService,
];
