import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig, UnauthorizedError } from '@app/common';
import { SessionService, TokenService } from '@app/identity';
import { ApiAuthGuard } from './api-auth.guard';
import { cookieOf, SESSION_COOKIE } from './request-auth';
import { WebSessionGuard } from './web-session.guard';

/**
 * API routes that pages link to (exports and their downloads): the Bearer token when one is sent, else the page
 * session (with its CSRF token on writes, as WebSessionGuard checks). No credentials, or an ended session: 401 JSON.
 */
@Injectable()
export class ApiOrSessionGuard implements CanActivate {
  private readonly api: ApiAuthGuard;
  private readonly web: WebSessionGuard;

  constructor(tokens: TokenService, sessions: SessionService, config: AppConfig) {
    this.api = new ApiAuthGuard(tokens);
    this.web = new WebSessionGuard(sessions, config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.header('authorization') || !cookieOf(req, SESSION_COOKIE)) return this.api.canActivate(context);
    try {
      return await this.web.canActivate(context);
    } catch (e) {
      if (e instanceof UnauthorizedError) throw new UnauthorizedError('your session has ended: log in again');
      throw e;
    }
  }
}
