import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster change log learns two kinds for training done elsewhere (libs/training): a record approved, and an
 * approval withdrawn. Coverage folds them with the roster and certificate changes.
 */
export class TrainingChangeKinds1765200000000 implements MigrationInterface {
  name = 'TrainingChangeKinds1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE roster_change DROP CONSTRAINT ck_roster_change_kind`);
    await q.query(`ALTER TABLE roster_change ADD CONSTRAINT ck_roster_change_kind CHECK (kind IN ('person_joined',
      'person_moved', 'person_left', 'person_status', 'person_role', 'headcount_declared', 'unit_renamed',
      'unit_moved', 'unit_merged', 'unit_split', 'unit_closed', 'certificate_issued', 'certificate_revoked',
      'training_approved', 'training_revoked'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM roster_change WHERE kind IN ('training_approved', 'training_revoked')`);
    await q.query(`ALTER TABLE roster_change DROP CONSTRAINT ck_roster_change_kind`);
    await q.query(`ALTER TABLE roster_change ADD CONSTRAINT ck_roster_change_kind CHECK (kind IN ('person_joined',
      'person_moved', 'person_left', 'person_status', 'person_role', 'headcount_declared', 'unit_renamed',
      'unit_moved', 'unit_merged', 'unit_split', 'unit_closed', 'certificate_issued', 'certificate_revoked'))`);
  }
}
