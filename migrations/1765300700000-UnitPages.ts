import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unit lists at national scale (issue 14): idx_org_unit_name_vi, (name COLLATE vi_vn, code), the order of every unit
 * list. A list over a large subtree (the country: ~100,000 units) walks it and keeps the units inside the subtree
 * until the page is full, instead of sorting the whole subtree; a small subtree is still read through the closure.
 */
export class UnitPages1765300700000 implements MigrationInterface {
  name = 'UnitPages1765300700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_org_unit_name_vi ON org_unit ((name COLLATE vi_vn), code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_org_unit_name_vi`);
  }
}
