import { Module } from '@nestjs/common';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsPageController } from './assignments.page.controller';

/** Assignments: API and pages. */
@Module({
  imports: [LearningModule, OrgModule],
  controllers: [AssignmentsController, AssignmentsPageController],
})
export class AssignmentsModule {}
