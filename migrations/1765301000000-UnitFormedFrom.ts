import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Formed from" on the units page as of a date (UnitHistoryRepository.formedFrom) reads the units merged into a unit
 * (org_unit.successor_id) and the divisions that gave it people (roster_change rows of kind unit_split): both were
 * read by scanning the whole table, which at national size means every "as of" page read the whole roster change log.
 */
export class UnitFormedFrom1765301000000 implements MigrationInterface {
  name = 'UnitFormedFrom1765301000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_org_unit_successor_id ON org_unit (successor_id) WHERE successor_id IS NOT NULL`);
    await q.query(`CREATE INDEX idx_roster_change_unit_split ON roster_change (unit_id) WHERE kind = 'unit_split'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_roster_change_unit_split`);
    await q.query(`DROP INDEX IF EXISTS idx_org_unit_successor_id`);
  }
}
