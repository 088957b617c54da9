import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open data (libs/exports): aggregate files an administrator published at a public URL (/open-data/<name>), kept
 * as published (the bytes and their SHA-256). No personal data: counts per province and role, small ones suppressed.
 */
export class OpenData1765300500000 implements MigrationInterface {
  name = 'OpenData1765300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE open_data_file (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_open_data_file PRIMARY KEY,
      name varchar(120) NOT NULL CONSTRAINT uq_open_data_file_name UNIQUE,
      dataset varchar(40) NOT NULL,
      format varchar(8) NOT NULL CONSTRAINT ck_open_data_file_format CHECK (format IN ('csv', 'json')),
      as_of date NOT NULL,
      content bytea NOT NULL,
      sha256 char(64) NOT NULL,
      row_count int NOT NULL,
      published_by uuid CONSTRAINT fk_open_data_file_published_by REFERENCES account(id) ON DELETE SET NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_open_data_file_published_at ON open_data_file (published_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE open_data_file`);
  }
}
