import { Module } from '@nestjs/common';
import { ExportsModule } from '@app/exports';
import { OrgModule } from '@app/org';
import { ExportsController } from './exports.controller';
import { ExportsPageController } from './exports.page.controller';
import { OpenDataController, OpenDataPageController } from './open-data.controller';

/** Exports: the API (lists, the roster, background exports, publishing open data), the public open-data page and files, and the pages "Xuất danh sách" and "Tệp xuất của tôi". */
@Module({
  imports: [ExportsModule, OrgModule],
  controllers: [ExportsController, ExportsPageController, OpenDataController, OpenDataPageController],
})
export class ExportsApiModule {}
