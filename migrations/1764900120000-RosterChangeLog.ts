import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster change log (owned by org): one appended row per change that coverage will count (a person joined,
 * moved, changed status or role, left; a headcount declared; a unit renamed, moved, merged, split or closed),
 * written in the same transaction as the change, and read in order by consumers that each keep a cursor.
 * Append-only: rows are never updated. `tx` is the writing transaction's id: a consumer reads only rows of
 * transactions older than every transaction still running, in (tx, id) order, so a row that commits late is
 * never skipped (an id alone would be: ids are taken at insert, not at commit).
 */
export class RosterChangeLog1764900120000 implements MigrationInterface {
  name = 'RosterChangeLog1764900120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE roster_change (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_roster_change PRIMARY KEY,
      tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      effective_from date NOT NULL,
      kind varchar(30) NOT NULL CONSTRAINT ck_roster_change_kind CHECK (kind IN ('person_joined', 'person_moved',
        'person_left', 'person_status', 'person_role', 'headcount_declared', 'unit_renamed', 'unit_moved',
        'unit_merged', 'unit_split', 'unit_closed')),
      person_id uuid,
      unit_id uuid,
      other_unit_id uuid,
      role_id uuid,
      payload jsonb NOT NULL DEFAULT '{}'
    )`);
    // Serves RosterChangeRepository.readAfter: the next rows after a consumer's cursor, in (tx, id) order.
    await q.query(`CREATE INDEX idx_roster_change_tx_id ON roster_change (tx, id)`);
    // Where each consumer of the log has read up to (its last row's tx and id).
    await q.query(`CREATE TABLE roster_change_cursor (
      consumer varchar(60) NOT NULL CONSTRAINT pk_roster_change_cursor PRIMARY KEY,
      last_tx xid8 NOT NULL DEFAULT '0'::xid8,
      last_id bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS roster_change_cursor`);
    await q.query(`DROP TABLE IF EXISTS roster_change`);
  }
}
