import { Module } from '@nestjs/common';
import { CertificatesModule } from '@app/certificates';
import { ExamsModule } from '@app/exams';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { TrainingModule } from '@app/training';
import { DemoBootstrapService } from './demo-bootstrap.service';

/**
 * The demo data: the generated province with its accounts, the demo course and its final exam. It may use every
 * context, each through its own API (org's seeder, identity's seedAccounts, learning's DemoCourseSeeder, exams'
 * DemoExamSeeder), and nothing depends on it but the API application.
 */
@Module({
  imports: [OrgModule, LearningModule, ExamsModule, CertificatesModule, TrainingModule],
  providers: [DemoBootstrapService],
  exports: [DemoBootstrapService],
})
export class DemoModule {}
