import { Module } from '@nestjs/common';
import { CertificatesModule } from '@app/certificates';
import { LearningModule } from '@app/learning';
import { CatalogueController } from './catalogue.controller';
import { LearnerController } from './learner.controller';
import { CataloguePageController, EnrolmentPageController } from './learner.page.controller';
import { LessonPageController } from './lesson.page.controller';
import { MyLearningPageController } from './my-learning.page.controller';
import { OptionalApiAuthGuard, OptionalWebSessionGuard } from './optional-auth';

/** Learner: the catalogue, enrolment, progress and profile API, and the learner pages. */
@Module({
  imports: [LearningModule, CertificatesModule],
  controllers: [
    CatalogueController,
    LearnerController,
    CataloguePageController,
    EnrolmentPageController,
    LessonPageController,
    MyLearningPageController,
  ],
  providers: [OptionalApiAuthGuard, OptionalWebSessionGuard],
})
export class LearnerModule {}
