import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, createRootLogger, loadAppConfigOrExit, StartBanner } from '@app/common';
import { EmbeddedPortInUseError, runMigrations, startEmbeddedDatabase, stopEmbeddedDatabase } from '@app/db';
import { InProcessJobExecutor } from '@app/jobs';
import { createApp } from './app.factory';

/** How long a stop may take (requests draining, jobs finishing, the demo load rolling back) before exit is forced. */
const SHUTDOWN_TIMEOUT_MS = 25_000;
/** The signals that stop the API: a process manager's, Ctrl-C, a closed terminal. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'];

/** Thrown at the next step of the start when a stop was asked for meanwhile. */
class StartInterrupted extends Error {}

/**
 * The API process: starts the embedded PostgreSQL (when there is no DATABASE_URL), migrates, then serves.
 * A stop signal at any moment — during initdb, migrations or the Nest boot, or once serving with the demo data
 * still loading — lets the step under way finish, closes the app (which stops background work) and stops the
 * embedded server; an 'exit' handler stops it on every other way out (a failed start, the forced exit).
 */
async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const logger = createRootLogger(config.logLevel);
  let app: NestExpressApplication | null = null;
  let stopping = false;
  let startup: Promise<void> = Promise.resolve();

  if (config.embedded) process.on('exit', () => stopEmbeddedDatabase(config.dataDir));
  const fatal = (kind: string) => (e: unknown) => {
    logger.fatal({ err: e }, kind);
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));

  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('not stopped in time: forcing the exit');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // The start step under way finishes first (a migration is not cut in half); the next one is not taken.
    await startup.catch(() => undefined);
    let code = 0;
    try {
      // Nest's close: the demo load is aborted (rolled back) and awaited, running jobs finish, then the pool closes.
      await app?.close();
    } catch (e) {
      logger.error({ err: e }, 'the app did not close cleanly');
      code = 1;
    }
    if (config.embedded) stopEmbeddedDatabase(config.dataDir);
    logger.info('stopped');
    process.exit(code);
  };
  function onSignal(signal: NodeJS.Signals): void {
    void stop(signal);
  }
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  // Started after the signal listeners: initdb runs synchronously inside the first step.
  startup = (async (): Promise<void> => {
    const checkpoint = (): void => {
      if (stopping) throw new StartInterrupted();
    };
    if (config.embedded) {
      const log = (line: string): void => logger.info(line);
      config.databaseUrl = (await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { log })).url;
      checkpoint();
    }
    const applied = await runMigrations(config.databaseUrl);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    checkpoint();
    app = await createApp(config, logger);
    // createApp enables Nest's shutdown hooks: its own signal listeners would close the app behind our back.
    for (const signal of STOP_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (listener !== onSignal) process.removeListener(signal, listener);
      }
    }
    checkpoint();
    await app.listen(config.port, config.host);
    const mode = config.embedded ? 'embedded PostgreSQL, in-process jobs' : 'external PostgreSQL';
    logger.info({ url: config.publicUrl, mode, node: process.version }, `Mộc is running at ${config.publicUrl}`);
    // Not awaited: a stop must not wait for the demo load (closing the app is what aborts it).
    void startBannerWhenSettled(app, config).then((text) => {
      if (!stopping) process.stderr.write(text);
    });
  })();

  try {
    await startup;
  } catch (e) {
    if (stopping) return; // stop() finishes the job
    throw e;
  }
}

/**
 * The start banner, once the start's background work is over (the demo load, then the jobs it queued, such as
 * the demo certificates), so it is the last thing the start prints. To stderr: stdout stays JSON lines only.
 */
async function startBannerWhenSettled(app: NestExpressApplication, config: AppConfig): Promise<string> {
  const banner = app.get(StartBanner);
  await banner.settled();
  if (!config.redisUrl) await app.get(InProcessJobExecutor).onIdle();
  return banner.render(
    config.publicUrl,
    config.embedded
      ? `Data: ${config.dataDir}. Stop: Ctrl-C. Start over: stop, then delete that directory.`
      : undefined,
  );
}

/** One line for the failures an operator fixes without a stack trace: a port another program holds. */
function startFailure(e: unknown): string {
  if (e instanceof EmbeddedPortInUseError) {
    return `${e.message} (another Mộc still running?): stop it, or set EMBEDDED_PG_PORT to a free port (EMBEDDED_PG_PORT=${e.port + 1} npm start).`;
  }
  const err = e as NodeJS.ErrnoException & { port?: number };
  if (err?.code === 'EADDRINUSE') {
    const port = err.port ?? Number(process.env.PORT ?? 3000);
    return `port ${port} is already in use by another program (another Mộc still running?): stop it, or set PORT to a free port (PORT=${port + 1} npm start).`;
  }
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

main().catch((e: unknown) => {
  process.stderr.write(`Mộc failed to start: ${startFailure(e)}\n`);
  process.exit(1);
});
