import { Module } from '@nestjs/common';
import { LearningModule } from '@app/learning';

/** Learner: API and pages. */
@Module({
  imports: [LearningModule],
  controllers: [],
})
export class LearnerModule {}
