import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, Clock, ForbiddenError, NotFoundError } from '@app/common';
import { OrgUnitsService, Policy, scopesFor } from '@app/org';
import { AccountRepository, ManageScopes } from '../accounts/account.repository';
import { LoginFailureRepository } from './login-failure.repository';
import { LOCK_WINDOW_MS, MAX_FAILED_LOGINS } from './login-lock';

/**
 * The login lock as administrators see it: which accounts are locked, and unlocking one. Only administrators,
 * and only for accounts they manage (home unit and grants inside one of their admin subtrees, the rule of
 * AccountsService); any other account answers 404, as if it did not exist.
 */
@Injectable()
export class LoginLockService {
  private rootId: string | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountRepository,
    private readonly failures: LoginFailureRepository,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** When each locked account of the list opens again (accounts not locked are absent). */
  async lockedUntil(accountIds: string[]): Promise<Map<string, Date>> {
    const windowStart = new Date(this.clock.now().getTime() - LOCK_WINDOW_MS);
    return this.failures.lockedUntil(accountIds, windowStart, MAX_FAILED_LOGINS, LOCK_WINDOW_MS);
  }

  /** Clears the account's lock (its earlier failures stop counting; the per-IP count keeps them). Audited. */
  async unlock(actor: Actor, id: string): Promise<void> {
    const scopes = await this.adminScopes(actor);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      if (!(await this.accounts.findManageable(scopes, id, m))) throw new NotFoundError(`account ${id} not found`);
      const cleared = await this.failures.clearForAccount(m, id, new Date(now.getTime() - LOCK_WINDOW_MS), now);
      await this.audit.record(
        { action: 'account.unlock', entity: 'account', entityId: id, details: { failuresCleared: cleared } },
        { actor },
        m,
      );
    });
  }

  private async adminScopes(actor: Actor): Promise<ManageScopes> {
    const admin = scopesFor(actor, Policy.AccountAdminister);
    if (admin.length === 0) throw new ForbiddenError('only administrators unlock accounts');
    this.rootId ??= (await this.units.getRoot()).id;
    return { admin, organiser: [], rootId: this.rootId };
  }
}
