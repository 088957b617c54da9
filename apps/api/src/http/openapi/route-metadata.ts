import { INestApplication, Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { Permission } from '@app/common';
import { ApiOrSessionGuard } from '../auth/api-or-session.guard';
import { REQUIRED_PERMISSIONS } from '../auth/permission.guard';
import { IS_PUBLIC } from '../public.decorator';

/** What the document cannot say by itself about a route: who may call it, and how they authenticate. */
export interface RouteFacts {
  controller: string;
  method: string;
  /** Marked @Public(): no login needed (a token may still say more, see OptionalApiAuthGuard). */
  isPublic: boolean;
  /** ApiOrSessionGuard: the page session cookie is accepted beside the bearer token. */
  acceptsSession: boolean;
  /** Any one of these permissions (PermissionGuard), or [] when the route needs none. */
  permissions: Permission[];
}

/**
 * Every controller method the app serves, keyed as @nestjs/swagger names its operations by default
 * (`<ControllerClass>_<method>`), read from the Nest container: the one source of "public or not" and "which
 * permission", so the document cannot disagree with the guards.
 */
export function collectRouteFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || typeof controller !== 'function') continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = name === 'constructor' ? undefined : proto[name];
        if (typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        facts.set(`${controller.name}_${name}`, {
          controller: controller.name,
          method: name,
          isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
          acceptsSession: guards.includes(ApiOrSessionGuard),
          permissions: reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [],
        });
      }
    }
  }
  return facts;
}
