import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster imports: one row per uploaded file, its mode, its job's outcome and its row-by-row report.
 * The file itself and the invalid-rows file live under the storage directory (imports/<id>/).
 */
export class RosterImport1763892600000 implements MigrationInterface {
  name = 'RosterImport1763892600000';

  async up(q: QueryRunner): Promise<void> {
    // uploaded_by has no foreign key: seeders and tools import as the system actor, which has no account row.
    await q.query(`CREATE TABLE import_batch (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_import_batch PRIMARY KEY,
      uploaded_by uuid NOT NULL,
      uploaded_as varchar(10) NOT NULL,
      scope_unit_id uuid NOT NULL CONSTRAINT fk_import_batch_scope_unit_id REFERENCES org_unit(id),
      file_name varchar(200) NOT NULL,
      file_path varchar(500) NOT NULL,
      file_size int NOT NULL CONSTRAINT ck_import_batch_file_size CHECK (file_size >= 0),
      kind varchar(4) NOT NULL CONSTRAINT ck_import_batch_kind CHECK (kind IN ('csv','xlsx')),
      mode varchar(7) NOT NULL CONSTRAINT ck_import_batch_mode CHECK (mode IN ('dry_run','commit')),
      status varchar(7) NOT NULL DEFAULT 'queued'
        CONSTRAINT ck_import_batch_status CHECK (status IN ('queued','running','done','failed')),
      row_count int NOT NULL DEFAULT 0,
      valid_count int NOT NULL DEFAULT 0,
      invalid_count int NOT NULL DEFAULT 0,
      created_count int NOT NULL DEFAULT 0,
      updated_count int NOT NULL DEFAULT 0,
      unchanged_count int NOT NULL DEFAULT 0,
      empty_count int NOT NULL DEFAULT 0,
      problem_count int NOT NULL DEFAULT 0,
      problems jsonb NOT NULL DEFAULT '[]',
      notices jsonb NOT NULL DEFAULT '[]',
      error_file_path varchar(500),
      error_message text,
      error_details jsonb,
      job_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`);
    await q.query(`CREATE INDEX idx_import_batch_scope_unit_id_created_at ON import_batch (scope_unit_id, created_at)`);
    await q.query(`CREATE INDEX idx_import_batch_uploaded_by_created_at ON import_batch (uploaded_by, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_batch`);
  }
}
