import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster: unit history, the role catalogue, people with membership, role and status periods,
 * and declared headcounts. Periods are [valid_from, valid_to) calendar dates; valid_to NULL = still open.
 */
export class Roster1763892500000 implements MigrationInterface {
  name = 'Roster1763892500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit
      ADD COLUMN status varchar(10) NOT NULL DEFAULT 'active' CONSTRAINT ck_org_unit_status CHECK (status IN ('active','closed')),
      ADD COLUMN opened_on date NOT NULL DEFAULT DATE '2000-01-01',
      ADD COLUMN closed_on date,
      ADD COLUMN successor_id uuid CONSTRAINT fk_org_unit_successor_id REFERENCES org_unit(id),
      ADD COLUMN admin_code varchar(20)`);
    // One row per state of a unit over time: the tree "as of" a date is read from here.
    await q.query(`CREATE TABLE org_unit_version (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_org_unit_version PRIMARY KEY,
      unit_id uuid NOT NULL CONSTRAINT fk_org_unit_version_unit_id REFERENCES org_unit(id) ON DELETE CASCADE,
      valid_from date NOT NULL,
      valid_to date,
      code varchar(40) NOT NULL,
      name varchar(200) NOT NULL,
      type varchar(30) NOT NULL,
      parent_id uuid CONSTRAINT fk_org_unit_version_parent_id REFERENCES org_unit(id),
      change varchar(20) NOT NULL CONSTRAINT ck_org_unit_version_change CHECK (change IN ('create','rename','move','merge','split','close','retype')),
      changed_by uuid,
      changed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_org_unit_version_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`);
    await q.query(`CREATE INDEX idx_org_unit_version_unit_id_valid_from ON org_unit_version (unit_id, valid_from)`);
    await q.query(`CREATE INDEX idx_org_unit_version_parent_id ON org_unit_version (parent_id)`);
    await q.query(`INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
      SELECT id, opened_on, code, name, type, parent_id, 'create' FROM org_unit`);

    await q.query(`CREATE TABLE role (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_role PRIMARY KEY,
      code varchar(40) NOT NULL CONSTRAINT uq_role_code UNIQUE,
      name_vi varchar(200) NOT NULL,
      name_en varchar(200) NOT NULL,
      sort_order int NOT NULL DEFAULT 100,
      retired_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_role_code CHECK (code ~ '^[A-Z0-9_]{2,40}$')
    )`);
    // The catalogue from the plans (Decision 1079/QĐ-TTg and the local plans in shared/seeds).
    await q.query(`INSERT INTO role (code, name_vi, name_en, sort_order) VALUES
      ('HR_OFFICIAL', 'Cán bộ làm công tác quyền con người', 'Officials who work on human rights', 10),
      ('ICT_MANAGER', 'Cán bộ làm công tác quản lý thông tin, truyền thông', 'Information & communications management officials', 20),
      ('PRESS_FOREIGN_INFO', 'Nhân sự tham gia công tác thông tin đối ngoại của cơ quan báo chí', 'Press foreign-information staff', 30),
      ('SOCIO_POLITICAL_KEY', 'Cán bộ chủ chốt của các tổ chức chính trị - xã hội', 'Key officials of socio-political organisations', 40),
      ('REPORTER_EDITOR', 'Phóng viên, biên tập viên', 'Reporters and editors', 50),
      ('LEGAL_RAPPORTEUR', 'Báo cáo viên pháp luật', 'Legal rapporteurs', 60),
      ('PROPAGANDIST', 'Tuyên truyền viên', 'Propagandists', 70),
      ('PUBLIC_LEARNER', 'Người học tự do', 'Public learners', 90)`);

    await q.query(`CREATE TABLE person (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_person PRIMARY KEY,
      province_unit_id uuid CONSTRAINT fk_person_province_unit_id REFERENCES org_unit(id),
      employee_code varchar(40),
      full_name varchar(200) NOT NULL,
      name_key text GENERATED ALWAYS AS (f_search_key(full_name)) STORED,
      gender varchar(10) CONSTRAINT ck_person_gender CHECK (gender IN ('male','female','other')),
      birth_date date,
      email varchar(254),
      phone varchar(20),
      position_title varchar(200),
      unit_id uuid CONSTRAINT fk_person_unit_id REFERENCES org_unit(id),
      status varchar(10) NOT NULL DEFAULT 'active' CONSTRAINT ck_person_status CHECK (status IN ('active','on_leave','left')),
      status_from date NOT NULL DEFAULT CURRENT_DATE,
      account_id uuid CONSTRAINT uq_person_account_id UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_person_province_unit_id_employee_code UNIQUE (province_unit_id, employee_code)
    )`);
    await q.query(`CREATE INDEX idx_person_unit_id ON person (unit_id)`);
    await q.query(`CREATE INDEX idx_person_name_key ON person USING gin (name_key gin_trgm_ops)`);
    await q.query(`CREATE INDEX idx_person_email ON person (lower(email))`);

    await q.query(`CREATE TABLE person_membership (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_person_membership PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_person_membership_person_id REFERENCES person(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL CONSTRAINT fk_person_membership_unit_id REFERENCES org_unit(id),
      valid_from date NOT NULL,
      valid_to date,
      CONSTRAINT ck_person_membership_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`);
    await q.query(`CREATE INDEX idx_person_membership_person_id ON person_membership (person_id, valid_from)`);
    await q.query(`CREATE INDEX idx_person_membership_unit_id ON person_membership (unit_id, valid_from)`);

    await q.query(`CREATE TABLE person_role (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_person_role PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_person_role_person_id REFERENCES person(id) ON DELETE CASCADE,
      role_id uuid NOT NULL CONSTRAINT fk_person_role_role_id REFERENCES role(id),
      valid_from date NOT NULL,
      valid_to date,
      CONSTRAINT ck_person_role_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`);
    await q.query(`CREATE INDEX idx_person_role_person_id ON person_role (person_id)`);
    await q.query(`CREATE INDEX idx_person_role_role_id ON person_role (role_id)`);

    await q.query(`CREATE TABLE person_status_period (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_person_status_period PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_person_status_period_person_id REFERENCES person(id) ON DELETE CASCADE,
      status varchar(10) NOT NULL CONSTRAINT ck_person_status_period_status CHECK (status IN ('active','on_leave','left')),
      valid_from date NOT NULL,
      valid_to date,
      CONSTRAINT ck_person_status_period_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`);
    await q.query(`CREATE INDEX idx_person_status_period_person_id ON person_status_period (person_id, valid_from)`);

    // Declared headcounts: the current figure per (unit, role, year) and every change kept.
    await q.query(`CREATE TABLE unit_headcount (
      unit_id uuid NOT NULL CONSTRAINT fk_unit_headcount_unit_id REFERENCES org_unit(id),
      role_id uuid NOT NULL CONSTRAINT fk_unit_headcount_role_id REFERENCES role(id),
      year int NOT NULL CONSTRAINT ck_unit_headcount_year CHECK (year BETWEEN 2000 AND 2100),
      headcount int NOT NULL CONSTRAINT ck_unit_headcount_headcount CHECK (headcount >= 0),
      declared_by uuid,
      declared_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_unit_headcount PRIMARY KEY (unit_id, role_id, year)
    )`);
    await q.query(`CREATE TABLE unit_headcount_change (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_unit_headcount_change PRIMARY KEY,
      unit_id uuid NOT NULL,
      role_id uuid NOT NULL,
      year int NOT NULL,
      previous int,
      headcount int NOT NULL,
      declared_by uuid,
      declared_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_unit_headcount_change_unit_id ON unit_headcount_change (unit_id, role_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'unit_headcount_change',
      'unit_headcount',
      'person_status_period',
      'person_role',
      'person_membership',
      'person',
      'role',
      'org_unit_version',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`ALTER TABLE org_unit DROP COLUMN admin_code, DROP COLUMN successor_id, DROP COLUMN closed_on,
      DROP COLUMN opened_on, DROP COLUMN status`);
  }
}
