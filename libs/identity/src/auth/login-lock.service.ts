import { Injectable } from '@nestjs/common';
import { Actor, ForbiddenError, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
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
    private readonly work: UnitOfWork,
    private readonly accounts: AccountRepository,
    private readonly failures: LoginFailureRepository,
    private readonly units: OrgUnitsService,
  ) {}

  /** When each locked account of the list opens again (accounts not locked are absent). */
  async lockedUntil(accountIds: string[]): Promise<Map<string, Date>> {
    const windowStart = new Date(this.work.now().getTime() - LOCK_WINDOW_MS);
    return this.failures.lockedUntil(accountIds, windowStart, MAX_FAILED_LOGINS, LOCK_WINDOW_MS);
  }

  /** Clears the account's lock (its earlier failures stop counting; the per-IP count keeps them). Audited. */
  async unlock(actor: Actor, id: string): Promise<void> {
    const scopes = await this.adminScopes(actor);
    await this.work.run(actor, async ({ manager: m, now, audit }) => {
      if (!(await this.accounts.findManageable(scopes, id, m))) throw new NotFoundError(`account ${id} not found`);
      const cleared = await this.failures.clearForAccount(m, id, new Date(now.getTime() - LOCK_WINDOW_MS), now);
      await audit({ action: 'account.unlock', entity: 'account', entityId: id, details: { failuresCleared: cleared } });
    });
  }

  private async adminScopes(actor: Actor): Promise<ManageScopes> {
    const admin = scopesFor(actor, Policy.AccountAdminister);
    if (admin.length === 0) throw new ForbiddenError('only administrators unlock accounts');
    this.rootId ??= (await this.units.getRoot()).id;
    return { admin, organiser: [], rootId: this.rootId };
  }
}
