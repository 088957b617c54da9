// `npm run units:load-history -- --province <code> [--json]`
// Loads the history of one official province before the reform of 1 July 2025 (issue 13, item 2): its old
// provinces and communes from data/units/vn-units-2025-mapping.csv, valid until 30 June 2025, and the reform
// applied on 1 July 2025 through the restructuring plan engine (the real merge and split). Idempotent.
// Works against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. Exit codes: 0 done, 1 failed, 2 bad input.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, DomainError, loadAppConfig } from '@app/common';
import { runMigrations, startEmbeddedDatabase } from '@app/db';
import { PreReformHistory } from '@app/org';
import { AppModule } from '../apps/api/src/app.module';

async function main(): Promise<number> {
  let config: AppConfig;
  let province: string;
  let json: boolean;
  try {
    const { values } = parseArgs({ options: { province: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.province) throw new ConfigError('--province <official code> is required (e.g. --province 86)');
    province = values.province;
    json = values.json ?? false;
    const placeholder = 'units-load-history-does-not-use-this-secret';
    config = loadAppConfig({
      ...process.env,
      SESSION_SECRET: process.env.SESSION_SECRET || placeholder,
      JWT_SECRET: process.env.JWT_SECRET || placeholder,
    });
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const db = config.embedded
    ? await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { reuseRunning: true })
    : { url: config.databaseUrl, stop: () => undefined };
  try {
    await runMigrations(db.url);
    config.databaseUrl = db.url;
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
    try {
      const ds = app.get<DataSource>(getDataSourceToken());
      const [admin] = await ds.query<Array<{ id: string }>>(
        `SELECT account_id AS id FROM account_grant WHERE permission = 'admin' ORDER BY created_at LIMIT 1`,
      );
      const result = await app.get(PreReformHistory).loadPreReformHistory(province, admin?.id);
      if (json) console.log(JSON.stringify(result));
      else if (result.alreadyLoaded) {
        console.log(`The history of province ${province} is already loaded: nothing done.`);
      } else {
        const r = result.report!;
        console.log(
          `Province ${province}: ${result.oldProvinces} old provinces and ${result.oldCommunes} old communes loaded ` +
            `(valid until 2025-06-30); reform applied on ${r.effectiveFrom}: ${r.created} units created, ` +
            `${r.merged} merged, ${r.split} divided, ${r.people} people moved (${r.forReviewCount} for review).`,
        );
      }
      return 0;
    } finally {
      await app.close();
    }
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  } finally {
    db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
