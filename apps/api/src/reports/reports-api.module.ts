import { Module } from '@nestjs/common';
import { ReportsModule } from '@app/exports';
import { OrgModule } from '@app/org';
import { ReportsController } from './reports.controller';
import { ReportsPageController } from './reports.page.controller';

/** Statutory reports: the API and the pages "Báo cáo" (list, a report with its actions, confirmations). */
@Module({
  imports: [ReportsModule, OrgModule],
  controllers: [ReportsController, ReportsPageController],
})
export class ReportsApiModule {}
