import { Module } from '@nestjs/common';
import { LearningModule } from '@app/learning';

/** Authoring: API and pages. */
@Module({
  imports: [LearningModule],
  controllers: [],
})
export class AuthoringModule {}
