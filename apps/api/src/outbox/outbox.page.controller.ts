import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { Actor } from '@app/common';
import { ListOutboxQueryDto, MAIL_KIND, OUTBOX_STATES, OutboxQueryService, OutboxStateFilter } from '@app/mail';
import { OrgUnitsService, Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { assertNationalAdmin } from './national-admin';
import { FormText, langOf, PageNumberQueryDto } from '../web/page-helpers';
import { outboxPageModel } from './outbox.page.model';

export const OUTBOX_PAGE_SIZE = 50;

export class OutboxPageQueryDto extends PageNumberQueryDto {
  @IsOptional()
  @FormText()
  @Matches(MAIL_KIND, { message: 'kind must be a mail kind such as learning.due_soon' })
  kind?: string;

  @IsOptional()
  @FormText()
  @IsIn(OUTBOX_STATES)
  status?: OutboxStateFilter;
}

/** /admin/outbox: the e-mails written by the platform, newest first, for administrators of the whole country. */
@ApiExcludeController()
@Controller('admin/outbox')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.OutboxRead)
export class OutboxPageController {
  constructor(
    private readonly outbox: OutboxQueryService,
    private readonly units: OrgUnitsService,
  ) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Query() query: OutboxPageQueryDto, @Res() res: Response): Promise<void> {
    await assertNationalAdmin(this.units, actor);
    const page = query.page ?? 1;
    const list = await this.outbox.list(
      Object.assign(new ListOutboxQueryDto(), {
        kind: query.kind,
        status: query.status,
        limit: OUTBOX_PAGE_SIZE,
        offset: (page - 1) * OUTBOX_PAGE_SIZE,
      }),
    );
    res.render(
      'outbox/index',
      outboxPageModel({ query, lang: langOf(res), number: page, size: OUTBOX_PAGE_SIZE, list }),
    );
  }
}
