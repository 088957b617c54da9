import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
// Relative imports: globalSetup runs without moduleNameMapper.
import { EmbeddedPostgres } from '../../libs/db/src/embedded-postgres';
import { runMigrations } from '../../libs/db/src/data-source';
import { EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT, markRunStarted, withDatabase } from './test-env';

/**
 * Uses DATABASE_URL's server when set (the machine's PostgreSQL in CI), else starts the embedded one,
 * then migrates a template database once; each test file clones it (createTestDatabase).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const pg = new EmbeddedPostgres(EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT);
    markRunStarted(runId);
    await pg.startOrReuse();
    serverUrl = pg.url;
    process.env.MOC_TEST_EMBEDDED = '1';
  }
  const template = `moc_tpl_${runId}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await dropStaleTestDatabases(admin);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, template));
  process.env.MOC_TEST_SERVER_URL = serverUrl;
  process.env.MOC_TEST_TEMPLATE = template;
  process.env.MOC_TEST_RUN_ID = runId;
}

/** Databases of runs that died more than two hours ago (their names start with a base-36 time). */
async function dropStaleTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'moc\\_tpl\\_%' OR datname LIKE 'moc\\_t\\_%'`,
  );
  const cutoff = Date.now() - 2 * 3600_000;
  for (const { datname } of rows) {
    const stamp = /^moc_(?:tpl|t)_([0-9a-z]+?)[0-9a-f]{6}(?:_|$)/.exec(datname)?.[1];
    if (stamp && parseInt(stamp, 36) < cutoff) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
}
