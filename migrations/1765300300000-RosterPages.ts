import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster pages at national scale (issue 14): indexes for keyset pages of people.
 *
 * - idx_person_full_name_vi: (full_name COLLATE vi_vn, id), the sort key of every people list, with unit_id and
 *   status alongside so that a large subtree (a province, the country) is read by walking it from the cursor and
 *   keeping the people inside the subtree without visiting the table for those outside (index-only);
 * - idx_person_name_key_c: (name_key COLLATE "C", id), the search by the start of the name without diacritics over a
 *   large subtree ("nguyen van an": a range of the index, in that order);
 * - idx_person_employee_code: search by employee code across the whole country (the unique key is per province).
 * A small subtree (a commune) is read through idx_person_unit_id and sorted; the trigram index on name_key
 * (idx_person_name_key) keeps serving the search inside a name there.
 */
export class RosterPages1765300300000 implements MigrationInterface {
  name = 'RosterPages1765300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_person_full_name_vi ON person ((full_name COLLATE vi_vn), id) INCLUDE (unit_id, status)`,
    );
    await q.query(
      `CREATE INDEX idx_person_name_key_c ON person ((name_key COLLATE "C"), id) INCLUDE (unit_id, status)`,
    );
    await q.query(`CREATE INDEX idx_person_employee_code ON person (employee_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_person_employee_code`);
    await q.query(`DROP INDEX IF EXISTS idx_person_name_key_c`);
    await q.query(`DROP INDEX IF EXISTS idx_person_full_name_vi`);
  }
}
