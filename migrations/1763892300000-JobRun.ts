import { MigrationInterface, QueryRunner } from 'typeorm';

/** Background jobs, keyed by business id; the admin view and the in-process executor read them. */
export class JobRun1763892300000 implements MigrationInterface {
  name = 'JobRun1763892300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE job_run (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      queue varchar(64) NOT NULL,
      name varchar(100) NOT NULL,
      business_key varchar(200) NOT NULL,
      payload jsonb NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'queued',
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 3,
      progress integer NOT NULL DEFAULT 0,
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_job_run PRIMARY KEY (id),
      CONSTRAINT uq_job_run_business_key UNIQUE (business_key),
      CONSTRAINT ck_job_run_status CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')),
      CONSTRAINT ck_job_run_progress CHECK ("progress" BETWEEN 0 AND 100)
    )`);
    // Serves JobRunRepository.list filtered by status (newest first) and the in-process resume at boot.
    await q.query(`CREATE INDEX idx_job_run_status_created_at ON job_run (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS job_run`);
  }
}
