import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login lock, hardened: failures are counted per IP address too (across accounts), a failure says whether the
 * password was right (a wrong second factor: only someone who knows the password makes those), and an
 * administrator can clear an account's lock (account.login_failures_cleared_at; the rows stay, so the per-IP
 * count is not lowered by an unlock).
 */
export class LoginLockout1764900050200 implements MigrationInterface {
  name = 'LoginLockout1764900050200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE login_failure ADD COLUMN reason varchar(16) NOT NULL DEFAULT 'password'
         CONSTRAINT ck_login_failure_reason CHECK (reason IN ('password', 'unknown_login', 'totp'))`,
    );
    // Serves LoginFailureRepository.recentFromIp: the failures of one address in the last 15 minutes.
    await q.query(`CREATE INDEX idx_login_failure_ip_at ON login_failure (ip, at)`);
    await q.query(`ALTER TABLE account ADD COLUMN login_failures_cleared_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account DROP COLUMN IF EXISTS login_failures_cleared_at`);
    await q.query(`DROP INDEX IF EXISTS idx_login_failure_ip_at`);
    await q.query(`ALTER TABLE login_failure DROP COLUMN IF EXISTS reason`);
  }
}
