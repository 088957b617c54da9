import { Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { InvitationResponse, InvitationsService } from '@app/identity';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/** Invitations to activate an account, for people of the caller's subtree. Others answer 404. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.AccountManage)
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /**
   * A 7-day activation link for a person without an account (shown once; e-mailed when SMTP is configured).
   * Revokes the person's previous open invitation. 409 when the person has an account or has left.
   */
  @Post('people/:id/invitations')
  @ApiCreatedResponse({ type: InvitationResponse })
  invite(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<InvitationResponse> {
    return this.invitations.invite(actor, id);
  }

  /** Revokes an open invitation (its link answers 410 from then on); 409 when it has been used. */
  @Delete('invitations/:id')
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.invitations.revoke(actor, id);
  }
}
