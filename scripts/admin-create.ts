// `npm run admin:create -- --login <login> [--password <password>] [--email <e-mail>] [--name <display name>]`
// Creates an administrator over the whole country (the first one, or another). Without --password one is
// generated and printed once. Works against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (running or not).
// Exit codes: 0 created, 1 failed (e.g. login taken), 2 bad arguments or configuration.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, DomainError, loadAppConfig } from '@app/common';
import { dataSourceOptions, runMigrations, startEmbeddedDatabase } from '@app/db';
import { createAdministrator } from '@app/identity';

const USAGE =
  'usage: npm run admin:create -- --login <login> [--password <12+ characters>] [--email <e-mail>] [--name <display name>]';

/** The database URL, starting the embedded server when DATABASE_URL is unset and the app is not running. */
async function openDatabase(config: AppConfig): Promise<{ url: string; stop: () => void }> {
  if (!config.embedded) return { url: config.databaseUrl, stop: () => undefined };
  return startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { reuseRunning: true });
}

async function main(): Promise<number> {
  let args: { login?: string; password?: string; email?: string; name?: string };
  let config: AppConfig;
  try {
    args = parseArgs({
      options: {
        login: { type: 'string' },
        password: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
      },
    }).values;
    const placeholder = 'admin-create-does-not-use-this-secret';
    config = loadAppConfig({
      ...process.env,
      SESSION_SECRET: process.env.SESSION_SECRET || placeholder,
      JWT_SECRET: process.env.JWT_SECRET || placeholder,
    });
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!args.login) {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(config);
  try {
    await runMigrations(db.url);
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      const created = await createAdministrator(
        ds,
        { login: args.login, password: args.password, email: args.email, displayName: args.name },
        new Date(),
        'cli',
      );
      console.log(
        `Administrator created: login ${created.login} (account ${created.accountId}), scope: the whole country.`,
      );
      if (created.generatedPassword) console.log(`Password (shown only this once): ${created.generatedPassword}`);
      return 0;
    } finally {
      await ds.destroy();
    }
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`Not created: ${e.message}`);
      return e.status === 400 ? 2 : 1;
    }
    throw e;
  } finally {
    db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`admin:create failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
