import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '@app/common';
import { RegisterDto, RegistrationService, SessionService } from '@app/identity';
import { Public } from '../http/public.decorator';
import { clearPublicFormCsrf, issuePublicFormCsrf, PublicFormCsrfGuard } from './public-form-csrf';
import { FieldProblem, formProblems, logIn, readForm, toDto } from './public-form';
import './invitations.messages';

const FIELDS = ['fullName', 'email', 'login', 'password', 'passwordConfirm', 'commune'] as const;
type RegisterForm = Record<(typeof FIELDS)[number], string>;

/**
 * /register: members of the public register as learners (role "public learner", commune optional).
 * At most 5 registrations per IP per hour (429 on the form). On success the learner is logged in.
 */
@ApiExcludeController()
@Public()
@Controller('register')
export class RegistrationPageController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    this.render(req, res, 200, readForm({}, FIELDS), []);
  }

  /** CSRF-checked (PublicFormCsrfGuard); problems are shown on the form with the right 4xx. */
  @UseGuards(PublicFormCsrfGuard)
  @Post()
  async register(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = readForm(body, FIELDS);
    const dto = await toDto(RegisterDto, { ...form, commune: form.commune || undefined });
    if (Array.isArray(dto)) return this.render(req, res, 400, form, dto);
    try {
      const learner = await this.registration.register(dto, { ip: req.ip ?? 'unknown', requestId: req.id });
      await logIn(req, res, this.sessions, this.config, learner.accountId);
      clearPublicFormCsrf(res, 'register');
      res.redirect(303, '/');
    } catch (e) {
      const { status, problems } = formProblems(e);
      this.render(req, res, status, form, problems);
    }
  }

  private render(req: Request, res: Response, status: number, form: RegisterForm, problems: FieldProblem[]): void {
    const { password: _password, passwordConfirm: _confirm, ...kept } = form;
    res.status(status).render('invitations/register', {
      title: 'Đăng ký học',
      formCsrf: issuePublicFormCsrf(req, res, this.config, 'register'),
      form: kept,
      problems,
      tooMany: status === 429,
    });
  }
}
