import { Client } from 'pg';
// Relative imports: globalSetup runs without moduleNameMapper.
import { EmbeddedPostgres } from '../../libs/db/src/embedded-postgres';
import { EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT, markRunFinished } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.MOC_TEST_SERVER_URL;
  const runId = process.env.MOC_TEST_RUN_ID;
  if (serverUrl && runId) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`moc\\_t\\_${runId}\\_%`, `moc_tpl_${runId}`],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  if (process.env.MOC_TEST_EMBEDDED === '1' && runId && markRunFinished(runId)) {
    new EmbeddedPostgres(EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT).stop();
  }
}
