import { Module } from '@nestjs/common';
import { CoverageModule } from '@app/coverage';
import { LearningModule } from '@app/learning';
import { HomePageController } from './home.page.controller';

/** The home page (/): the programme's targets, and the caller's work when logged in. */
@Module({
  imports: [CoverageModule, LearningModule],
  controllers: [HomePageController],
})
export class HomeModule {}
