import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { DemoExternalTrainingSeeder } from './external/demo-external-training.seeder';
import { ExternalTrainingRepository } from './external/external-training.repository';
import { ExternalTrainingService } from './external/external-training.service';

/**
 * Training outside the online courses: in-person sessions (invitations, attendance, the certificates attendance
 * earns) and training done elsewhere (records a learner or organiser submits and an organiser approves).
 */
@Module({
  imports: [OrgModule],
  providers: [ExternalTrainingService, ExternalTrainingRepository, DemoExternalTrainingSeeder],
  exports: [ExternalTrainingService, DemoExternalTrainingSeeder],
})
export class TrainingModule {}
