import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LoginFailureReason } from './login-lock';

/** Who a failed login was aimed at: an account, or (unknown login) the login typed, so both lock alike. */
export interface FailureSubject {
  accountId: string | null;
  loginKey: string;
}

/**
 * SQL for login_failure: one row per failed login; the locks look at the last 15 minutes
 * (idx_login_failure_account_id_at, idx_login_failure_login_key_at, idx_login_failure_ip_at).
 * An administrator's unlock moves account.login_failures_cleared_at: older rows stop counting for the account
 * but still count for their IP address.
 */
@Injectable()
export class LoginFailureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The subject's failures since `windowStart` (and since its last unlock), newest first, at most `limit`;
   * only those of one reason when given. Rows of the subject older than the window are pruned on the way.
   */
  async recentForSubject(
    m: EntityManager,
    subject: FailureSubject,
    windowStart: Date,
    limit: number,
    reason?: LoginFailureReason,
  ): Promise<Date[]> {
    const where = subject.accountId ? `account_id = $1` : `account_id IS NULL AND login_key = $1`;
    const key = subject.accountId ?? subject.loginKey;
    await m.query(`DELETE FROM login_failure WHERE ${where} AND at < $2`, [key, windowStart]);
    const rows = await m.query<Array<{ at: Date }>>(
      `SELECT at FROM login_failure
        WHERE ${where} AND ($4::text IS NULL OR reason = $4)
          AND at >= GREATEST($2::timestamptz,
                (SELECT a.login_failures_cleared_at FROM account a WHERE a.id = $5::uuid))
        ORDER BY at DESC LIMIT $3`,
      [key, windowStart, limit, reason ?? null, subject.accountId],
    );
    return rows.map((r) => r.at);
  }

  /** Failures from one IP address since `windowStart`, across accounts, newest first, at most `limit`. */
  async recentFromIp(m: EntityManager, ip: string, windowStart: Date, limit: number): Promise<Date[]> {
    await m.query(`DELETE FROM login_failure WHERE ip = $1 AND at < $2`, [ip, windowStart]);
    const rows = await m.query<Array<{ at: Date }>>(
      `SELECT at FROM login_failure WHERE ip = $1 AND at >= $2 ORDER BY at DESC LIMIT $3`,
      [ip, windowStart, limit],
    );
    return rows.map((r) => r.at);
  }

  async insert(
    m: EntityManager,
    subject: FailureSubject,
    at: Date,
    ip: string | null,
    reason: LoginFailureReason,
  ): Promise<void> {
    await m.query(`INSERT INTO login_failure (account_id, login_key, at, ip, reason) VALUES ($1, $2, $3, $4, $5)`, [
      subject.accountId,
      subject.loginKey,
      at,
      ip,
      reason,
    ]);
  }

  /**
   * For a list of accounts: when each locked one opens again (the max-th newest failure since the window start
   * or the last unlock, plus the window). Accounts that are not locked are absent.
   */
  async lockedUntil(
    accountIds: string[],
    windowStart: Date,
    max: number,
    windowMs: number,
  ): Promise<Map<string, Date>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ id: string; at: Date }>>(
      `SELECT a.id, f.at FROM account a
        CROSS JOIN LATERAL (
          SELECT at FROM login_failure f
           WHERE f.account_id = a.id AND f.at >= GREATEST($2::timestamptz, a.login_failures_cleared_at)
           ORDER BY at DESC OFFSET $3 LIMIT 1) f
        WHERE a.id = ANY($1::uuid[])`,
      [accountIds, windowStart, max - 1],
    );
    return new Map(rows.map((r) => [r.id, new Date(r.at.getTime() + windowMs)]));
  }

  /** An administrator's unlock: the account's earlier failures stop counting for it. Returns how many did. */
  async clearForAccount(m: EntityManager, accountId: string, windowStart: Date, now: Date): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM login_failure f JOIN account a ON a.id = f.account_id
        WHERE f.account_id = $1 AND f.at >= GREATEST($2::timestamptz, a.login_failures_cleared_at)`,
      [accountId, windowStart],
    );
    await m.query(`UPDATE account SET login_failures_cleared_at = $2 WHERE id = $1`, [accountId, now]);
    return row?.n ?? 0;
  }
}
