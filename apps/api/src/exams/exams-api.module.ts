import { Module } from '@nestjs/common';
import { ExamsModule } from '@app/exams';
import { LearningModule } from '@app/learning';
import { AttemptsController } from './attempts.controller';
import { ContestPageController } from './contest.page.controller';
import { ContestsController } from './contests.controller';
import { ExamStatisticsController } from './exam-statistics.controller';
import { ExamStatisticsPageController } from './exam-statistics.page.controller';
import { ExamAuthoringController } from './exam-authoring.controller';
import { ExamAuthoringPageController } from './exam-authoring.page.controller';
import { ExamPageController } from './exam.page.controller';
import { QuestionFilesController } from './question-files.controller';

/** Exams: the bank and exam authoring API, the learner's attempts API, contests, and the exam pages. */
@Module({
  imports: [ExamsModule, LearningModule],
  controllers: [
    ExamAuthoringController,
    AttemptsController,
    ExamPageController,
    ExamAuthoringPageController,
    QuestionFilesController,
    ContestsController,
    ContestPageController,
    ExamStatisticsController,
    ExamStatisticsPageController,
  ],
})
export class ExamsApiModule {}
