import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, hasPermission, Permission, UnauthorizedError } from '@app/common';
import { permissionsOf, Policy } from '@app/org';

export const REQUIRED_PERMISSIONS = 'moc:requiredPermissions';

/** The route needs any one of these permissions (checked by PermissionGuard, after ApiAuthGuard or WebSessionGuard). */
export const RequirePermission = (...permissions: Permission[]): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The route needs a grant the policy admits, anywhere (the service then checks the subtree). */
export const RequirePolicy = (policy: Policy): ClassDecorator & MethodDecorator =>
  RequirePermission(...permissionsOf(policy));

@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const actor = context.switchToHttp().getRequest<Request>().actor;
    if (!actor) throw new UnauthorizedError('not authenticated');
    if (!hasPermission(actor, ...required)) {
      throw new ForbiddenError(`this needs one of the permissions: ${required.join(', ')}`);
    }
    return true;
  }
}
