import 'reflect-metadata';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig, createRootLogger, loadAppConfigOrExit } from '@app/common';
import { EmbeddedDatabase, runMigrations, startEmbeddedDatabase } from '@app/db';
import { createApp } from './app.factory';

async function startDatabase(config: AppConfig, logger: PinoLogger): Promise<EmbeddedDatabase | null> {
  if (!config.embedded) return null;
  const db = await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { log: (line) => logger.info(line) });
  config.databaseUrl = db.url;
  return db;
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
