import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig, ForbiddenError, UnauthorizedError } from '@app/common';
import { SessionService, toActor } from '@app/identity';
import { sameToken } from './csrf';
import {
  cookieOf,
  resolveWebSession,
  SAFE_METHODS,
  SESSION_COOKIE,
  sessionCookieOptions,
  takeCsrfToken,
} from './request-auth';

/**
 * Pages: the `moc_session` cookie must name a live session (else 303 to /login?next=…), and every
 * non-GET/HEAD request must carry the session's CSRF token (`_csrf` field or X-CSRF-Token header), else 403.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const resolved = await resolveWebSession(req, this.sessions);
    if (!resolved) {
      if (cookieOf(req, SESSION_COOKIE)) {
        const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config);
        res.clearCookie(SESSION_COOKIE, options);
      }
      throw new UnauthorizedError('your session has ended: log in again', 'web-login');
    }
    if (!SAFE_METHODS.has(req.method) && !sameToken(takeCsrfToken(req), resolved.session.csrfToken)) {
      throw new ForbiddenError(
        'the form is out of date or did not come from this site (CSRF token missing or wrong): reload the page and try again',
      );
    }
    req.principal = resolved.principal;
    req.actor = toActor(resolved.principal, 'web', req.id, req.ip);
    return true;
  }
}
