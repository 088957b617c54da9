import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, DomainError, NotFoundError } from '@app/common';
import {
  ActivateAccountDto,
  ActivationPreview,
  ActivationService,
  InvitationGoneError,
  SessionService,
} from '@app/identity';
import { Public } from '../http/public.decorator';
import { clearPublicFormCsrf, issuePublicFormCsrf, PublicFormCsrfGuard } from './public-form-csrf';
import { FieldProblem, formProblems, logIn, readForm, toDto } from './public-form';
import './invitations.messages';

const FIELDS = ['login', 'password', 'passwordConfirm'] as const;

/**
 * /activate/:token: the invited person chooses a login and a password. Public (the link is the credential).
 * An unknown link answers 404 and a spent one 410, on a page that names nobody.
 */
@ApiExcludeController()
@Public()
@Controller('activate')
export class ActivationPageController {
  constructor(
    private readonly activation: ActivationService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const preview = await this.activation.preview(token);
      this.render(req, res, 200, token, { login: preview.suggestedLogin }, [], preview);
    } catch (e) {
      this.renderInvalid(res, e);
    }
  }

  /** CSRF-checked (PublicFormCsrfGuard); on success the new learner is logged in and sent home. */
  @UseGuards(PublicFormCsrfGuard)
  @Post(':token')
  async activate(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readForm(body, FIELDS);
    let preview: ActivationPreview;
    try {
      preview = await this.activation.preview(token);
    } catch (e) {
      return this.renderInvalid(res, e);
    }
    const dto = await toDto(ActivateAccountDto, form);
    if (Array.isArray(dto)) return this.render(req, res, 400, token, form, dto, preview);
    try {
      const { accountId } = await this.activation.activate(token, dto, { requestId: req.id, ip: req.ip });
      await logIn(req, res, this.sessions, this.config, accountId);
      clearPublicFormCsrf(res, 'activate');
      res.redirect(303, '/');
    } catch (e) {
      if (e instanceof NotFoundError || e instanceof InvitationGoneError) return this.renderInvalid(res, e);
      const { status, problems } = formProblems(e);
      this.render(req, res, status, token, form, problems, preview);
    }
  }

  private render(
    req: Request,
    res: Response,
    status: number,
    token: string,
    form: { login: string },
    problems: FieldProblem[],
    preview: { fullName: string; expiresAt: string },
  ): void {
    res.status(status).render('invitations/activate', {
      title: 'Kích hoạt tài khoản',
      formCsrf: issuePublicFormCsrf(req, res, this.config, 'activate'),
      action: `/activate/${token}`,
      login: form.login,
      fullName: preview.fullName,
      expiresAt: preview.expiresAt,
      problems,
    });
  }

  /** 404 for an unknown link, 410 for a spent one; other errors go to the error filter. */
  private renderInvalid(res: Response, e: unknown): void {
    if (!(e instanceof NotFoundError || e instanceof InvitationGoneError)) throw e;
    const reason = e instanceof InvitationGoneError ? e.reason : 'unknown';
    res.status((e as DomainError).status).render('invitations/invalid', {
      title: 'Liên kết không còn hiệu lực',
      messageKey: `activate.invalid.${reason}`,
      showLogin: reason === 'used',
    });
  }
}
