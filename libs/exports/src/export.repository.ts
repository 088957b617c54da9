import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BoundSql } from './kinds/export-kind';

const FETCH_ROWS = 2_000;
let cursors = 0;

/**
 * Reads a list for an export: every row of a kind's SQL through a server-side cursor (one snapshot, FETCH in
 * batches, so memory stays flat whatever the size), and a cheap count of the same rows first when a cap applies.
 */
@Injectable()
export class ExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    const runner = this.db.createQueryRunner();
    const name = `export_${++cursors}`;
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET TRANSACTION READ ONLY`);
      await runner.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql.text}`, sql.values);
      for (;;) {
        const batch = (await runner.query(`FETCH ${FETCH_ROWS} FROM ${name}`, [])) as T[];
        for (const r of batch) yield r;
        if (batch.length < FETCH_ROWS) break;
      }
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}
