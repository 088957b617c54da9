import { join } from 'node:path';

/** Shared by global setup/teardown and the per-file helpers (passed through process.env). */
export const TEST_ROOT = join(__dirname, '..', '..');
export const EMBEDDED_TEST_DIR = join(TEST_ROOT, '.data', 'pg-test');
export const EMBEDDED_TEST_PORT = 5443;

export const serverUrlFromEnv = (): string => {
  const url = process.env.MOC_TEST_SERVER_URL;
  if (!url) throw new Error('MOC_TEST_SERVER_URL is not set: run the e2e tests through jest (global-setup)');
  return url;
};

/** Same server, another database. */
export const withDatabase = (serverUrl: string, database: string): string => {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
};
