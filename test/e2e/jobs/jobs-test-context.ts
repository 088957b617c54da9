import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, INestApplicationContext, Module, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule, loadAppConfig } from '@app/common';
import { DbModule } from '@app/db';
import { JobsModule, JobsModuleOptions } from '@app/jobs';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export const testConfig = (databaseUrl: string, redisUrl: string | null): AppConfig =>
  loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    SESSION_SECRET: TEST_SECRET,
    JWT_SECRET: TEST_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'moc-jobs-')),
    LOG_LEVEL: 'silent',
  });

@Module({})
class JobsTestModule {
  static forRoot(config: AppConfig, options: JobsModuleOptions, providers: Provider[]): DynamicModule {
    return {
      module: JobsTestModule,
      imports: [ConfigModule.forRoot(config), DbModule, JobsModule.forRoot(config, options)],
      providers,
    };
  }
}

export interface JobsTestContext {
  app: INestApplicationContext;
  db: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/** What an API process has for jobs (config, database, JobsModule), plus extra test handlers; no HTTP. */
export async function createJobsContext(
  databaseUrl: string,
  redisUrl: string | null,
  options: JobsModuleOptions = {},
  providers: Provider[] = [],
): Promise<JobsTestContext> {
  const config = testConfig(databaseUrl, redisUrl);
  const app = await NestFactory.createApplicationContext(JobsTestModule.forRoot(config, options, providers), {
    logger: process.env.TEST_LOG_LEVEL ? ['log', 'warn', 'error'] : false,
  });
  await app.init();
  return { app, db: app.get<DataSource>(getDataSourceToken()), config, close: () => app.close() };
}
