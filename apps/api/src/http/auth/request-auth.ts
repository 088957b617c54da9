import type { CookieOptions, Request } from 'express';
import { Actor, AppConfig } from '@app/common';
import { Principal, ResolvedWebSession, SESSION_ABSOLUTE_MS, SessionService } from '@app/identity';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by ApiAuthGuard or WebSessionGuard. */
    actor?: Actor;
    principal?: Principal;
    /** undefined = not looked up yet; null = no live session. Cached by the viewer middleware. */
    webSession?: ResolvedWebSession | null;
  }
}

export const SESSION_COOKIE = 'moc_session';

/** A cookie's value (cookie-parser fills req.cookies). */
export const cookieOf = (req: Request, name: string): string | undefined => {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

export const sessionCookieOptions = (config: AppConfig): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  secure: config.cookieSecure,
  path: '/',
  maxAge: SESSION_ABSOLUTE_MS,
});

/** The live web session of this request (looked up once per request). */
export async function resolveWebSession(req: Request, sessions: SessionService): Promise<ResolvedWebSession | null> {
  if (req.webSession !== undefined) return req.webSession;
  const token = cookieOf(req, SESSION_COOKIE);
  req.webSession = token ? await sessions.resolve(token) : null;
  return req.webSession;
}

/** Methods that change nothing and so need no CSRF token. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token sent with a form (`_csrf`) or a script (`X-CSRF-Token`), removed from the body so DTOs need not declare it. */
export function takeCsrfToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  if (body && typeof body === 'object') delete body._csrf;
  if (typeof fromBody === 'string') return fromBody;
  const header = req.header('x-csrf-token');
  return header ?? undefined;
}
