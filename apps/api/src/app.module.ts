import { DynamicModule, Module } from '@nestjs/common';
import { CoverageModule } from '@app/coverage';
import { DemoModule } from '@app/demo';
import { AuditModule } from '@app/audit';
import { AppConfig, Clock, ConfigModule } from '@app/common';
import { DbModule } from '@app/db';
import { IdentityModule } from '@app/identity';
import { JobsModule } from '@app/jobs';
import { MailModule } from '@app/mail';
import { OrgModule } from '@app/org';
import { StorageModule } from '@app/storage';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { CertificatesApiModule } from './certificates/certificates-api.module';
import { CoverageApiModule } from './coverage/coverage-api.module';
import { ExamsApiModule } from './exams/exams-api.module';
import { ExportsApiModule } from './exports/exports-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { HeadcountsController } from './headcounts/headcounts.controller';
import { HealthModule } from './health/health.module';
import { UploadsModule } from './http/uploads';
import { InvitationsModule } from './invitations/invitations.module';
import { JobsController } from './jobs/jobs.controller';
import { JobsPageController } from './jobs/jobs.page.controller';
import { AssignmentsModule } from './learning/assignments/assignments.module';
import { AuthoringModule } from './learning/authoring/authoring.module';
import { LearnerModule } from './learning/learner/learner.module';
import { OrgPagesModule } from './org-pages/org-pages.module';
import { OutboxModule } from './outbox/outbox.module';
import { ExternalTrainingApiModule } from './training/external-training-api.module';
import { PeopleController } from './people/people.controller';
import { RosterImportController } from './people/roster-import.controller';
import { RolesController } from './roles/roles.controller';
import { TrainingSessionsApiModule } from './training/training-sessions-api.module';
import { UnitsController } from './units/units.controller';
import { RestructurePlansController } from './units/restructure-plans.controller';
import { HomeModule } from './web/home/home.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DbModule,
        JobsModule.forRoot(config, { queuePrefix: config.jobsQueuePrefix }),
        AuditModule,
        StorageModule,
        MailModule,
        OrgModule,
        IdentityModule,
        AuthModule,
        AccountsModule,
        InvitationsModule,
        HealthModule,
        UploadsModule,
        OrgPagesModule,
        AuthoringModule,
        LearnerModule,
        AssignmentsModule,
        ExamsApiModule,
        CertificatesApiModule,
        ExportsApiModule,
        ReportsApiModule,
        ExternalTrainingApiModule,
        CoverageApiModule,
        CoverageModule,
        OutboxModule,
        TrainingSessionsApiModule,
        DemoModule,
        HomeModule,
      ],
      controllers: [
        UnitsController,
        RestructurePlansController,
        RolesController,
        PeopleController,
        HeadcountsController,
        RosterImportController,
        JobsController,
        JobsPageController,
      ],
    };
  }
}
