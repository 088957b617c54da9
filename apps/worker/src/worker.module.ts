import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/common';
import { DbModule } from '@app/db';
import { CertificatesModule } from '@app/certificates';
import { CoverageModule } from '@app/coverage';
import { ExamsModule } from '@app/exams';
import { ExportsModule } from '@app/exports';
import { JobsModule, JobsModuleOptions } from '@app/jobs';
import { LearningModule } from '@app/learning';
import { MailModule } from '@app/mail';
import { OrgModule } from '@app/org';
import { StorageModule } from '@app/storage';
import { TrainingModule } from '@app/training';
import { JobsProcessor } from './jobs.processor';

/**
 * The worker process: config, database, jobs (Bull mode) and the processor. Libs that own job handlers
 * are imported here too, so their @RegisterJobHandler() providers are found.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, jobs: JobsModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        JobsModule.forRoot(config, jobs),
        AuditModule,
        StorageModule,
        MailModule,
        OrgModule,
        LearningModule,
        ExamsModule,
        CertificatesModule,
        TrainingModule,
        ExportsModule,
        CoverageModule,
      ],
      providers: [JobsProcessor],
    };
  }
}
