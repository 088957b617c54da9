import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoggedRosterChange } from './roster-change';

export interface ChangeCursor {
  lastTx: string;
  lastId: string;
}

/** The read side of roster_change: consumers' cursors and the rows after them. */
@Injectable()
export class RosterChangeRepository {
  /** The consumer's cursor, created at the start of the log when new, and locked until the transaction ends. */
  async lockCursor(m: EntityManager, consumer: string): Promise<ChangeCursor> {
    await m.query(`INSERT INTO roster_change_cursor (consumer) VALUES ($1) ON CONFLICT (consumer) DO NOTHING`, [
      consumer,
    ]);
    const [row] = await m.query<ChangeCursor[]>(
      `SELECT last_tx::text AS "lastTx", last_id::text AS "lastId" FROM roster_change_cursor
        WHERE consumer = $1 FOR UPDATE`,
      [consumer],
    );
    return row;
  }

  /**
   * Up to `limit` rows after the cursor, in (tx, id) order, from transactions older than every one still running
   * (pg_snapshot_xmin): those are all over, so no row can later appear before what is returned here. Served by
   * idx_roster_change_tx_id.
   */
  readAfter(m: EntityManager, cursor: ChangeCursor, limit: number): Promise<LoggedRosterChange[]> {
    return m.query<LoggedRosterChange[]>(
      `SELECT id::text, tx::text, occurred_at AS "occurredAt", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
              kind, person_id AS "personId", unit_id AS "unitId", other_unit_id AS "otherUnitId",
              role_id AS "roleId", payload
         FROM roster_change
        WHERE (tx, id) > ($1::xid8, $2::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx, id
        LIMIT $3`,
      [cursor.lastTx, cursor.lastId, limit],
    );
  }

  /**
   * The last row a read could return now (the newest of the transactions older than every one still running), or
   * null when there is none after `cursor`. Served by idx_roster_change_tx_id, read backwards.
   */
  async lastReadable(m: EntityManager, cursor: ChangeCursor): Promise<ChangeCursor | null> {
    const [row] = await m.query<ChangeCursor[]>(
      `SELECT tx::text AS "lastTx", id::text AS "lastId" FROM roster_change
        WHERE (tx, id) > ($1::xid8, $2::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx DESC, id DESC
        LIMIT 1`,
      [cursor.lastTx, cursor.lastId],
    );
    return row ?? null;
  }

  async advance(m: EntityManager, consumer: string, to: ChangeCursor): Promise<void> {
    await m.query(
      `UPDATE roster_change_cursor SET last_tx = $2::xid8, last_id = $3::bigint, updated_at = now() WHERE consumer = $1`,
      [consumer, to.lastTx, to.lastId],
    );
  }
}
