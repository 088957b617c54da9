import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Restructuring plans (libs/org/src/units/restructure): one row per uploaded plan with its rows as read, the dry
 * run (problems, per new unit and per partial unit what would happen), the rule chosen for unplaced people of
 * partial units, the job that applied it and its report.
 */
export class RestructurePlans1765300200000 implements MigrationInterface {
  name = 'RestructurePlans1765300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE restructure_plan (
      id uuid NOT NULL CONSTRAINT pk_restructure_plan PRIMARY KEY,
      scope_unit_id uuid NOT NULL CONSTRAINT fk_restructure_plan_scope_unit_id REFERENCES org_unit(id),
      uploaded_by uuid NOT NULL,
      uploaded_as varchar(20) NOT NULL,
      file_name varchar(200) NOT NULL,
      status varchar(10) NOT NULL CONSTRAINT ck_restructure_plan_status
        CHECK (status IN ('invalid','ready','queued','running','done','failed')),
      effective_from date,
      rows jsonb NOT NULL,
      analysis jsonb NOT NULL,
      partial_rule varchar(20) CONSTRAINT ck_restructure_plan_partial_rule CHECK (partial_rule IN ('list','first_for_review')),
      job_id uuid,
      report jsonb,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      committed_at timestamptz
    )`);
    await q.query(`CREATE INDEX idx_restructure_plan_scope_unit_id ON restructure_plan (scope_unit_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE restructure_plan`);
  }
}
