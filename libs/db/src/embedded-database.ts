import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';

export interface EmbeddedDatabase {
  /** postgres://…/<database> on the embedded server. */
  url: string;
  /** Stops the server if this call started it; a no-op when an already running server was reused. */
  stop(): void;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded PostgreSQL under `<dataDir>/pg` (the one `npm start` uses) and creates the `moc` database
 * when missing. With `reuseRunning`, a server that already answers (the app is running) is used as it is and
 * left running; that is what the CLI tools want. The app itself starts afresh (a stale server is restarted).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  options: { reuseRunning?: boolean; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const pg = new EmbeddedPostgres(join(dataDir, 'pg'), port, options.log);
  const url = pg.urlFor('moc');
  if (options.reuseRunning && (await reachable(url))) return { url, stop: () => undefined };
  pg.start();
  await ensureDatabase(pg.url, 'moc');
  return { url, stop: () => pg.stop() };
}

/**
 * Stops the embedded server under `<dataDir>/pg` if one runs there (postmaster.pid), whichever call started it.
 * Synchronous: the API calls it on every way out, a process 'exit' handler included, so a stop, a failed start
 * or a start interrupted half-way (a pg_ctl killed while waiting) never leaves the server holding its port.
 */
export function stopEmbeddedDatabase(dataDir: string): void {
  new EmbeddedPostgres(join(dataDir, 'pg'), 0).stop();
}
