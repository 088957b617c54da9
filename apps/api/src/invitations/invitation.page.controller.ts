import { Controller, Get, HttpCode, Param, Post, Render, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/common';
import { InvitationResponse, InvitationsService, InvitationStatus } from '@app/identity';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import './invitations.messages';

const pageModel = (status: InvitationStatus, created: InvitationResponse | null = null): Record<string, unknown> => ({
  title: 'Mời kích hoạt tài khoản',
  ...status,
  canInvite: !status.person.hasAccount && !status.person.hasLeft,
  created,
});

/**
 * The organiser's invitation page for one person: invite (the link is shown once, here), re-invite, revoke.
 * A person's roster page links here; scoped like the API (404 outside the subtree).
 */
@ApiExcludeController()
@Controller()
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.AccountManage)
export class InvitationPageController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('people/:id/invitation')
  @Render('invitations/invite')
  async page(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<Record<string, unknown>> {
    return pageModel(await this.invitations.status(actor, id));
  }

  /** Rendered, not redirected: the link exists only in this response. */
  @Post('people/:id/invitation')
  @HttpCode(200)
  @Render('invitations/invite')
  async invite(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<Record<string, unknown>> {
    const created = await this.invitations.invite(actor, id);
    return pageModel(await this.invitations.status(actor, id), created);
  }

  @Post('invitations/:id/revoke')
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { personId } = await this.invitations.revoke(actor, id);
    res.redirect(303, `/people/${personId}/invitation`);
  }
}
