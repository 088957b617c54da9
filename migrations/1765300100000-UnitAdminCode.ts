import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Official administrative units (issue 13): units are found by their official code (org_unit.admin_code, loaded
 * from data/units by `npm run units:load-official`), and a unit search also finds a unit by a name it had before
 * (org_unit_version.name), ignoring diacritics.
 */
export class UnitAdminCode1765300100000 implements MigrationInterface {
  name = 'UnitAdminCode1765300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_org_unit_admin_code ON org_unit (admin_code) WHERE admin_code IS NOT NULL`);
    await q.query(
      `CREATE INDEX idx_org_unit_version_name_search ON org_unit_version USING gin (f_search_key(name) gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_org_unit_version_name_search`);
    await q.query(`DROP INDEX idx_org_unit_admin_code`);
  }
}
