import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/common';
import { ListOutboxQueryDto, OutboxPageResponse, OutboxQueryService } from '@app/mail';
import { ApiAuthGuard, PermissionGuard, RequirePermission } from '../http/auth';

/** The e-mail outbox for administrators: what was sent, or (without SMTP) would have been. */
// Messages go to people of every unit: administrators alone see them.
@ApiTags('outbox')
@ApiBearerAuth()
@Controller('api/v1/outbox')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(Permission.Admin)
export class OutboxController {
  constructor(private readonly outbox: OutboxQueryService) {}

  /** Newest first; filter by kind and sent/unsent. The text is shown only while a message is unsent. */
  @Get()
  @ApiOkResponse({ type: OutboxPageResponse })
  list(@Query() query: ListOutboxQueryDto): Promise<OutboxPageResponse> {
    return this.outbox.list(query);
  }
}
