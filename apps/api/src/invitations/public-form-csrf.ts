import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppConfig, ForbiddenError } from '@app/common';
import { cookieOf, sameToken, takeCsrfToken } from '../http/auth';

/**
 * CSRF for the anonymous /activate and /register forms: the same signed double-submit as the login form
 * (http/auth/csrf.ts), with its own cookie, path and HMAC purpose so one form's token is never valid on another.
 * A random nonce goes in an HttpOnly SameSite cookie and HMAC(session secret, purpose:nonce) in the form.
 */
export const PUBLIC_FORM_CSRF_COOKIE = 'moc_form_csrf';

export type PublicForm = 'activate' | 'register';

const sign = (secret: string, form: PublicForm, nonce: string): string =>
  createHmac('sha256', secret).update(`${form}-csrf:${nonce}`).digest('base64url');

/** The `_csrf` value for the form, setting the nonce cookie (scoped to the form's path) when missing. */
export function issuePublicFormCsrf(req: Request, res: Response, config: AppConfig, form: PublicForm): string {
  let nonce = cookieOf(req, PUBLIC_FORM_CSRF_COOKIE);
  if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
    nonce = randomBytes(24).toString('base64url');
    res.cookie(PUBLIC_FORM_CSRF_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      path: `/${form}`,
      maxAge: 2 * 3600_000,
    });
  }
  return sign(config.sessionSecret, form, nonce);
}

/** Guard of the POST /activate/:token and POST /register routes; the form is told by the path. */
@Injectable()
export class PublicFormCsrfGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const form: PublicForm = req.path.startsWith('/activate/') ? 'activate' : 'register';
    const nonce = cookieOf(req, PUBLIC_FORM_CSRF_COOKIE);
    if (!nonce || !sameToken(takeCsrfToken(req), sign(this.config.sessionSecret, form, nonce))) {
      throw new ForbiddenError('the form has expired or did not come from this site: reload the page and try again');
    }
    return true;
  }
}

/** Clears the nonce after a successful post. */
export function clearPublicFormCsrf(res: Response, form: PublicForm): void {
  res.clearCookie(PUBLIC_FORM_CSRF_COOKIE, { path: `/${form}` });
}
