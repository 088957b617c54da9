import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background exports (libs/exports): one row per request, owned by the account that asked. The job writes the file
 * once (file_key, its SHA-256, size and row count); the download link is shown once (link_shown_at, link_token),
 * works for 15 minutes from then and only once (downloaded_at); the cleanup job deletes files after 24 hours
 * (deleted_at).
 */
export class Exports1765200500000 implements MigrationInterface {
  name = 'Exports1765200500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE export_request (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_export_request PRIMARY KEY,
      account_id uuid NOT NULL CONSTRAINT fk_export_request_account_id REFERENCES account(id) ON DELETE CASCADE,
      permission varchar(20) NOT NULL,
      scope_unit_id uuid NOT NULL CONSTRAINT fk_export_request_scope_unit_id REFERENCES org_unit(id),
      kind varchar(40) NOT NULL,
      format varchar(8) NOT NULL CONSTRAINT ck_export_request_format CHECK (format IN ('csv', 'xlsx')),
      lang varchar(2) NOT NULL DEFAULT 'vi' CONSTRAINT ck_export_request_lang CHECK (lang IN ('vi', 'en')),
      filters jsonb NOT NULL DEFAULT '{}'::jsonb,
      include_contact boolean NOT NULL DEFAULT false,
      purpose text,
      job_run_id uuid,
      file_key varchar(300),
      file_sha256 char(64),
      file_size bigint,
      row_count int,
      link_token varchar(64),
      link_shown_at timestamptz,
      downloaded_at timestamptz,
      deleted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    // "My exports" (newest first) and the cleanup's scan of files older than 24 hours.
    await q.query(`CREATE INDEX idx_export_request_account_id ON export_request (account_id, created_at DESC)`);
    await q.query(`CREATE INDEX idx_export_request_finished_at_live ON export_request (finished_at)
                     WHERE file_key IS NOT NULL AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_request`);
  }
}
