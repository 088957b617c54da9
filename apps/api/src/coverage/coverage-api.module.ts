import { Module } from '@nestjs/common';
import { CoverageModule } from '@app/coverage';
import { CoverageController, CoverageTargetsController } from './coverage.controller';
import { CoveragePageController } from './coverage.page.controller';

/** Coverage: the API and the dashboard page (targets first: `targets` is a fixed path beside the dashboard's reads). */
@Module({
  imports: [CoverageModule],
  controllers: [CoverageTargetsController, CoverageController, CoveragePageController],
})
export class CoverageApiModule {}
