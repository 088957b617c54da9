// The database of the command-line scripts (admin:create, coverage:rebuild, units:load-official): DATABASE_URL,
// or the embedded PostgreSQL under DATA_DIR (running or not), migrated, as a TypeORM DataSource.
import { DataSource } from 'typeorm';
import { AppConfig, loadAppConfig } from '@app/common';
import { dataSourceOptions, runMigrations, startEmbeddedDatabase } from '@app/db';

/** The app's configuration for a script: the session and token secrets are not used, so they may be unset. */
export function loadScriptConfig(script: string): AppConfig {
  const placeholder = `${script}-does-not-use-this-secret`;
  return loadAppConfig({
    ...process.env,
    SESSION_SECRET: process.env.SESSION_SECRET || placeholder,
    JWT_SECRET: process.env.JWT_SECRET || placeholder,
  });
}

/** The database URL, starting the embedded server when DATABASE_URL is unset and the app is not running. */
export async function openDatabase(config: AppConfig): Promise<{ url: string; stop: () => void }> {
  if (!config.embedded) return { url: config.databaseUrl, stop: () => undefined };
  return startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { reuseRunning: true });
}

/** Opens and migrates the database, runs `work` on a DataSource, then closes everything (also on failure). */
export async function withDatabase<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await runMigrations(db.url);
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
    }
  } finally {
    db.stop();
  }
}
