import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { TrainingModule } from '@app/training';
import { TrainingSessionsController } from './training-sessions.controller';

/** In-person training sessions: the API and the pages. */
@Module({
  imports: [TrainingModule, OrgModule],
  controllers: [TrainingSessionsController],
})
export class TrainingSessionsApiModule {}
