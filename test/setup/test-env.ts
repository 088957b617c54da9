import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Several test runs may share the embedded test server (two terminals, or helpers): each run leaves a
 * marker file, and the last run to finish stops the server. Markers older than two hours are ignored.
 */
const RUNS_DIR = join(TEST_ROOT, '.data', 'pg-test-runs');

export function markRunStarted(runId: string): void {
  mkdirSync(RUNS_DIR, { recursive: true });
  writeFileSync(join(RUNS_DIR, runId), String(process.pid));
}

/** Removes this run's marker; true when no other live run remains. */
export function markRunFinished(runId: string): boolean {
  rmSync(join(RUNS_DIR, runId), { force: true });
  const cutoff = Date.now() - 2 * 3600_000;
  return readdirSync(RUNS_DIR).every((f) => statSync(join(RUNS_DIR, f)).mtimeMs < cutoff);
}
