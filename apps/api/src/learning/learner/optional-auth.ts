import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from '@app/common';
import { SessionService, TokenService, toActor } from '@app/identity';
import { resolveWebSession, SAFE_METHODS } from '../../http/auth';

/**
 * Public pages that say more to a logged-in visitor (the catalogue and the course page): a live session sets the
 * actor, no session is fine. Only for GET/HEAD routes (nothing is changed, so no CSRF token is needed).
 */
@Injectable()
export class OptionalWebSessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!SAFE_METHODS.has(req.method)) return false;
    const resolved = await resolveWebSession(req, this.sessions);
    if (resolved) {
      req.principal = resolved.principal;
      req.actor = toActor(resolved.principal, 'web', req.id, req.ip);
    }
    return true;
  }
}

/** Public API routes that say more to a caller with a bearer token: a token is checked when sent (401 if bad). */
@Injectable()
export class OptionalApiAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
    if (match) {
      const principal = await this.tokens.authenticate(match[1]);
      req.principal = principal;
      req.actor = toActor(principal, 'api', req.id, req.ip);
    }
    return true;
  }
}

/** The caller when logged in, else null (with OptionalWebSessionGuard or OptionalApiAuthGuard). */
export const OptionalActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return req.actor ? { ...req.actor, requestId: req.id, ip: req.ip } : null;
});
