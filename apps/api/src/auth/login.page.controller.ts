import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, DomainError, TooManyAttemptsError, UnauthorizedError } from '@app/common';
import { AuthService, SessionService } from '@app/identity';
import {
  cookieOf,
  issueLoginCsrf,
  LOGIN_CSRF_COOKIE,
  LoginCsrfGuard,
  SESSION_COOKIE,
  sessionCookieOptions,
  WebSessionGuard,
} from '../http/auth';
import { retryAfterOf } from '../http/domain-error.filter';
import { Public } from '../http/public.decorator';
import './auth.messages';

/** Only a local path: "/x" but not "//host" or "/\host", and never back to a POST-only route. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])[^\s\\]*$/.test(next) || next.length > 500) return '/';
  return /^\/(login|logout)(\?|$)/.test(next) ? '/' : next;
}

/** Which message the login page shows for a refused login. */
function errorKey(e: DomainError): string {
  if (e instanceof TooManyAttemptsError) {
    return (e.details as { lockedBy?: string } | undefined)?.lockedBy === 'ip'
      ? 'login.error.ipLocked'
      : 'login.error.locked';
  }
  const detail = Array.isArray(e.details) ? (e.details[0] as { field?: string; reason?: string }) : undefined;
  if (detail?.field === 'totp') {
    return detail.reason === 'required' ? 'login.error.totpRequired' : 'login.error.totpWrong';
  }
  if (/disabled/.test(e.message)) return 'login.error.disabled';
  return 'login.error.failed';
}

@ApiExcludeController()
@Controller()
export class LoginPageController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  page(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    this.render(req, res, 200, { next: safeNext(next) });
  }

  /** Checks the form's signed CSRF token (LoginCsrfGuard), then starts a server-side session. */
  @Public()
  @UseGuards(LoginCsrfGuard)
  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const field = (k: string): string => {
      const v = body[k];
      return typeof v === 'string' ? v : '';
    };
    const form = { login: field('login').trim(), next: safeNext(field('next')) };
    if (!form.login || !field('password')) {
      return this.render(req, res, 400, { ...form, errorKey: 'login.error.invalid' });
    }
    try {
      const totp = field('totp').trim();
      const principal = await this.auth.verifyCredentials(
        { login: form.login, password: field('password'), totp: totp || undefined },
        { via: 'web', requestId: req.id, ip: req.ip },
      );
      const session = await this.sessions.create(principal.account.id, {
        ip: req.ip,
        userAgent: req.header('user-agent'),
      });
      res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(this.config));
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
      res.redirect(303, form.next);
    } catch (e) {
      // A refused login is shown on the form, in the page's language; anything else goes to the error filter.
      if (!(e instanceof UnauthorizedError || e instanceof TooManyAttemptsError)) throw e;
      const retryAt = e instanceof TooManyAttemptsError ? (e.details as { retryAt: string }).retryAt : null;
      const retryAfter = retryAfterOf(e);
      if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
      this.render(req, res, e.status, {
        ...form,
        errorKey: errorKey(e),
        retryAt: retryAt ? `${retryAt.slice(11, 16)} UTC` : null,
      });
    }
  }

  /** Ends the session (CSRF-checked by WebSessionGuard). */
  @UseGuards(WebSessionGuard)
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = cookieOf(req, SESSION_COOKIE);
    if (token) await this.sessions.destroy(token);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config);
    res.clearCookie(SESSION_COOKIE, options);
    res.redirect(303, '/');
  }

  private render(req: Request, res: Response, status: number, model: Record<string, unknown>): void {
    const csrf = issueLoginCsrf(req, res, this.config.sessionSecret, this.config.cookieSecure);
    res.status(status).render('auth/login', { title: 'Đăng nhập', loginCsrf: csrf, ...model });
  }
}
