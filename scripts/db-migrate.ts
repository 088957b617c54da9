// `npm run db:migrate`: applies pending migrations to DATABASE_URL's database, each in its own transaction.
// Deploys run it before the app starts. Exit codes: 0 done (or nothing to do), 1 failed, 2 bad configuration.
import 'reflect-metadata';
import { ConfigError, loadAppConfig } from '@app/common';
import { runMigrations } from '@app/db';

async function main(): Promise<number> {
  let databaseUrl: string;
  try {
    // Migrating needs no secrets: placeholders let the config validate when they are not set here.
    const placeholder = 'db-migrate-does-not-use-this-secret';
    const config = loadAppConfig({
      ...process.env,
      SESSION_SECRET: process.env.SESSION_SECRET || placeholder,
      JWT_SECRET: process.env.JWT_SECRET || placeholder,
    });
    if (config.embedded) {
      console.error(
        'DATABASE_URL is not set. In embedded mode `npm start` migrates its own PostgreSQL at start; ' +
          'set DATABASE_URL (and SESSION_SECRET, JWT_SECRET) to migrate a real server.',
      );
      return 2;
    }
    databaseUrl = config.databaseUrl;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }

  const started = Date.now();
  const applied = await runMigrations(databaseUrl);
  const took = `${Date.now() - started} ms`;
  if (applied.length === 0) {
    console.log(`No pending migrations; the schema is up to date (${took}).`);
  } else {
    for (const name of applied) console.log(`applied ${name}`);
    console.log(`${applied.length} migration(s) applied in ${took}.`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
