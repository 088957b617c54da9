import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthorizedError } from '@app/common';
import { TokenService, toActor } from '@app/identity';

/** Bearer tokens for /api/v1: verifies the JWT and reloads the account and its grants on every request. */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
    if (!match) {
      throw new UnauthorizedError('send Authorization: Bearer <token> (get one from POST /api/v1/auth/login)');
    }
    const principal = await this.tokens.authenticate(match[1]);
    req.principal = principal;
    req.actor = toActor(principal, 'api', req.id, req.ip);
    return true;
  }
}
