import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ConflictError, escapeLike, ForbiddenError, NotFoundError, Permission } from '@app/common';
import { Tx, UnitOfWork, UnitOptions } from '@app/jobs';
import { admits, OrgUnitsService, Policy } from '@app/org';
import { assertPasswordPolicy, hashPassword } from '../passwords';
import { SessionService } from '../sessions/session.service';
import { AccountRepository, ManageScopes } from './account.repository';
import { AccountRow, ORGANISER_GRANTABLE } from './account.types';
import {
  AccountListResponse,
  AccountResponse,
  CreateAccountDto,
  GrantDto,
  ListAccountsQueryDto,
  toAccountResponse,
  UpdateAccountDto,
} from './dto/account.dto';

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505';

/**
 * Account management. Admins manage accounts lying wholly inside one of their admin subtrees; organisers
 * those inside one of their organiser subtrees that hold only learner/organiser grants (ORGANISER_GRANTABLE).
 * Every lookup is scoped in SQL: an account outside answers NotFoundError, so ids do not leak.
 */
@Injectable()
export class AccountsService {
  private rootId: string | null = null;

  constructor(
    private readonly work: UnitOfWork,
    private readonly accounts: AccountRepository,
    private readonly units: OrgUnitsService,
    private readonly sessions: SessionService,
  ) {}

  async list(actor: Actor, query: ListAccountsQueryDto): Promise<AccountListResponse> {
    const scopes = await this.scopesOf(actor);
    const page = await this.accounts.listManageable(scopes, {
      q: query.q ? escapeLike(query.q) : undefined,
      status: query.status,
      limit: query.limit,
      offset: query.offset,
    });
    const grants = await this.accounts.grantsOf(page.items.map((a) => a.id));
    return { items: page.items.map((a) => toAccountResponse(a, grants.get(a.id) ?? [])), total: page.total };
  }

  async get(actor: Actor, id: string): Promise<AccountResponse> {
    return this.respond(await this.manageable(actor, id));
  }

  async create(actor: Actor, dto: CreateAccountDto): Promise<AccountResponse> {
    const scopes = await this.scopesOf(actor);
    assertPasswordPolicy(dto.password);
    await this.units.getVisibleUnit(actor, dto.homeUnitId);
    if (!(await this.units.canActOn(actor, dto.homeUnitId, Policy.AccountManage))) {
      throw new ForbiddenError('the home unit is outside the subtree you manage', [
        { field: 'homeUnitId', reason: 'outside your subtree' },
      ]);
    }
    const grants = dto.grants ?? [];
    for (const g of grants) await this.assertMayGrant(actor, g);
    const passwordHash = await hashPassword(dto.password);
    const id = await this.inTransaction(actor, {}, async (tx) => {
      const { manager: m, now } = tx;
      const taken = await this.accounts.loginTaken(m, dto.login, dto.email ?? null);
      if (taken) {
        throw new ConflictError(`this ${taken} is already used by another account`, [
          { field: taken, reason: 'already used' },
        ]);
      }
      const accountId = await this.accounts.insert(m, {
        login: dto.login,
        email: dto.email ?? null,
        displayName: dto.displayName,
        passwordHash,
        homeUnitId: dto.homeUnitId,
        now,
      });
      const details = { homeUnitId: dto.homeUnitId };
      await tx.audit({ action: 'account.create', entity: 'account', entityId: accountId, details });
      for (const g of grants) await this.insertGrant(tx, accountId, g);
      await this.assertStillManageable(m, scopes, accountId);
      return accountId;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateAccountDto): Promise<AccountResponse> {
    const target = await this.manageable(actor, id);
    if (dto.status === 'disabled' && id === actor.accountId) {
      throw new ForbiddenError('you cannot disable your own account');
    }
    await this.inTransaction(actor, {}, async (tx) => {
      const m = tx.manager;
      if (dto.email && (await this.accounts.loginTaken(m, '', dto.email, id))) {
        throw new ConflictError('this email is already used by another account', [
          { field: 'email', reason: 'already used' },
        ]);
      }
      await this.accounts.update(m, id, dto, tx.now);
      if (dto.status === 'disabled') await this.sessions.destroyAllFor(id, m);
      const changed = Object.keys(dto).filter((k) => dto[k as keyof UpdateAccountDto] !== undefined);
      const action =
        dto.status && dto.status !== target.status
          ? `account.${dto.status === 'active' ? 'enable' : 'disable'}`
          : 'account.update';
      await tx.audit({ action, entity: 'account', entityId: id, details: { changed } });
    });
    return this.get(actor, id);
  }

  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    await this.manageable(actor, id);
    assertPasswordPolicy(password);
    const passwordHash = await hashPassword(password);
    const audit = { action: 'account.password_reset', entity: 'account', entityId: id };
    await this.inTransaction(actor, { audit }, async ({ manager: m, now }) => {
      // tokens_valid_after moves too: bearer tokens and sessions issued before now stop working.
      await this.accounts.update(m, id, { passwordHash }, now);
      await this.sessions.destroyAllFor(id, m);
    });
  }

  async addGrant(actor: Actor, id: string, dto: GrantDto): Promise<AccountResponse> {
    const scopes = await this.scopesOf(actor);
    await this.manageable(actor, id);
    await this.assertMayGrant(actor, dto);
    await this.inTransaction(actor, {}, async (tx) => {
      await this.insertGrant(tx, id, dto);
      await this.assertStillManageable(tx.manager, scopes, id);
    });
    return this.get(actor, id);
  }

  async removeGrant(actor: Actor, id: string, grantId: string): Promise<AccountResponse> {
    await this.manageable(actor, id);
    const grant = ((await this.accounts.grantsOf([id])).get(id) ?? []).find((g) => g.id === grantId);
    if (!grant) throw new NotFoundError(`grant ${grantId} not found on this account`);
    if (id === actor.accountId && grant.permission === Permission.Admin) {
      throw new ForbiddenError('you cannot remove your own admin permission');
    }
    await this.assertMayGrant(actor, grant);
    const details = { grantId, permission: grant.permission, scopeUnitId: grant.scopeUnitId };
    const audit = { action: 'grant.remove', entity: 'account', entityId: id, details };
    await this.inTransaction(actor, { audit }, async ({ manager: m, now }) => {
      if (!(await this.accounts.deleteGrant(m, id, grantId, now))) {
        throw new NotFoundError(`grant ${grantId} not found on this account`);
      }
    });
    return this.get(actor, id);
  }

  /** The subtrees the actor manages accounts in; ForbiddenError for learners and agencies. */
  private async scopesOf(actor: Actor): Promise<ManageScopes> {
    if (!admits(actor, Policy.AccountManage)) {
      throw new ForbiddenError('only administrators and organisers manage accounts');
    }
    this.rootId ??= (await this.units.getRoot()).id;
    const of = (p: Permission): string[] => actor.grants.filter((g) => g.permission === p).map((g) => g.scopeUnitId);
    return { admin: of(Permission.Admin), organiser: of(Permission.Organiser), rootId: this.rootId };
  }

  private async manageable(actor: Actor, id: string): Promise<AccountRow> {
    const account = await this.accounts.findManageable(await this.scopesOf(actor), id);
    if (!account) throw new NotFoundError(`account ${id} not found`);
    return account;
  }

  private async respond(account: AccountRow): Promise<AccountResponse> {
    return toAccountResponse(account, (await this.accounts.grantsOf([account.id])).get(account.id) ?? []);
  }

  /** Admins grant anything in their subtree; organisers only learner/organiser in theirs. */
  private async assertMayGrant(actor: Actor, grant: { permission: Permission; scopeUnitId: string }): Promise<void> {
    const via = ORGANISER_GRANTABLE.includes(grant.permission) ? Policy.AccountManage : Policy.AccountAdminister;
    if (!admits(actor, via)) {
      throw new ForbiddenError(`only administrators grant or remove the ${grant.permission} permission`, [
        { field: 'permission', reason: 'not yours to grant' },
      ]);
    }
    await this.units.getVisibleUnit(actor, grant.scopeUnitId);
    if (!(await this.units.canActOn(actor, grant.scopeUnitId, via))) {
      throw new ForbiddenError(`the scope unit is outside the subtree where you may grant ${grant.permission}`, [
        { field: 'scopeUnitId', reason: 'outside your subtree' },
      ]);
    }
  }

  private async insertGrant(tx: Tx, accountId: string, g: GrantDto): Promise<void> {
    const grantId = await this.accounts.insertGrant(tx.manager, accountId, g.permission, g.scopeUnitId, tx.now);
    if (!grantId) throw new ConflictError(`the account already holds ${g.permission} on this unit`);
    const details = { grantId, permission: g.permission, scopeUnitId: g.scopeUnitId };
    await tx.audit({ action: 'grant.add', entity: 'account', entityId: accountId, details });
  }

  /** Nobody creates or grants their way to an account they could no longer manage. */
  private async assertStillManageable(m: EntityManager, scopes: ManageScopes, accountId: string): Promise<void> {
    if (!(await this.accounts.findManageable(scopes, accountId, m))) {
      throw new ForbiddenError('the account would lie outside the subtree you manage');
    }
  }

  /** A unit of work whose unique violations (a login or e-mail taken meanwhile) answer 409. */
  private async inTransaction<T>(actor: Actor, options: UnitOptions<T>, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.work.run(actor, options, work);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('the login or e-mail is already used by another account');
      throw e;
    }
  }
}
