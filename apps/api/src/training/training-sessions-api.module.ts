import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { TrainingModule } from '@app/training';
import { TrainingSessionsController } from './training-sessions.controller';
import { TrainingSessionsPageController } from './training-sessions.page.controller';

/** In-person training sessions: the API and the pages. */
@Module({
  imports: [TrainingModule, OrgModule],
  controllers: [TrainingSessionsController, TrainingSessionsPageController],
})
export class TrainingSessionsApiModule {}
