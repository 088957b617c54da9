import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolClient, Query } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { BoundSql } from './kinds/export-kind';
import { RowFeed } from './row-feed';

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
let rowsReceived = 0;

/**
 * Rows the export cursors of this process have received from PostgreSQL so far (a feed's rows, as they arrive): the
 * tests hold it next to the rows a slow reader has taken, to see that a cursor reads no further than the reader asks.
 */
export const exportRowsReceived = (): number => rowsReceived;

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

  /**
   * The rows as a RowFeed (what the list exports write): FETCH_ROWS a batch from a cursor in a read-only snapshot,
   * each row handed over as PostgreSQL's message for it is parsed (pg's row events, no array of rows), opened on the
   * first batch and closed however the reading ends. The next FETCH is sent only when the next batch is asked for,
   * so a slow reader holds the cursor where it is.
   */
  feed<T = Record<string, unknown>>(sql: BoundSql): RowFeed<T> {
    return new CursorFeed<T>(() => this.exportPool().connect(), sql);
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

/** A cursor read as a RowFeed (ExportRepository.feed). */
class CursorFeed<T> implements RowFeed<T> {
  private readonly name = `export_${++cursors}`;
  private client: Promise<PoolClient> | null = null;
  /** The batch being read (close waits for it: a connection is given back only between two statements). */
  private reading: Promise<unknown> = Promise.resolve();
  /** No more rows for the reader: the end was read, the reading failed, or the feed was closed. */
  private done = false;
  private closing: Promise<void> | null = null;
  private broken: Error | undefined;
  // The connection may drop while the reader is slow (between two FETCHes): the next FETCH fails with the error;
  // without a listener, pg would throw it and take the process down.
  private readonly lost = (err: Error): void => void (this.broken = err);

  constructor(
    private readonly connect: () => Promise<PoolClient>,
    private readonly sql: BoundSql,
  ) {}

  next(each: (row: T) => void): Promise<boolean> {
    if (this.done) return Promise.resolve(false);
    const batch = this.batch(each);
    this.reading = batch.catch(() => undefined);
    return batch;
  }

  async close(): Promise<void> {
    this.done = true;
    await this.reading;
    await this.release();
  }

  private async batch(each: (row: T) => void): Promise<boolean> {
    try {
      const client = await (this.client ??= this.open());
      if (this.done) return false; // closed while opening: close() gives the connection back
      const got = await this.fetch(client, each);
      if (this.done) return false; // closed while reading: the rest of the batch was dropped
      if (got < FETCH_ROWS) {
        this.done = true;
        await this.release();
        return false;
      }
      return true;
    } catch (e) {
      this.broken ??= e instanceof Error ? e : new Error(String(e));
      this.done = true;
      await this.release();
      throw e;
    }
  }

  private async open(): Promise<PoolClient> {
    const client = await this.connect();
    client.on('error', this.lost);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A cursor is planned for its first rows (cursor_tuple_fraction 0.1); an export reads them all, as COPY does.
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query(`DECLARE ${this.name} NO SCROLL CURSOR FOR ${this.sql.text}`, this.sql.values);
      return client;
    } catch (e) {
      this.broken ??= e instanceof Error ? e : new Error(String(e));
      await close(client, () => this.broken, this.lost);
      throw e;
    }
  }

  /** One FETCH: each row to `each` as it is parsed; resolves with how many came (after `each` threw: rejects). */
  private fetch(client: PoolClient, each: (row: T) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      let got = 0;
      let failed: Error | null = null;
      const query = client.query(new Query<T & object>(`FETCH ${FETCH_ROWS} FROM ${this.name}`));
      query.on('row', (row: T) => {
        got++;
        rowsReceived++;
        if (failed || this.done) return;
        try {
          each(row);
        } catch (error) {
          failed = error instanceof Error ? error : new Error(String(error));
        }
      });
      query.on('error', reject);
      query.on('end', () => (failed ? reject(failed) : resolve(got)));
    });
  }

  /** Ends the transaction and gives the connection back, once (after the connection was asked for, if it was). */
  private release(): Promise<void> {
    return (this.closing ??= (async () => {
      if (!this.client) return;
      let client: PoolClient;
      try {
        client = await this.client;
      } catch {
        return; // never connected, or the opening failed and gave the connection back itself (open)
      }
      await close(client, () => this.broken, this.lost);
    })());
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
