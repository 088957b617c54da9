import { Body, Controller, Get, Param, Post, Query, Render, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Actor, DomainError } from '@app/common';
import { AccountsService, ListAccountsQueryDto, LoginLockService, UpdateAccountDto } from '@app/identity';
import { ListUnitsQueryDto, OrgUnitsService, Policy, UnitResponse } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { accountsPageModel, CreateAccountForm, FieldProblem, readCreateForm, toCreateDto } from './accounts.page.model';
import './accounts.messages';

export class AccountsPageQueryDto extends ListAccountsQueryDto {
  @IsOptional()
  @IsIn(['created', 'active', 'disabled', 'unlocked'])
  done?: string;
}

/** /accounts: the list (scoped like the API), a create form, enable/disable. POST → 303; form errors are shown on the page. */
@ApiExcludeController()
@Controller('accounts')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.AccountManage)
export class AccountsPageController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly units: OrgUnitsService,
    private readonly locks: LoginLockService,
  ) {}

  @Get()
  @Render('accounts/index')
  async index(@CurrentActor() actor: Actor, @Query() query: AccountsPageQueryDto): Promise<Record<string, unknown>> {
    const defaultUnit = (await this.units.findByIds([actor.grants[0]?.scopeUnitId ?? '']))[0];
    return this.model(actor, query, { form: { unitCode: defaultUnit?.code ?? '' } });
  }

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const form = readCreateForm(body);
    const dto = await toCreateDto(form, await this.unitByCode(actor, form.unitCode));
    if (Array.isArray(dto)) return this.showProblems(res, actor, form, dto, 400);
    try {
      await this.accounts.create(actor, dto);
    } catch (e) {
      // Rule violations (taken login, scope) belong next to the form; anything else goes to the error filter.
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      const details = Array.isArray(e.details) ? (e.details as FieldProblem[]) : [{ field: 'form', reason: e.message }];
      return this.showProblems(res, actor, form, details, e.status);
    }
    res.redirect(303, '/accounts?done=created');
  }

  @Post(':id/status')
  async setStatus(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateAccountDto,
    @Res() res: Response,
  ): Promise<void> {
    await this.accounts.update(actor, id, { status: dto.status });
    res.redirect(303, `/accounts?done=${dto.status ?? 'active'}`);
  }

  /** Lifts an account's login lock (administrators of its subtree; audited). */
  @Post(':id/unlock')
  async unlock(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.locks.unlock(actor, id);
    res.redirect(303, '/accounts?done=unlocked');
  }

  private async showProblems(
    res: Response,
    actor: Actor,
    form: CreateAccountForm,
    problems: FieldProblem[],
    status: number,
  ): Promise<void> {
    const query = Object.assign(new AccountsPageQueryDto(), { limit: 50, offset: 0 });
    const { password: _password, ...kept } = form;
    res.status(status).render('accounts/index', await this.model(actor, query, { form: kept, problems }));
  }

  private async model(
    actor: Actor,
    query: AccountsPageQueryDto,
    extra: { form?: Partial<CreateAccountForm>; problems?: FieldProblem[] },
  ): Promise<Record<string, unknown>> {
    const page = await this.accounts.list(actor, query);
    const unitIds = [...new Set(page.items.flatMap((a) => a.grants.map((g) => g.scopeUnitId)))];
    const units = await this.units.findByIds(unitIds);
    const lockedUntil = await this.locks.lockedUntil(page.items.map((a) => a.id));
    return accountsPageModel(actor, page, units, {
      lockedUntil,
      q: query.q,
      offset: query.offset,
      limit: query.limit,
      done: query.done,
      ...extra,
    });
  }

  private async unitByCode(actor: Actor, code: string): Promise<UnitResponse | null> {
    if (!code) return null;
    const found = await this.units.list(
      actor,
      Object.assign(new ListUnitsQueryDto(), { q: code, limit: 500, offset: 0 }),
    );
    return found.items.find((u) => u.code.toLowerCase() === code.toLowerCase()) ?? null;
  }
}
