import { Module } from '@nestjs/common';
import { CoverageModule } from '@app/coverage';
import { CoverageController, CoverageTargetsController } from './coverage.controller';

/** Coverage: the API (targets first: `targets` is a fixed path beside the dashboard's reads). */
@Module({
  imports: [CoverageModule],
  controllers: [CoverageTargetsController, CoverageController],
})
export class CoverageApiModule {}
