import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { Response } from 'express';
import { Actor } from '@app/common';
import {
  ListPeopleQueryDto,
  ListUnitsQueryDto,
  OrgUnitsService,
  PeopleService,
  PERSON_STATUSES,
  PersonStatus,
  Policy,
  RolesService,
  UnitResponse,
} from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { translate } from '../web/i18n';
import { FormText, langOf, SearchPageQueryDto } from '../web/page-helpers';
import { peopleListModel, personModel } from './people.page.model';
import './org-pages.messages';

export const PAGE_SIZE = 50;

export class PeoplePageQueryDto extends SearchPageQueryDto {
  /** A unit code: the subtree to list. */
  @IsOptional()
  @FormText()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'unit must be a unit code' })
  unit?: string;

  @IsOptional()
  @FormText()
  @IsUUID()
  role?: string;

  @IsOptional()
  @FormText()
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;

  /** The next or previous page (the list's keyset cursor); `page` numbers stay for the first pages only. */
  @IsOptional()
  @FormText()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

/** Pages reached by number (?page=N); further pages through the next / previous links (cursors). */
export const MAX_PAGE_NUMBER = 20;

/** /people: the roster inside the caller's scope, with search and filters; /people/:id: one person and their history. */
@ApiExcludeController()
@Controller('people')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class PeoplePageController {
  constructor(
    private readonly people: PeopleService,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Query() query: PeoplePageQueryDto, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const roles = await this.roles.list({ includeRetired: true });
    const unit = query.unit ? await this.unitByCode(actor, query.unit) : undefined;
    if (query.unit && !unit) {
      const problems = [{ field: 'unit', reason: translate(lang, 'org.none') }];
      res.status(400).render('org/people', peopleListModel({ query, roles, lang, page: null, problems }));
      return;
    }
    const page = query.cursor ? null : (query.page ?? 1);
    if (page !== null && page > MAX_PAGE_NUMBER) {
      const problems = [{ field: 'page', reason: translate(lang, 'org.people.pageTooFar') }];
      res.status(400).render('org/people', peopleListModel({ query, roles, lang, page: null, problems }));
      return;
    }
    const list = await this.people.list(
      actor,
      Object.assign(new ListPeopleQueryDto(), {
        q: query.q,
        unitId: unit?.id,
        roleId: query.role,
        status: query.status,
        limit: PAGE_SIZE,
        offset: ((page ?? 1) - 1) * PAGE_SIZE,
        cursor: query.cursor,
      }),
    );
    res.render('org/people', peopleListModel({ query, roles, lang, page: { number: page, size: PAGE_SIZE, ...list } }));
  }

  @Get(':id')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const person = await this.people.get(actor, id);
    const [history, roles] = await Promise.all([
      this.people.history(actor, id),
      this.roles.list({ includeRetired: true }),
    ]);
    res.render('org/person', personModel(person, history, roles, langOf(res)));
  }

  private async unitByCode(actor: Actor, code: string): Promise<UnitResponse | undefined> {
    const found = await this.units.list(actor, Object.assign(new ListUnitsQueryDto(), { q: code, limit: 500 }));
    return found.items.find((u) => u.code.toLowerCase() === code.toLowerCase());
  }
}
