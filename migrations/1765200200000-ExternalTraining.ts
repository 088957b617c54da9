import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training done elsewhere (owned by libs/training): a record a learner or an organiser submits (who ran it, title,
 * dates, hours, topics, an uploaded certificate or decision), and an organiser of the person's unit approves,
 * rejects or later revokes; an approved record counts for the roles its approval names (coverage reads it through
 * libs/training's countingExternalRecords fragment).
 */
export class ExternalTraining1765200200000 implements MigrationInterface {
  name = 'ExternalTraining1765200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE external_training (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_external_training PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_external_training_person_id REFERENCES person(id),
      organiser varchar(300) NOT NULL,
      title varchar(300) NOT NULL,
      started_on date NOT NULL,
      ended_on date NOT NULL,
      hours numeric(6,1) NOT NULL CONSTRAINT ck_external_training_hours CHECK (hours > 0 AND hours <= 2000),
      topics text[] NOT NULL DEFAULT '{}',
      evidence_key varchar(512) NOT NULL,
      evidence_type varchar(40) NOT NULL,
      evidence_name varchar(200) NOT NULL,
      submitted_by uuid NOT NULL,
      submitted_at timestamptz NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_external_training_status CHECK (status IN ('pending','approved','rejected','revoked')),
      decided_by uuid,
      decided_at timestamptz,
      reason varchar(500),
      -- The first day the approval counts (Vietnam calendar), the first day it no longer does, and the day revoked.
      approved_on date,
      expires_on date,
      revoked_on date,
      CONSTRAINT ck_external_training_dates CHECK (ended_on >= started_on),
      CONSTRAINT ck_external_training_expiry CHECK (expires_on IS NULL OR expires_on > approved_on),
      CONSTRAINT ck_external_training_approved CHECK ((status IN ('approved','revoked')) = (approved_on IS NOT NULL)),
      CONSTRAINT ck_external_training_revoked CHECK ((status = 'revoked') = (revoked_on IS NOT NULL)),
      CONSTRAINT ck_external_training_reason CHECK (status NOT IN ('rejected','revoked') OR reason IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX idx_external_training_person_id ON external_training (person_id)`);
    await q.query(
      `CREATE INDEX idx_external_training_pending ON external_training (submitted_at) WHERE status = 'pending'`,
    );
    // countingExternalRecords: the records that ever counted, by person.
    await q.query(`CREATE INDEX idx_external_training_counting ON external_training (person_id, approved_on)
                     WHERE approved_on IS NOT NULL`);

    // The roles whose targets an approval counts for.
    await q.query(`CREATE TABLE external_training_role (
      record_id uuid NOT NULL CONSTRAINT fk_external_training_role_record_id REFERENCES external_training(id),
      role_id uuid NOT NULL CONSTRAINT fk_external_training_role_role_id REFERENCES role(id),
      CONSTRAINT pk_external_training_role PRIMARY KEY (record_id, role_id)
    )`);
    await q.query(`CREATE INDEX idx_external_training_role_role_id ON external_training_role (role_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS external_training_role`);
    await q.query(`DROP TABLE IF EXISTS external_training`);
  }
}
