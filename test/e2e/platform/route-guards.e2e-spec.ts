import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../../apps/api/src/http/public.decorator';
import { createTestApp, TestApp } from '../../setup/test-app';

interface Route {
  route: string;
  guarded: boolean;
  isPublic: boolean;
}

/** Every route of the real AppModule, with whether it declares a guard or is @Public(). */
function walkRoutes(t: TestApp): Route[] {
  const reflector = t.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
      const classPublic = reflector.get<boolean>(IS_PUBLIC, controller) === true;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const handlerGuards = (Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [];
        routes.push({
          route: `${method} /${[base, String(path)].filter((p) => p && p !== '/').join('/')} (${controller.name}.${name})`,
          guarded: classGuards.length + handlerGuards.length > 0,
          isPublic: classPublic || reflector.get<boolean>(IS_PUBLIC, handler) === true,
        });
      }
    }
  }
  return routes;
}

describe('every route declares a guard or @Public()', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('finds no route that is neither guarded nor public', () => {
    const routes = walkRoutes(t);
    const open = routes.filter((r) => !r.guarded && !r.isPublic).map((r) => r.route);
    expect(open).toEqual([]);
  });

  it('really walks the routes (a known guarded one and a known public one)', () => {
    const routes = walkRoutes(t);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toContainEqual({
      route: 'GET /api/v1/accounts (AccountsController.list)',
      guarded: true,
      isPublic: false,
    });
    expect(routes).toContainEqual({
      route: 'POST /logout (LoginPageController.logout)',
      guarded: true,
      isPublic: false,
    });
    expect(routes).toContainEqual(
      expect.objectContaining({ route: 'POST /api/v1/auth/login (AuthController.login)', isPublic: true }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ route: 'GET /health (HealthController.live)', isPublic: true, guarded: false }),
    );
  });
});
