import { Module } from '@nestjs/common';
import { LearningModule } from '@app/learning';

/** Assignments: API and pages. */
@Module({
  imports: [LearningModule],
  controllers: [],
})
export class AssignmentsModule {}
