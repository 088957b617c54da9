import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { BoundSql } from './kinds/export-kind';

/**
 * Rows per FETCH. Measured on the 1,000,000-row people list (test/bench/scenarios/export.ts): 500 costs round trips,
 * beyond 2,000 nothing is gained and each batch is a longer stretch of parsing on the event loop.
 */
export const FETCH_ROWS = 2_000;
/**
 * Connections of the exports' own pool: at most this many list exports read at once (the next ones wait for a
 * connection), and they never take the connections the pages and the dashboard need from the app's pool.
 */
export const EXPORT_CONNECTIONS = 3;
let cursors = 0;

/**
 * Reads a list for an export: every row of a kind's SQL through a server-side cursor (one snapshot, FETCH in
 * batches, so memory stays flat whatever the size) on the exports' own small pool, and a cheap count of the same
 * rows first when a cap applies.
 */
@Injectable()
export class ExportRepository implements OnModuleDestroy {
  private readonly logger = new Logger(ExportRepository.name);
  private pool: Pool | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  /** How many rows the SQL returns (the XLSX cap and a job's progress). */
  async count(sql: BoundSql): Promise<number> {
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (${sql.text}) AS listed`,
      sql.values,
    );
    return row.n;
  }

  /** The rows, opened on the first read and closed however the reading ends (a cursor in a read-only snapshot). */
  async *rows<T = Record<string, unknown>>(sql: BoundSql): AsyncGenerator<T> {
    const client = await this.exportPool().connect();
    const name = `export_${++cursors}`;
    let broken: Error | undefined;
    // The connection may drop while the reader is slow (between two FETCHes): the next FETCH fails with the error;
    // without a listener, pg would throw it and take the process down.
    const lost = (err: Error): void => void (broken = err);
    client.on('error', lost);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A cursor is planned for its first rows (cursor_tuple_fraction 0.1); an export reads them all, as COPY does.
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql.text}`, sql.values);
      for (;;) {
        const { rows } = await client.query<T & object>(`FETCH ${FETCH_ROWS} FROM ${name}`);
        for (const r of rows) yield r;
        if (rows.length < FETCH_ROWS) break;
      }
    } catch (e) {
      broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      await close(client, () => broken, lost);
    }
  }

  private exportPool(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.config.databaseUrl,
        max: EXPORT_CONNECTIONS,
        idleTimeoutMillis: 30_000,
        application_name: 'moc-export',
      });
      // An idle connection the server closed (a restart, a terminated backend) is dropped by the pool; without a
      // listener, pg would throw the error and take the process down.
      this.pool.on('error', (err) => this.logger.warn({ err: err.message }, 'idle export connection lost'));
    }
    return this.pool;
  }
}

/** Ends the read-only transaction and gives the connection back (or drops it when it cannot be trusted any more). */
async function close(client: PoolClient, failure: () => Error | undefined, lost: (err: Error) => void): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.off('error', lost);
    client.release();
  } catch (e) {
    client.off('error', lost);
    client.release(failure() ?? (e instanceof Error ? e : new Error(String(e))));
  }
}
