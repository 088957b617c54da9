import { Module } from '@nestjs/common';
import { ExamsModule } from '@app/exams';
import { AttemptsController } from './attempts.controller';
import { ExamAuthoringController } from './exam-authoring.controller';

/** Exams: the bank and exam authoring API, and the learner's attempts API. */
@Module({
  imports: [ExamsModule],
  controllers: [ExamAuthoringController, AttemptsController],
})
export class ExamsApiModule {}
