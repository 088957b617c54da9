import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit a job acts on (a roster import's scope unit, an assignment's unit), so the jobs view is scoped by
 * subtree like everything else. Null for platform jobs (reminders, mail, sweeps): national administrators only.
 */
export class JobRunUnit1764900050000 implements MigrationInterface {
  name = 'JobRunUnit1764900050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE job_run ADD COLUMN unit_id uuid
         CONSTRAINT fk_job_run_unit_id REFERENCES org_unit(id) ON DELETE SET NULL`,
    );
    // Serves JobRunRepository.list for a scoped admin: jobs of the units in the subtree, newest first.
    await q.query(`CREATE INDEX idx_job_run_unit_id_created_at ON job_run (unit_id, created_at)`);
    // Jobs already dispatched: the same units the producers now pass (job_run is small: no batching needed).
    await q.query(
      `UPDATE job_run j SET unit_id = b.scope_unit_id FROM import_batch b WHERE b.job_id = j.id AND j.unit_id IS NULL`,
    );
    await q.query(
      `UPDATE job_run j SET unit_id = a.unit_id FROM assignment a
        WHERE j.name = 'learning.assignment.enrol' AND j.payload->>'assignmentId' = a.id::text AND j.unit_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_job_run_unit_id_created_at`);
    await q.query(`ALTER TABLE job_run DROP COLUMN IF EXISTS unit_id`);
  }
}
