import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { ListOutboxQueryDto, OutboxPageResponse, OutboxQueryService } from '@app/mail';
import { OrgUnitsService, Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { assertNationalAdmin } from './national-admin';

/** The e-mail outbox for administrators: what was sent, or (without SMTP) would have been. */
// Messages go to people of every unit: administrators of the whole country alone see them (403 for others).
@ApiTags('outbox')
@ApiBearerAuth()
@Controller('api/v1/outbox')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.OutboxRead)
export class OutboxController {
  constructor(
    private readonly outbox: OutboxQueryService,
    private readonly units: OrgUnitsService,
  ) {}

  /** Newest first; filter by kind and sent/unsent. The text is shown only while a message is unsent. */
  @Get()
  @ApiOkResponse({ type: OutboxPageResponse })
  async list(@CurrentActor() actor: Actor, @Query() query: ListOutboxQueryDto): Promise<OutboxPageResponse> {
    await assertNationalAdmin(this.units, actor);
    return this.outbox.list(query);
  }
}
