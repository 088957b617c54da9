import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createRootLogger, loadAppConfigOrExit, PinoNestLogger } from '@app/common';
import { JOBS_QUEUE } from '@app/jobs';
import { WORKER_CONCURRENCY } from './jobs.processor';
import { WorkerModule } from './worker.module';

const SHUTDOWN_TIMEOUT_MS = 30_000;
/** Re-enqueue jobs that missed Bull (dispatched while Redis was down). */
const SWEEP_INTERVAL_MS = 60_000;

function loadWorkerConfig(): AppConfig {
  const config = loadAppConfigOrExit();
  const missing = [config.embedded && 'DATABASE_URL', !config.redisUrl && 'REDIS_URL'].filter(Boolean);
  if (missing.length) {
    process.stderr.write(
      `The worker needs ${missing.join(' and ')} (the PostgreSQL and Redis the API uses).\n` +
        'Without REDIS_URL jobs run inside the API process and no worker is needed.\n',
    );
    process.exit(1);
  }
  return config;
}

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createRootLogger(config.logLevel);
  const queuePrefix = config.jobsQueuePrefix;
  // Migrations are not run here: the API (or `npm run db:migrate`) owns the schema.
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, { queuePrefix, sweepIntervalMs: SWEEP_INTERVAL_MS, runsSchedules: true }),
    {
      logger: new PinoNestLogger(logger),
    },
  );

  let stopping = false;
  let initialised: Promise<unknown> = Promise.resolve();
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down: finishing running jobs');
    const force = setTimeout(() => {
      logger.error('worker did not stop in time');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await initialised.catch(() => undefined); // a stop during init closes what init set up, once it is done
    let code = 0;
    try {
      await app.close(); // closes the queue (running jobs finish), then the PostgreSQL pool
    } catch (e) {
      logger.error({ err: e }, 'the worker did not close cleanly');
      code = 1;
    }
    logger.info('worker stopped');
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, (s) => void stop(s));

  initialised = app.init();
  try {
    await initialised;
  } catch (e) {
    if (stopping) return; // stop() finishes
    throw e;
  }
  if (stopping) return;
  logger.info({ queue: JOBS_QUEUE, concurrency: WORKER_CONCURRENCY }, 'worker ready');
}

main().catch((e: unknown) => {
  process.stderr.write(`Mộc worker failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
