import { Module } from '@nestjs/common';
import { ExportsModule } from '@app/exports';
import { OrgModule } from '@app/org';
import { ExportsController } from './exports.controller';
import { ExportsPageController } from './exports.page.controller';

/** Exports: the API (lists, the roster, background exports) and the pages "Xuất danh sách" and "Tệp xuất của tôi". */
@Module({
  imports: [ExportsModule, OrgModule],
  controllers: [ExportsController, ExportsPageController],
})
export class ExportsApiModule {}
