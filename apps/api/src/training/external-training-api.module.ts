import { Module } from '@nestjs/common';
import { CertificatesModule } from '@app/certificates';
import { OrgModule } from '@app/org';
import { TrainingModule } from '@app/training';
import { ExternalTrainingController } from './external-training.controller';
import { ExternalTrainingPageController } from './external-training.page.controller';

/** Training done elsewhere: the API, "my training" (with the certificates) and the organisers' approval pages. */
@Module({
  imports: [TrainingModule, CertificatesModule, OrgModule],
  controllers: [ExternalTrainingController, ExternalTrainingPageController],
})
export class ExternalTrainingApiModule {}
