import { MigrationInterface, QueryRunner } from 'typeorm';

export class Extensions1763892000000 implements MigrationInterface {
  name = 'Extensions1763892000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // unaccent() is only STABLE; an IMMUTABLE wrapper lets search keys be indexed.
    // Search: f_search_key(name) LIKE '%' || f_search_key($1) || '%' ("nguyen van a" finds "Nguyễn Văn A", "d" finds "đ").
    await q.query(`CREATE OR REPLACE FUNCTION f_search_key(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, translate(value, 'đĐ', 'dD'))) $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS f_search_key(text)`);
  }
}
