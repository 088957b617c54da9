import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (owned by libs/certificates): issuing authorities and their settings, which courses issue
 * certificates (and through which authority, for how long), serial counters per authority and year, the
 * certificates themselves with a frozen snapshot of what they certify, the expiry reminders sent, and the per-IP
 * windows that rate-limit public verification. The roster change log learns two kinds, so that coverage can fold
 * certificate changes with roster changes.
 */
export class Certificates1765100000000 implements MigrationInterface {
  name = 'Certificates1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A unit that issues certificates, with what its certificates print.
    await q.query(`CREATE TABLE certificate_authority (
      unit_id uuid NOT NULL CONSTRAINT pk_certificate_authority PRIMARY KEY
        CONSTRAINT fk_certificate_authority_unit_id REFERENCES org_unit(id),
      serial_prefix varchar(8) NOT NULL CONSTRAINT ck_certificate_authority_serial_prefix CHECK (serial_prefix ~ '^[A-Z0-9]{1,8}$'),
      parent_name varchar(200),
      name varchar(200) NOT NULL,
      place_name varchar(100) NOT NULL,
      signatory_title varchar(100) NOT NULL,
      signatory_name varchar(100) NOT NULL,
      seal_key varchar(512),
      updated_by uuid,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_certificate_authority_serial_prefix ON certificate_authority (serial_prefix)`,
    );

    // Which courses issue certificates: the authority they name and the validity period (null: no expiry).
    await q.query(`CREATE TABLE course_certificate (
      course_id uuid NOT NULL CONSTRAINT pk_course_certificate PRIMARY KEY
        CONSTRAINT fk_course_certificate_course_id REFERENCES course(id),
      authority_unit_id uuid NOT NULL
        CONSTRAINT fk_course_certificate_authority_unit_id REFERENCES certificate_authority(unit_id),
      validity_months int CONSTRAINT ck_course_certificate_validity_months CHECK (validity_months BETWEEN 1 AND 120),
      enabled boolean NOT NULL DEFAULT true,
      updated_by uuid,
      updated_at timestamptz NOT NULL
    )`);

    // The last serial number taken per authority and year (the row lock serialises serial numbers: no gaps).
    await q.query(`CREATE TABLE certificate_serial (
      authority_unit_id uuid NOT NULL CONSTRAINT fk_certificate_serial_authority_unit_id REFERENCES certificate_authority(unit_id),
      year int NOT NULL,
      last_no int NOT NULL,
      CONSTRAINT pk_certificate_serial PRIMARY KEY (authority_unit_id, year)
    )`);

    await q.query(`CREATE TABLE certificate (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_certificate PRIMARY KEY,
      -- What it was issued for, once: 'enrolment:<id>' (a completed course), 'reissue:<certificate id>'.
      source_key varchar(120) NOT NULL CONSTRAINT uq_certificate_source_key UNIQUE,
      kind varchar(10) NOT NULL CONSTRAINT ck_certificate_kind CHECK (kind IN ('course','session')),
      serial varchar(40) NOT NULL CONSTRAINT uq_certificate_serial UNIQUE,
      -- The verification code without dashes (Crockford base32, 27 random characters and a check character).
      code char(28) NOT NULL CONSTRAINT uq_certificate_code UNIQUE,
      person_id uuid NOT NULL CONSTRAINT fk_certificate_person_id REFERENCES person(id),
      course_id uuid CONSTRAINT fk_certificate_course_id REFERENCES course(id),
      version_id uuid CONSTRAINT fk_certificate_version_id REFERENCES course_version(id),
      enrolment_id uuid CONSTRAINT fk_certificate_enrolment_id REFERENCES enrolment(id) ON DELETE SET NULL,
      authority_unit_id uuid NOT NULL CONSTRAINT fk_certificate_authority_unit_id REFERENCES certificate_authority(unit_id),
      -- The day the certified training was completed, the day of issue, and the first day it no longer counts.
      completed_on date NOT NULL,
      issued_on date NOT NULL,
      expires_on date,
      issued_at timestamptz NOT NULL,
      snapshot jsonb NOT NULL,
      revoked_at timestamptz,
      revoked_on date,
      revoked_by uuid,
      revoke_reason varchar(500),
      replaces_id uuid CONSTRAINT fk_certificate_replaces_id REFERENCES certificate(id),
      replaced_by_id uuid CONSTRAINT fk_certificate_replaced_by_id REFERENCES certificate(id),
      pdf_key varchar(512),
      pdf_template int,
      CONSTRAINT ck_certificate_expiry CHECK (expires_on IS NULL OR expires_on > issued_on),
      CONSTRAINT ck_certificate_revoked CHECK ((revoked_at IS NULL) = (revoked_on IS NULL))
    )`);
    await q.query(`CREATE INDEX idx_certificate_person_id ON certificate (person_id)`);
    await q.query(`CREATE INDEX idx_certificate_course_id_issued_on ON certificate (course_id, issued_on)`);
    await q.query(`CREATE INDEX idx_certificate_expires_on_open ON certificate (expires_on) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX idx_certificate_pdf_missing ON certificate (issued_at) WHERE pdf_key IS NULL`);

    // Expiry reminders sent: each (certificate, kind) once.
    await q.query(`CREATE TABLE certificate_reminder (
      certificate_id uuid NOT NULL CONSTRAINT fk_certificate_reminder_certificate_id REFERENCES certificate(id),
      kind varchar(20) NOT NULL,
      sent_at timestamptz NOT NULL,
      CONSTRAINT pk_certificate_reminder PRIMARY KEY (certificate_id, kind)
    )`);

    // Public verification lookups per client address and window (rate limiting; old windows are deleted).
    await q.query(`CREATE TABLE verification_window (
      client varchar(64) NOT NULL,
      window_start timestamptz NOT NULL,
      lookups int NOT NULL DEFAULT 0,
      misses int NOT NULL DEFAULT 0,
      CONSTRAINT pk_verification_window PRIMARY KEY (client, window_start)
    )`);

    await q.query(`ALTER TABLE roster_change DROP CONSTRAINT ck_roster_change_kind`);
    await q.query(`ALTER TABLE roster_change ADD CONSTRAINT ck_roster_change_kind CHECK (kind IN ('person_joined',
      'person_moved', 'person_left', 'person_status', 'person_role', 'headcount_declared', 'unit_renamed',
      'unit_moved', 'unit_merged', 'unit_split', 'unit_closed', 'certificate_issued', 'certificate_revoked'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM roster_change WHERE kind IN ('certificate_issued', 'certificate_revoked')`);
    await q.query(`ALTER TABLE roster_change DROP CONSTRAINT ck_roster_change_kind`);
    await q.query(`ALTER TABLE roster_change ADD CONSTRAINT ck_roster_change_kind CHECK (kind IN ('person_joined',
      'person_moved', 'person_left', 'person_status', 'person_role', 'headcount_declared', 'unit_renamed',
      'unit_moved', 'unit_merged', 'unit_split', 'unit_closed'))`);
    for (const t of [
      'verification_window',
      'certificate_reminder',
      'certificate',
      'certificate_serial',
      'course_certificate',
      'certificate_authority',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
