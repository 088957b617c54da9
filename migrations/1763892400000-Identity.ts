import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1763892400000 implements MigrationInterface {
  name = 'Identity1763892400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE account (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_account PRIMARY KEY,
      login varchar(100) NOT NULL,
      email varchar(254),
      display_name varchar(200) NOT NULL,
      password_hash varchar(200) NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT ck_account_status CHECK (status IN ('active','disabled')),
      totp_secret varchar(64),
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      home_unit_id uuid CONSTRAINT fk_account_home_unit_id REFERENCES org_unit(id),
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_account_totp CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
    )`);
    // Logins and e-mails are unique ignoring case; either one signs in.
    await q.query(`CREATE UNIQUE INDEX uq_account_login ON account (lower(login))`);
    await q.query(`CREATE UNIQUE INDEX uq_account_email ON account (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX idx_account_home_unit_id ON account (home_unit_id)`);
    await q.query(
      `CREATE INDEX idx_account_display_name_search ON account USING gin (f_search_key(display_name) gin_trgm_ops)`,
    );

    await q.query(`CREATE TABLE account_grant (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_account_grant PRIMARY KEY,
      account_id uuid NOT NULL CONSTRAINT fk_account_grant_account_id REFERENCES account(id) ON DELETE CASCADE,
      permission varchar(20) NOT NULL CONSTRAINT ck_account_grant_permission CHECK (permission IN ('admin','organiser','agency','learner')),
      scope_unit_id uuid NOT NULL CONSTRAINT fk_account_grant_scope_unit_id REFERENCES org_unit(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_account_grant_account_id_permission_scope_unit_id UNIQUE (account_id, permission, scope_unit_id)
    )`);
    await q.query(`CREATE INDEX idx_account_grant_scope_unit_id ON account_grant (scope_unit_id)`);
    await q.query(`CREATE INDEX idx_account_grant_permission ON account_grant (permission)`);

    // One row per failed login; the lock counts the rows of the last 15 minutes (a sliding window).
    // account_id is null for an unknown login: those are counted by login_key so they lock alike (no enumeration).
    await q.query(`CREATE TABLE login_failure (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_login_failure PRIMARY KEY,
      account_id uuid CONSTRAINT fk_login_failure_account_id REFERENCES account(id) ON DELETE CASCADE,
      login_key varchar(254) NOT NULL,
      at timestamptz NOT NULL,
      ip varchar(64)
    )`);
    await q.query(`CREATE INDEX idx_login_failure_account_id_at ON login_failure (account_id, at)`);
    await q.query(`CREATE INDEX idx_login_failure_login_key_at ON login_failure (login_key, at)`);

    // id is the SHA-256 of the cookie value: a leaked table does not yield usable cookies.
    await q.query(`CREATE TABLE web_session (
      id varchar(64) NOT NULL CONSTRAINT pk_web_session PRIMARY KEY,
      account_id uuid NOT NULL CONSTRAINT fk_web_session_account_id REFERENCES account(id) ON DELETE CASCADE,
      csrf_token varchar(64) NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip varchar(64),
      user_agent varchar(200)
    )`);
    await q.query(`CREATE INDEX idx_web_session_account_id ON web_session (account_id)`);
    await q.query(`CREATE INDEX idx_web_session_expires_at ON web_session (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_session`);
    await q.query(`DROP TABLE login_failure`);
    await q.query(`DROP TABLE account_grant`);
    await q.query(`DROP TABLE account`);
  }
}
