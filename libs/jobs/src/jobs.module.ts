import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { AppConfig } from '@app/common';
import { AfterCommit } from './after-commit';
import { SYSTEM_JOB_HANDLERS } from './handlers/system.handlers';
import { InProcessJobExecutor } from './in-process-executor';
import { JobDispatcher } from './job-dispatcher';
import { JobRegistry } from './job-registry';
import { JobRunEntity } from './job-run.entity';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner';
import { JobSchedules } from './job-schedules';
import { JOBS_QUEUE } from './job-status';
import { BullJobTransport, JOB_TRANSPORT } from './job-transport';
import { JOBS_MODULE_OPTIONS, JobsModuleOptions, resolveJobsOptions } from './jobs.options';
import { JobsQueryService } from './jobs-query.service';
import { StaleJobSweeper } from './stale-job-sweeper';
import { UnitOfWork } from './unit-of-work';

/**
 * Jobs for the whole process (global: any lib injects JobDispatcher). With `config.redisUrl` jobs go to the
 * Bull queue `moc-jobs` and this module only produces: the @Processor lives in apps/worker. Without Redis
 * they run in this process (InProcessJobExecutor). JobSchedules hosts the periodic tasks contexts register, where
 * schedules run (schedulesRunHere). UnitOfWork is the services' transaction + audit entry + after-commit
 * dispatch (it brings AuditModule). Needs DbModule and the global ConfigModule.
 */
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig, options: JobsModuleOptions = {}): DynamicModule {
    const resolved = resolveJobsOptions(options);
    const common: Provider[] = [
      { provide: JOBS_MODULE_OPTIONS, useValue: resolved },
      AfterCommit,
      JobRegistry,
      JobRunRepository,
      JobRunner,
      JobDispatcher,
      JobsQueryService,
      JobSchedules,
      UnitOfWork,
      ...SYSTEM_JOB_HANDLERS,
    ];
    const exported = [JobDispatcher, JobRunner, JobRegistry, JobsQueryService, JobSchedules, UnitOfWork];
    const base = {
      module: JobsModule,
      global: true,
    };
    if (config.redisUrl) {
      const queue = BullModule.registerQueue({ name: JOBS_QUEUE, url: config.redisUrl, prefix: resolved.queuePrefix });
      return {
        ...base,
        imports: [DiscoveryModule, AuditModule, TypeOrmModule.forFeature([JobRunEntity]), queue],
        providers: [...common, { provide: JOB_TRANSPORT, useClass: BullJobTransport }, StaleJobSweeper],
        // The queue is exported for the worker's @Processor (and its shutdown).
        exports: [...exported, queue],
      };
    }
    return {
      ...base,
      imports: [DiscoveryModule, AuditModule, TypeOrmModule.forFeature([JobRunEntity])],
      providers: [...common, InProcessJobExecutor, { provide: JOB_TRANSPORT, useExisting: InProcessJobExecutor }],
      exports: [...exported, InProcessJobExecutor],
    };
  }
}
