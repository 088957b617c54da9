import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, UnauthorizedError } from '@app/common';
import { Principal } from '@app/identity';

/** The caller resolved by ApiAuthGuard or WebSessionGuard, with the request id and client IP filled in. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  if (!req.actor) throw new UnauthorizedError('not authenticated');
  return { ...req.actor, requestId: req.id, ip: req.ip };
});

/** The signed-in account with its grants (for /me and the pages' own-account views). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<Request>();
  if (!req.principal) throw new UnauthorizedError('not authenticated');
  return req.principal;
});
