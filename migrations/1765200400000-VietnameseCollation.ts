import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Vietnamese collation of names in lists (libs/db/src/collation.ts): ICU's vi-VN, in which Đ is a letter after
 * D, Ă Â after A, Ê after E, Ô Ơ after O, Ư after U, and the tone marks weigh as accents (Ủ sorts among the U).
 * The database's own collation stays C (the embedded server is created with the builtin C.UTF-8 locale): only the
 * ORDER BY of names shown to people uses this one. Checked on the embedded PostgreSQL 18 (ICU 60) and on
 * PostgreSQL 15 (Debian, ICU 72); a server built without ICU stops here with PostgreSQL's own message.
 */
export class VietnameseCollation1765200400000 implements MigrationInterface {
  name = 'VietnameseCollation1765200400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE COLLATION IF NOT EXISTS vi_vn (provider = icu, locale = 'vi-VN')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP COLLATION IF EXISTS vi_vn`);
  }
}
