import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { hashPassword } from '../passwords';

/** An account of generated data (the demo), with a stable id and one grant. */
export interface SeedAccountSpec {
  id: string;
  login: string;
  displayName: string;
  homeUnitId: string;
  permission: 'organiser' | 'agency' | 'learner';
  scopeUnitId: string;
  /** Added to the audit entry (e.g. the person the account belongs to). */
  details?: Record<string, unknown>;
}

/**
 * Identity's way in for generated data (libs/demo, the seed CLI): writes the accounts and their grant with the
 * password hashed by identity's own hashPassword, inside the caller's transaction, audited. An account whose id or
 * login is taken is left as it was (false at its index). Plain function: the seed CLI runs without Nest.
 */
export async function seedAccounts(
  m: EntityManager,
  specs: readonly SeedAccountSpec[],
  password: string,
): Promise<boolean[]> {
  const audit = new AuditService(m.connection);
  const created: boolean[] = [];
  for (const s of specs) {
    const inserted = await m.query<Array<{ id: string }>>(
      `INSERT INTO account (id, login, display_name, password_hash, home_unit_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [s.id, s.login, s.displayName, await hashPassword(password), s.homeUnitId],
    );
    created.push(inserted.length > 0);
    if (inserted.length === 0) continue;
    const [grant] = await m.query<Array<{ id: string }>>(
      `INSERT INTO account_grant (account_id, permission, scope_unit_id) VALUES ($1, $2, $3) RETURNING id`,
      [s.id, s.permission, s.scopeUnitId],
    );
    const accountDetails = { via: 'seed', homeUnitId: s.homeUnitId, ...s.details };
    await audit.record({ action: 'account.create', entity: 'account', entityId: s.id, details: accountDetails }, {}, m);
    const granted = { via: 'seed', grantId: grant.id, permission: s.permission, scopeUnitId: s.scopeUnitId };
    await audit.record({ action: 'grant.add', entity: 'account', entityId: s.id, details: granted }, {}, m);
  }
  return created;
}
