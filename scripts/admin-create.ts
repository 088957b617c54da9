// `npm run admin:create -- --login <login> [--password <password>] [--email <e-mail>] [--name <display name>]`
// Creates an administrator over the whole country (the first one, or another). Without --password one is
// generated and printed once. Works against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (running or not).
// Exit codes: 0 created, 1 failed (e.g. login taken), 2 bad arguments or configuration.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppConfig, ConfigError, DomainError } from '@app/common';
import { createAdministrator } from '@app/identity';
import { loadScriptConfig, withDatabase } from './script-database';

const USAGE =
  'usage: npm run admin:create -- --login <login> [--password <12+ characters>] [--email <e-mail>] [--name <display name>]';

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
    config = loadScriptConfig('admin-create');
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!args.login) {
    console.error(USAGE);
    return 2;
  }
  const { login, password, email, name } = args;
  try {
    return await withDatabase(config, async (ds) => {
      const created = await createAdministrator(ds, { login, password, email, displayName: name }, new Date(), 'cli');
      console.log(
        `Administrator created: login ${created.login} (account ${created.accountId}), scope: the whole country.`,
      );
      if (created.generatedPassword) console.log(`Password (shown only this once): ${created.generatedPassword}`);
      return 0;
    });
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`Not created: ${e.message}`);
      return e.status === 400 ? 2 : 1;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`admin:create failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
