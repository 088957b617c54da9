import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bearer tokens and web sessions issued before this instant are dead. Moved to "now" when the account is
 * disabled, its password changes or a permission is granted or removed (AccountRepository), so a token from
 * before a disable does not come back with a re-enable.
 */
export class AccountTokensValidAfter1764900050100 implements MigrationInterface {
  name = 'AccountTokensValidAfter1764900050100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account ADD COLUMN tokens_valid_after timestamptz`);
    // Until now only a password change revoked tokens.
    await q.query(`UPDATE account SET tokens_valid_after = password_changed_at`);
    await q.query(`ALTER TABLE account ALTER COLUMN tokens_valid_after SET NOT NULL`);
    await q.query(`ALTER TABLE account ALTER COLUMN tokens_valid_after SET DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account DROP COLUMN IF EXISTS tokens_valid_after`);
  }
}
