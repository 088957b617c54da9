import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Permission } from '@app/common';
import { vietnameseOrder } from '@app/db';
import { PrincipalCache } from '../auth/principal-cache';
import { AccountRow, AccountStatus, GrantRow, Principal } from './account.types';

const COLUMNS = `a.id, a.login, a.email, a.display_name AS "displayName", a.password_hash AS "passwordHash", a.status,
  a.totp_secret AS "totpSecret", a.totp_enabled AS "totpEnabled", a.totp_last_step::int AS "totpLastStep",
  a.home_unit_id AS "homeUnitId", a.password_changed_at AS "passwordChangedAt",
  a.tokens_valid_after AS "tokensValidAfter", a.created_at AS "createdAt",
  a.updated_at AS "updatedAt"`;

/** The subtrees an actor manages accounts in (see ORGANISER_GRANTABLE for the organiser rule). */
export interface ManageScopes {
  admin: string[];
  organiser: string[];
  /** The country unit: an account without a home unit counts as sitting there. */
  rootId: string;
}

/**
 * SQL condition "account a lies wholly inside one subtree of $admin, or of $organiser and holds only
 * learner/organiser grants": its home unit and every grant scope under the same scope unit.
 * Driven by org_unit_closure (pk_org_unit_closure) and idx_account_home_unit_id.
 */
const manageable = (admin: string, organiser: string, root: string): string => {
  const inside = (scopes: string): string => `EXISTS (
    SELECT 1 FROM org_unit_closure c
     WHERE c.ancestor_id = ANY(${scopes}::uuid[]) AND c.descendant_id = COALESCE(a.home_unit_id, ${root}::uuid)
       AND NOT EXISTS (SELECT 1 FROM account_grant g WHERE g.account_id = a.id AND NOT EXISTS (
             SELECT 1 FROM org_unit_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = g.scope_unit_id)))`;
  return `(${inside(admin)} OR (${inside(organiser)} AND NOT EXISTS (
    SELECT 1 FROM account_grant g WHERE g.account_id = a.id AND g.permission NOT IN ('learner', 'organiser'))))`;
};

export interface NewAccount {
  login: string;
  email: string | null;
  displayName: string;
  passwordHash: string;
  homeUnitId: string | null;
  now: Date;
}

/**
 * SQL for account and account_grant (login_failure: LoginFailureRepository). Each write that changes what a principal
 * holds (status, password, grants, tokens_valid_after) forgets the account in the bearer path's PrincipalCache.
 */
@Injectable()
export class AccountRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  /** By login or e-mail, ignoring case (uq_account_login, uq_account_email). */
  async findByLogin(login: string): Promise<AccountRow | null> {
    const rows = await this.db.query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM account a WHERE lower(a.login) = lower($1) OR lower(a.email) = lower($1) LIMIT 1`,
      [login],
    );
    return rows[0] ?? null;
  }

  async findById(id: string, m: EntityManager = this.db.manager): Promise<AccountRow | null> {
    const rows = await m.query<AccountRow[]>(`SELECT ${COLUMNS} FROM account a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async grantsOf(accountIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, GrantRow[]>> {
    const byAccount = new Map<string, GrantRow[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return byAccount;
    const rows = await m.query<Array<GrantRow & { accountId: string }>>(
      `SELECT id, account_id AS "accountId", permission, scope_unit_id AS "scopeUnitId"
         FROM account_grant WHERE account_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [accountIds],
    );
    for (const { accountId, ...grant } of rows) byAccount.get(accountId)?.push(grant);
    return byAccount;
  }

  /** The account with its grants when it exists and is active. */
  async findActivePrincipal(id: string): Promise<Principal | null> {
    const account = await this.findById(id);
    if (!account || account.status !== 'active') return null;
    return { account, grants: (await this.grantsOf([id])).get(id) ?? [] };
  }

  async findManageable(
    scopes: ManageScopes,
    id: string,
    m: EntityManager = this.db.manager,
  ): Promise<AccountRow | null> {
    const rows = await m.query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM account a WHERE a.id = $4 AND ${manageable('$1', '$2', '$3')}`,
      [scopes.admin, scopes.organiser, scopes.rootId, id],
    );
    return rows[0] ?? null;
  }

  async listManageable(
    scopes: ManageScopes,
    filter: { q?: string; status?: AccountStatus; limit: number; offset: number },
  ): Promise<{ items: AccountRow[]; total: number }> {
    const rows = await this.db.query<Array<AccountRow & { total: number }>>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total
         FROM account a
        WHERE ${manageable('$1', '$2', '$3')}
          AND ($4::text IS NULL OR f_search_key(a.display_name) LIKE '%' || f_search_key($4) || '%'
               OR lower(a.login) LIKE '%' || lower($4) || '%' OR lower(a.email) LIKE '%' || lower($4) || '%')
          AND ($5::text IS NULL OR a.status = $5)
        ORDER BY ${vietnameseOrder('a.display_name')}, a.login
        LIMIT $6 OFFSET $7`,
      [
        scopes.admin,
        scopes.organiser,
        scopes.rootId,
        filter.q ?? null,
        filter.status ?? null,
        filter.limit,
        filter.offset,
      ],
    );
    return { items: rows.map(({ total: _total, ...a }) => a), total: rows[0]?.total ?? 0 };
  }

  async insert(m: EntityManager, a: NewAccount): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO account (login, email, display_name, password_hash, home_unit_id, password_changed_at,
                            tokens_valid_after, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $6) RETURNING id`,
      [a.login, a.email, a.displayName, a.passwordHash, a.homeUnitId, a.now],
    );
    return row.id;
  }

  async loginTaken(
    m: EntityManager = this.db.manager,
    login: string,
    email: string | null,
    exceptId: string | null = null,
  ): Promise<'login' | 'email' | null> {
    const rows = await m.query<Array<{ field: 'login' | 'email' }>>(
      `SELECT CASE WHEN lower(login) = lower($1) THEN 'login' ELSE 'email' END AS field
         FROM account WHERE (lower(login) = lower($1) OR lower(email) = lower($2)) AND id IS DISTINCT FROM $3::uuid LIMIT 1`,
      [login, email, exceptId],
    );
    return rows[0]?.field ?? null;
  }

  /** Returns the new grant's id, or null when the account already holds it. A new grant ends earlier tokens. */
  async insertGrant(
    m: EntityManager,
    accountId: string,
    permission: Permission,
    scopeUnitId: string,
    now: Date,
  ): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(
      `INSERT INTO account_grant (account_id, permission, scope_unit_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_account_grant_account_id_permission_scope_unit_id DO NOTHING RETURNING id`,
      [accountId, permission, scopeUnitId, now],
    );
    if (rows[0]) await this.revokeTokens(m, accountId, now);
    return rows[0]?.id ?? null;
  }

  /** Removes a grant and ends the tokens and sessions issued before. */
  async deleteGrant(m: EntityManager, accountId: string, grantId: string, now: Date): Promise<GrantRow | null> {
    const rows = await m.query<GrantRow[]>(
      `DELETE FROM account_grant WHERE id = $1 AND account_id = $2
       RETURNING id, permission, scope_unit_id AS "scopeUnitId"`,
      [grantId, accountId],
    );
    if (rows[0]) await this.revokeTokens(m, accountId, now);
    return rows[0] ?? null;
  }

  /** Bearer tokens and web sessions of the account issued before `now` stop working (TokenService, SessionService). */
  async revokeTokens(m: EntityManager, accountId: string, now: Date): Promise<void> {
    this.principals.forget(accountId);
    await m.query(`UPDATE account SET tokens_valid_after = $2 WHERE id = $1`, [accountId, now]);
  }

  async update(
    m: EntityManager,
    id: string,
    fields: { status?: AccountStatus; displayName?: string; email?: string | null; passwordHash?: string },
    now: Date,
  ): Promise<void> {
    this.principals.forget(id);
    await m.query(
      `UPDATE account SET
         status = COALESCE($2::text, status),
         display_name = COALESCE($3::text, display_name),
         email = CASE WHEN $4::boolean THEN $5::text ELSE email END,
         password_hash = COALESCE($6::text, password_hash),
         password_changed_at = CASE WHEN $6::text IS NULL THEN password_changed_at ELSE $7::timestamptz END,
         -- A disable or a new password ends every token and session issued before (a re-enable does not revive them).
         tokens_valid_after = CASE WHEN $6::text IS NOT NULL OR $2::text = 'disabled' THEN $7::timestamptz
                                   ELSE tokens_valid_after END,
         updated_at = $7::timestamptz
       WHERE id = $1`,
      [
        id,
        fields.status ?? null,
        fields.displayName ?? null,
        fields.email !== undefined,
        fields.email ?? null,
        fields.passwordHash ?? null,
        now,
      ],
    );
  }

  async setTotp(
    m: EntityManager,
    id: string,
    t: { secret: string | null; enabled: boolean; lastStep: number | null },
    now: Date,
  ): Promise<void> {
    this.principals.forget(id);
    await m.query(
      `UPDATE account SET totp_secret = $2, totp_enabled = $3, totp_last_step = $4, updated_at = $5 WHERE id = $1`,
      [id, t.secret, t.enabled, t.lastStep, now],
    );
  }

  async setTotpLastStep(m: EntityManager, id: string, step: number): Promise<void> {
    await m.query(`UPDATE account SET totp_last_step = $2 WHERE id = $1`, [id, step]);
  }

  async anyActiveAdmin(): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM account_grant g JOIN account a ON a.id = g.account_id
        WHERE g.permission = 'admin' AND a.status = 'active' LIMIT 1`,
    );
    return rows.length > 0;
  }
}
