import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { Clock, loadAppConfig } from '@app/common';
import { dataSourceOptions, EmbeddedPostgres, runMigrations } from '@app/db';
import { seedRoster, SeedSize } from '@app/org';
import { createApp } from '../../apps/api/src/app.factory';
import { TEST_ROOT, withDatabase } from '../setup/test-env';

const EMBEDDED_BENCH_DIR = join(TEST_ROOT, '.data', 'pg-bench');
const EMBEDDED_BENCH_PORT = 5444;
const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

export interface BenchDatabase {
  url: string;
  /** Where the server runs, for the report. */
  server: string;
  close(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Databases of bench runs that died (Nest exits on a failed start) more than an hour ago. */
async function dropStaleBenchDatabases(serverUrl: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'moc\\_bench\\_%'`,
    );
    const cutoff = Date.now() - 3600_000;
    for (const { datname } of rows) {
      const stamp = /^moc_bench_([0-9a-z]+)$/.exec(datname)?.[1];
      if (stamp && parseInt(stamp, 36) < cutoff) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, migrated database: on DATABASE_URL's server when it is set (dropped at close),
 * else on an embedded PostgreSQL under .data/pg-bench (stopped at close).
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let serverUrl: string;
  let server: string;
  let embedded: EmbeddedPostgres | null = null;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
    const u = new URL(serverUrl);
    server = `PostgreSQL at ${u.hostname}:${u.port || 5432} (DATABASE_URL)`;
  } else {
    embedded = new EmbeddedPostgres(EMBEDDED_BENCH_DIR, EMBEDDED_BENCH_PORT);
    embedded.start();
    serverUrl = embedded.url;
    server = `embedded PostgreSQL at 127.0.0.1:${EMBEDDED_BENCH_PORT}`;
  }
  await dropStaleBenchDatabases(serverUrl);
  const name = `moc_bench_${Date.now().toString(36)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  try {
    await runMigrations(url);
  } catch (e) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    embedded?.stop();
    throw e;
  }
  return {
    url,
    server,
    close: async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      embedded?.stop();
    },
  };
}

export interface BenchApp {
  app: NestExpressApplication;
  db: DataSource;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/** The real API application, in this process, listening on a loopback port. */
export async function startBenchApp(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'moc-bench-'));
  const config = loadAppConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: BENCH_SECRET,
    JWT_SECRET: BENCH_SECRET,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  // Errors still show: Nest logs why it could not start, then exits.
  const app = await createApp(config, pino({ level: process.env.BENCH_LOG_LEVEL ?? 'error' }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    db: app.get<DataSource>(getDataSourceToken()),
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A seeded dataset kept between runs (seeding 3,000,000 people takes minutes): the database `name` on DATABASE_URL's
 * server, created, migrated and seeded with `size` when it holds fewer than `minPeople` people, then vacuumed and
 * analysed (the steady state of a live database: autovacuum has been by). Returns its URL and people count.
 */
export async function keptSeededDatabase(
  name: string,
  size: SeedSize,
  minPeople: number,
): Promise<{ url: string; people: number }> {
  if (!process.env.DATABASE_URL) {
    throw new Error(`a kept ${size} dataset needs DATABASE_URL (the machine's PostgreSQL)`);
  }
  const url = withDatabase(process.env.DATABASE_URL, name);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(url);
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  try {
    const count = async () => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM person`))[0].n;
    if ((await count()) < minPeople) {
      console.log(`   seeding ${size} into ${name} (once; the database is kept) …`);
      await seedRoster(db, { size, today: new Clock().today() });
    }
    await db.query(`VACUUM (ANALYZE)`);
    return { url, people: await count() };
  } finally {
    await db.destroy();
  }
}
