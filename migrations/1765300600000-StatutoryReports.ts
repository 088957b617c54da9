import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statutory reports (libs/exports/src/reports): the yearly report and the 3-year interim and 5-year final reviews of
 * a unit's subtree for a period. A report is a draft until submitted; each submission is frozen for good: the figures
 * as the exact JSON text with its SHA-256, and the XLSX and PDF files in storage with theirs, never regenerated. The
 * receiver decides on the latest submission (accepted, or returned with a comment; a returned report may be submitted
 * again, which freezes a new submission). `report_receiver` says where a unit's reports go when it is not the parent.
 */
export class StatutoryReports1765300600000 implements MigrationInterface {
  name = 'StatutoryReports1765300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_receiver (
      unit_id uuid NOT NULL CONSTRAINT pk_report_receiver PRIMARY KEY
        CONSTRAINT fk_report_receiver_unit_id REFERENCES org_unit(id),
      receiver_unit_id uuid NOT NULL CONSTRAINT fk_report_receiver_receiver_unit_id REFERENCES org_unit(id),
      set_by uuid,
      set_at timestamptz NOT NULL,
      CONSTRAINT ck_report_receiver_other CHECK (receiver_unit_id <> unit_id)
    )`);
    await q.query(`CREATE TABLE statutory_report (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_statutory_report PRIMARY KEY,
      unit_id uuid NOT NULL CONSTRAINT fk_statutory_report_unit_id REFERENCES org_unit(id),
      kind varchar(10) NOT NULL CONSTRAINT ck_statutory_report_kind CHECK (kind IN ('yearly','interim','final')),
      period_from date NOT NULL,
      period_to date NOT NULL,
      number varchar(60) NOT NULL,
      place_name varchar(120) NOT NULL,
      signatory_title varchar(200) NOT NULL,
      signatory_name varchar(120) NOT NULL DEFAULT '',
      status varchar(10) NOT NULL DEFAULT 'draft'
        CONSTRAINT ck_statutory_report_status CHECK (status IN ('draft','submitted','accepted','returned')),
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT ck_statutory_report_period CHECK (period_to >= period_from),
      CONSTRAINT uq_statutory_report_unit_id_number UNIQUE (unit_id, number)
    )`);
    await q.query(`CREATE INDEX idx_statutory_report_unit_id ON statutory_report (unit_id, created_at DESC)`);
    await q.query(`CREATE TABLE statutory_report_submission (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_statutory_report_submission PRIMARY KEY,
      report_id uuid NOT NULL CONSTRAINT fk_statutory_report_submission_report_id REFERENCES statutory_report(id),
      seq int NOT NULL CONSTRAINT ck_statutory_report_submission_seq CHECK (seq > 0),
      receiver_unit_id uuid NOT NULL
        CONSTRAINT fk_statutory_report_submission_receiver_unit_id REFERENCES org_unit(id),
      figures_json text NOT NULL,
      figures_sha256 char(64) NOT NULL,
      xlsx_key varchar(300) NOT NULL,
      xlsx_sha256 char(64) NOT NULL,
      xlsx_size int NOT NULL,
      pdf_key varchar(300) NOT NULL,
      pdf_sha256 char(64) NOT NULL,
      pdf_size int NOT NULL,
      submitted_by uuid,
      submitted_at timestamptz NOT NULL,
      decision varchar(10) CONSTRAINT ck_statutory_report_submission_decision CHECK (decision IN ('accepted','returned')),
      decided_by uuid,
      decided_at timestamptz,
      comment varchar(2000),
      CONSTRAINT uq_statutory_report_submission_report_id_seq UNIQUE (report_id, seq),
      CONSTRAINT ck_statutory_report_submission_decided CHECK ((decision IS NULL) = (decided_at IS NULL)),
      CONSTRAINT ck_statutory_report_submission_comment CHECK (decision IS DISTINCT FROM 'returned' OR comment IS NOT NULL)
    )`);
    // "Received": the submissions addressed to a unit of the reader's subtrees.
    await q.query(`CREATE INDEX idx_statutory_report_submission_receiver_unit_id
                     ON statutory_report_submission (receiver_unit_id, submitted_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statutory_report_submission`);
    await q.query(`DROP TABLE statutory_report`);
    await q.query(`DROP TABLE report_receiver`);
  }
}
