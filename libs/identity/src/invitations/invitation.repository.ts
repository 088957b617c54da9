import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The person fields an invitation needs (read from the roster's person table; org owns it). */
export interface InviteePerson {
  id: string;
  fullName: string;
  email: string | null;
  unitId: string | null;
  status: 'active' | 'on_leave' | 'left';
  accountId: string | null;
}

export interface InvitationRow {
  id: string;
  personId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

const PERSON = `p.id, p.full_name AS "fullName", p.email, p.unit_id AS "unitId", p.status, p.account_id AS "accountId"`;
const INVITATION = `i.id, i.person_id AS "personId", i.created_at AS "createdAt", i.expires_at AS "expiresAt",
  i.used_at AS "usedAt", i.revoked_at AS "revokedAt"`;
/** The person's current unit lies in one of the $1 subtrees (pk_org_unit_closure). */
const IN_SCOPE = `EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = ANY($1::uuid[]) AND c.descendant_id = p.unit_id)`;

/** SQL for account_invitation (uq_account_invitation_token_hash, uq_account_invitation_person_id_open). */
@Injectable()
export class InvitationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The person if inside one of the scopes; `lock` takes the row lock that serialises invitations and activation. */
  async findPersonInScope(
    scopes: string[],
    personId: string,
    m: EntityManager = this.db.manager,
    lock = false,
  ): Promise<InviteePerson | null> {
    const rows = await m.query<InviteePerson[]>(
      `SELECT ${PERSON} FROM person p WHERE p.id = $2 AND ${IN_SCOPE}${lock ? ' FOR UPDATE OF p' : ''}`,
      [scopes, personId],
    );
    return rows[0] ?? null;
  }

  async lockPerson(m: EntityManager, personId: string): Promise<InviteePerson | null> {
    const rows = await m.query<InviteePerson[]>(`SELECT ${PERSON} FROM person p WHERE p.id = $1 FOR UPDATE`, [
      personId,
    ]);
    return rows[0] ?? null;
  }

  /** Revokes the person's open invitation(s); returns their ids. */
  async revokeOpen(m: EntityManager, personId: string, now: Date): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `UPDATE account_invitation SET revoked_at = $2 WHERE person_id = $1 AND used_at IS NULL AND revoked_at IS NULL
       RETURNING id`,
      [personId, now],
    );
    return rows.map((r) => r.id);
  }

  async insert(
    m: EntityManager,
    i: { personId: string; tokenHash: string; createdBy: string; createdAt: Date; expiresAt: Date },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO account_invitation (person_id, token_hash, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [i.personId, i.tokenHash, i.createdBy, i.createdAt, i.expiresAt],
    );
    return row.id;
  }

  /** An invitation whose person lies inside one of the scopes, locked for update. */
  async lockInScope(m: EntityManager, scopes: string[], id: string): Promise<InvitationRow | null> {
    const rows = await m.query<InvitationRow[]>(
      `SELECT ${INVITATION} FROM account_invitation i JOIN person p ON p.id = i.person_id
        WHERE i.id = $2 AND ${IN_SCOPE} FOR UPDATE OF i`,
      [scopes, id],
    );
    return rows[0] ?? null;
  }

  async revoke(m: EntityManager, id: string, now: Date): Promise<void> {
    await m.query(`UPDATE account_invitation SET revoked_at = $2 WHERE id = $1`, [id, now]);
  }

  async findByTokenHash(
    tokenHash: string,
    m: EntityManager = this.db.manager,
    lock = false,
  ): Promise<InvitationRow | null> {
    const rows = await m.query<InvitationRow[]>(
      `SELECT ${INVITATION} FROM account_invitation i WHERE i.token_hash = $1${lock ? ' FOR UPDATE' : ''}`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async findPerson(personId: string): Promise<InviteePerson | null> {
    const rows = await this.db.query<InviteePerson[]>(`SELECT ${PERSON} FROM person p WHERE p.id = $1`, [personId]);
    return rows[0] ?? null;
  }

  /** The person's open (not used, not revoked) invitation, expired or not. */
  async findOpenFor(personId: string): Promise<InvitationRow | null> {
    const rows = await this.db.query<InvitationRow[]>(
      `SELECT ${INVITATION} FROM account_invitation i WHERE i.person_id = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL`,
      [personId],
    );
    return rows[0] ?? null;
  }

  async markUsed(m: EntityManager, id: string, now: Date): Promise<void> {
    await m.query(`UPDATE account_invitation SET used_at = $2 WHERE id = $1`, [id, now]);
  }
}
