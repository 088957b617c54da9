import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  AccountListResponse,
  AccountResponse,
  AccountsService,
  CreateAccountDto,
  GrantDto,
  ListAccountsQueryDto,
  LoginLockService,
  ResetPasswordDto,
  UpdateAccountDto,
} from '@app/identity';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/** Accounts inside the caller's subtree (admins; organisers for learner/organiser accounts). Others answer 404. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1/accounts')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.AccountManage)
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly locks: LoginLockService,
  ) {}

  /** `q` searches name, login and e-mail, ignoring diacritics and case. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListAccountsQueryDto): Promise<AccountListResponse> {
    return this.accounts.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<AccountResponse> {
    return this.accounts.get(actor, id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAccountDto): Promise<AccountResponse> {
    return this.accounts.create(actor, dto);
  }

  /** Enable or disable (disabling ends its sessions and its tokens stop working), rename, change e-mail. */
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponse> {
    return this.accounts.update(actor, id, dto);
  }

  /** Sets a new password; the account's sessions end and its earlier tokens stop working. */
  @Post(':id/password')
  @HttpCode(204)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<void> {
    return this.accounts.resetPassword(actor, id, dto.password);
  }

  /**
   * Lifts the login lock (failed logins) of an account in the caller's admin subtree; audited. Administrators
   * only (403 for organisers); another subtree's account answers 404.
   */
  @Post(':id/unlock')
  @HttpCode(204)
  unlock(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    return this.locks.unlock(actor, id);
  }

  @Post(':id/grants')
  addGrant(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: GrantDto,
  ): Promise<AccountResponse> {
    return this.accounts.addGrant(actor, id, dto);
  }

  @Delete(':id/grants/:grantId')
  removeGrant(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('grantId', uuidParam('grantId')) grantId: string,
  ): Promise<AccountResponse> {
    return this.accounts.removeGrant(actor, id, grantId);
  }
}
