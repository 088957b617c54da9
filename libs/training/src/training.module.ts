import { Module } from '@nestjs/common';
import { CertificatesModule } from '@app/certificates';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { DemoExternalTrainingSeeder } from './external/demo-external-training.seeder';
import { ExternalTrainingRepository } from './external/external-training.repository';
import { ExternalTrainingService } from './external/external-training.service';
// in-person sessions (sessions/, attendance/)
import { SESSION_REPOSITORIES, SESSION_SERVICES } from './sessions';

/**
 * Training outside the online courses: in-person sessions (invitations, attendance, the certificates attendance
 * earns) and training done elsewhere (records a learner or organiser submits and an organiser approves).
 */
@Module({
  imports: [OrgModule, LearningModule, CertificatesModule],
  providers: [
    ExternalTrainingService,
    ExternalTrainingRepository,
    DemoExternalTrainingSeeder,
    // in-person sessions
    ...SESSION_SERVICES,
    ...SESSION_REPOSITORIES,
  ],
  exports: [
    ExternalTrainingService,
    DemoExternalTrainingSeeder,
    // in-person sessions
    ...SESSION_SERVICES,
  ],
})
export class TrainingModule {}
