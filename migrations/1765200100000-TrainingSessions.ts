import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-person training (libs/training): sessions (lớp tập huấn / hội thảo / tọa đàm) with their target and counting
 * roles, the people invited (with a waiting list), attendance (one row per session and person), and the session a
 * certificate of kind 'session' was issued for.
 */
export class TrainingSessions1765200100000 implements MigrationInterface {
  name = 'TrainingSessions1765200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE training_session (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_training_session PRIMARY KEY,
      title varchar(300) NOT NULL,
      kind varchar(10) NOT NULL CONSTRAINT ck_training_session_kind CHECK (kind IN ('training','workshop','seminar')),
      topics text[] NOT NULL DEFAULT '{}',
      organiser_unit_id uuid NOT NULL CONSTRAINT fk_training_session_organiser_unit_id REFERENCES org_unit(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      place varchar(300),
      online_url varchar(500),
      capacity int CONSTRAINT ck_training_session_capacity CHECK (capacity IS NULL OR capacity > 0),
      trainers varchar(500),
      -- The share of the session (percent) a person must attend for it to count: 100 = all of it.
      required_share int NOT NULL DEFAULT 100 CONSTRAINT ck_training_session_required_share
        CHECK (required_share BETWEEN 1 AND 100),
      -- Months a session certificate stays valid; null = no expiry.
      validity_months int CONSTRAINT ck_training_session_validity_months CHECK (validity_months BETWEEN 1 AND 120),
      course_id uuid CONSTRAINT fk_training_session_course_id REFERENCES course(id),
      status varchar(10) NOT NULL DEFAULT 'open' CONSTRAINT ck_training_session_status
        CHECK (status IN ('open','cancelled')),
      -- Set when the organiser declares attendance final: certificates are issued from then on.
      attendance_closed_at timestamptz,
      -- The signed attendance sheet in storage.
      sheet_key varchar(512),
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT ck_training_session_times CHECK (ends_at > starts_at),
      CONSTRAINT ck_training_session_where CHECK (place IS NOT NULL OR online_url IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX idx_training_session_organiser_unit_id_starts_at
                     ON training_session (organiser_unit_id, starts_at)`);
    await q.query(`CREATE INDEX idx_training_session_starts_at ON training_session (starts_at)`);

    // The roles the session is meant for, and the roles whose targets attending it counts for (none: it doesn't).
    await q.query(`CREATE TABLE training_session_target_role (
      session_id uuid NOT NULL CONSTRAINT fk_training_session_target_role_session_id
        REFERENCES training_session(id) ON DELETE CASCADE,
      role_id uuid NOT NULL CONSTRAINT fk_training_session_target_role_role_id REFERENCES role(id),
      CONSTRAINT pk_training_session_target_role PRIMARY KEY (session_id, role_id)
    )`);
    await q.query(`CREATE TABLE training_session_counting_role (
      session_id uuid NOT NULL CONSTRAINT fk_training_session_counting_role_session_id
        REFERENCES training_session(id) ON DELETE CASCADE,
      role_id uuid NOT NULL CONSTRAINT fk_training_session_counting_role_role_id REFERENCES role(id),
      CONSTRAINT pk_training_session_counting_role PRIMARY KEY (session_id, role_id)
    )`);

    // Who is invited: 'invited' → 'confirmed' / 'declined'; 'waiting' when the session was full (promoted in order).
    await q.query(`CREATE TABLE training_session_invitee (
      session_id uuid NOT NULL CONSTRAINT fk_training_session_invitee_session_id REFERENCES training_session(id) ON DELETE CASCADE,
      person_id uuid NOT NULL CONSTRAINT fk_training_session_invitee_person_id REFERENCES person(id),
      status varchar(10) NOT NULL CONSTRAINT ck_training_session_invitee_status
        CHECK (status IN ('invited','confirmed','declined','waiting')),
      invited_at timestamptz NOT NULL,
      -- Order on the waiting list (the invitation's sequence).
      seq bigint GENERATED ALWAYS AS IDENTITY,
      responded_at timestamptz,
      reminded_at timestamptz,
      CONSTRAINT pk_training_session_invitee PRIMARY KEY (session_id, person_id)
    )`);
    await q.query(`CREATE INDEX idx_training_session_invitee_person_id ON training_session_invitee (person_id)`);

    // Attendance: one row per session and person (ticking twice updates it).
    await q.query(`CREATE TABLE training_attendance (
      session_id uuid NOT NULL CONSTRAINT fk_training_attendance_session_id REFERENCES training_session(id) ON DELETE CASCADE,
      person_id uuid NOT NULL CONSTRAINT fk_training_attendance_person_id REFERENCES person(id),
      status varchar(10) NOT NULL CONSTRAINT ck_training_attendance_status CHECK (status IN ('present','absent','excused')),
      -- The share of the session attended (percent; multi-day sessions).
      share int NOT NULL CONSTRAINT ck_training_attendance_share CHECK (share BETWEEN 0 AND 100),
      walk_in boolean NOT NULL DEFAULT false,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid,
      CONSTRAINT pk_training_attendance PRIMARY KEY (session_id, person_id)
    )`);
    await q.query(`CREATE INDEX idx_training_attendance_person_id ON training_attendance (person_id)`);

    await q.query(`ALTER TABLE certificate ADD COLUMN session_id uuid
                     CONSTRAINT fk_certificate_session_id REFERENCES training_session(id)`);
    await q.query(`CREATE INDEX idx_certificate_session_id ON certificate (session_id) WHERE session_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_certificate_session_id`);
    await q.query(`ALTER TABLE certificate DROP COLUMN IF EXISTS session_id`);
    for (const table of [
      'training_attendance',
      'training_session_invitee',
      'training_session_counting_role',
      'training_session_target_role',
      'training_session',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
