import { Module } from '@nestjs/common';
import { CoverageModule } from '@app/coverage';
import { OrgModule } from '@app/org';
import { ReportRepository } from './report.repository';
import { ReportsService } from './reports.service';

/**
 * Statutory reports: yearly, interim and final reports of a subtree, frozen when submitted and sent up the tree.
 * Reads coverage through CoverageService and other contexts' tables through SQL scoped with org's fragments; writes
 * statutory_report, statutory_report_submission and report_receiver. Needs the global ConfigModule, DbModule,
 * JobsModule, AuditModule and StorageModule.
 */
@Module({
  imports: [OrgModule, CoverageModule],
  providers: [ReportsService, ReportRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
