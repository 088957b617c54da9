import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1763892100000 implements MigrationInterface {
  name = 'AuditLog1763892100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_audit_log PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_account_id uuid,
      actor_permission varchar(20),
      scope_unit_id uuid,
      action varchar(80) NOT NULL,
      entity varchar(60),
      entity_id varchar(80),
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      request_id varchar(64),
      ip varchar(64)
    )`);
    await q.query(`CREATE INDEX idx_audit_log_at ON audit_log (at)`);
    await q.query(`CREATE INDEX idx_audit_log_entity_entity_id ON audit_log (entity, entity_id)`);
    await q.query(`CREATE INDEX idx_audit_log_actor_account_id_at ON audit_log (actor_account_id, at)`);
    // Append-only: the application may insert and read, never change or remove.
    await q.query(`CREATE FUNCTION f_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION f_audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION f_audit_log_append_only()`);
  }
}
