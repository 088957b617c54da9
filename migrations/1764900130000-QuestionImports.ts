import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Question imports (issue 9 point 2): one row per uploaded question file (Moodle XML, GIFT, CSV, XLSX) of a course's
 * bank, run by the `questions.import` job. A dry run writes only this row (its report); a commit also writes the
 * valid questions in one transaction. `report` holds the question-by-question outcome (capped; `report_count` is the
 * full count); the errors file (storage key `errors_key`) lists every question not imported.
 */
export class QuestionImports1764900130000 implements MigrationInterface {
  name = 'QuestionImports1764900130000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE question_import_batch (
      id uuid NOT NULL CONSTRAINT pk_question_import_batch PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_question_import_batch_course_id REFERENCES course(id) ON DELETE CASCADE,
      uploaded_by uuid NOT NULL,
      file_name varchar(200) NOT NULL,
      file_key text NOT NULL,
      file_size int NOT NULL,
      format varchar(4) NOT NULL CONSTRAINT ck_question_import_batch_format CHECK (format IN ('xml','gift','csv','xlsx')),
      mode varchar(8) NOT NULL CONSTRAINT ck_question_import_batch_mode CHECK (mode IN ('dry_run','commit')),
      status varchar(8) NOT NULL DEFAULT 'queued'
        CONSTRAINT ck_question_import_batch_status CHECK (status IN ('queued','running','done','failed')),
      counts jsonb NOT NULL DEFAULT '{}',
      report jsonb NOT NULL DEFAULT '[]',
      report_count int NOT NULL DEFAULT 0,
      notices jsonb NOT NULL DEFAULT '[]',
      error_message text,
      error_details jsonb,
      errors_key text,
      job_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    await q.query(`CREATE INDEX idx_question_import_batch_course_id ON question_import_batch (course_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS question_import_batch`);
  }
}
