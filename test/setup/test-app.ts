import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import pino from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppConfig, loadAppConfig } from '@app/common';
import { createApp } from '../../apps/api/src/app.factory';
import { Given } from '../factories/given';
import { TestClock } from './test-clock';
import { createTestDatabase, dropTestDatabase } from './test-database';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  db: DataSource;
  config: AppConfig;
  clock: TestClock;
  given: Given;
  close(): Promise<void>;
}

/** The real AppModule on a fresh database cloned from the migrated template. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: TEST_SECRET,
    JWT_SECRET: TEST_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'moc-test-')),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });
  const clock = new TestClock();
  const app = await createApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), clock);
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    db,
    config,
    clock,
    given: new Given(app, db),
    close: async () => {
      await app.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}
