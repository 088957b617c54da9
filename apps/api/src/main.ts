import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig, createRootLogger, loadAppConfigOrExit } from '@app/common';
import { EmbeddedPostgres, runMigrations } from '@app/db';
import { createApp } from './app.factory';

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function startDatabase(config: AppConfig, logger: PinoLogger): Promise<EmbeddedPostgres | null> {
  if (!config.embedded) return null;
  const pg = new EmbeddedPostgres(join(config.dataDir, 'pg'), config.embeddedPgPort, (line) => logger.info(line));
  pg.start();
  await ensureDatabase(pg.url, 'moc');
  config.databaseUrl = pg.urlFor('moc');
  return pg;
}

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const logger = createRootLogger(config.logLevel);
  const pg = await startDatabase(config, logger);
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');

  const app = await createApp(config, logger);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await app.close();
    pg?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));

  await app.listen(config.port, config.host);
  const mode = config.embedded ? 'embedded PostgreSQL, in-process jobs' : 'external PostgreSQL';
  logger.info({ url: config.publicUrl, mode }, `Mộc is running at ${config.publicUrl}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`Mộc failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
