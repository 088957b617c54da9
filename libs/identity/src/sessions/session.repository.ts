import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface WebSessionRow {
  id: string;
  accountId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** SQL for web_session (pk_web_session, idx_web_session_account_id, idx_web_session_expires_at). */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(s: WebSessionRow & { ip: string | null; userAgent: string | null }): Promise<void> {
    await this.db.query(
      `INSERT INTO web_session (id, account_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.id, s.accountId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip, s.userAgent],
    );
  }

  async findById(id: string): Promise<WebSessionRow | null> {
    const rows = await this.db.query<WebSessionRow[]>(
      `SELECT id, account_id AS "accountId", csrf_token AS "csrfToken", created_at AS "createdAt",
              last_seen_at AS "lastSeenAt", expires_at AS "expiresAt"
         FROM web_session WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE web_session SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`, [id, at]);
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM web_session WHERE id = $1`, [id]);
  }

  async deleteForAccount(accountId: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(`DELETE FROM web_session WHERE account_id = $1`, [accountId]);
  }

  /** Housekeeping on each login: sessions past their absolute or idle limit. */
  async deleteExpired(now: Date, idleSince: Date): Promise<void> {
    await this.db.query(`DELETE FROM web_session WHERE expires_at <= $1 OR last_seen_at <= $2`, [now, idleSince]);
  }
}
