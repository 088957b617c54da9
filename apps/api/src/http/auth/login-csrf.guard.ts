import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig, ForbiddenError } from '@app/common';
import { checkLoginCsrf } from './csrf';
import { takeCsrfToken } from './request-auth';

/** The anonymous login form's CSRF check (signed double-submit, see csrf.ts). */
@Injectable()
export class LoginCsrfGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!checkLoginCsrf(req, this.config.sessionSecret, takeCsrfToken(req))) {
      throw new ForbiddenError(
        'the login form has expired or did not come from this site: reload the page and try again',
      );
    }
    return true;
  }
}
