import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The settings of every session of the app (PostgreSQL's `options`): short requests, many at once, on small servers.
 * Measured on the national roster (npm run bench -- roster-pages, 2 cores): JIT compiled a page's count for ~120 ms to
 * run it in ~50; a parallel plan's workers took ~90 ms to start for a page read in ~20 ms (a province's people who
 * left: 594 ms → 38 ms without them). Bulk work that wants either sets it for its own transaction (SET LOCAL).
 */
export const SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0';

/** Options shared by the app, the CLI and the tests. The schema comes only from migrations/. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    extra: { max: 20, application_name: 'moc', options: SESSION_OPTIONS },
  };
}

/** Applies pending migrations (each in its own transaction) and returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
