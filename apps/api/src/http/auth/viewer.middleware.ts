import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Actor, AppConfig, Permission } from '@app/common';
import { SessionService, toActor } from '@app/identity';
import { admits, OrgUnitsService, Policy, ROOT_UNIT_CODE } from '@app/org';
import { isApiRequest } from '../request-context';
import { cookieOf, resolveWebSession, SESSION_COOKIE, sessionCookieOptions } from './request-auth';

export interface ViewerModel {
  displayName: string;
  login: string;
  isAdmin: boolean;
  /** An admin grant on the country root: the whole-platform pages (outbox). */
  isNationalAdmin: boolean;
  isAdminOrOrganiser: boolean;
  /** Admins, organisers and agencies see the unit tree and the roster. */
  canReadRoster: boolean;
  /** Admins, organisers and agencies follow assignment progress (agencies read it without managing it). */
  canReadAssignments: boolean;
  grants: Array<{ permission: Permission; permissionKey: string; scopeUnitName: string }>;
}

const ACTORS = new WeakMap<Request, Actor>();

/** The logged-in caller of a page request (set by ViewerMiddleware), for public pages that adapt to who looks. */
export const viewerActorOf = (req: Request): Actor | null => ACTORS.get(req) ?? null;

/**
 * For page requests with a live session cookie: res.locals.viewer and res.locals.csrfToken, so every page
 * (public ones too) shows who is logged in and can render forms. Guards reuse the looked-up session.
 */
@Injectable()
export class ViewerMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: SessionService,
    private readonly units: OrgUnitsService,
    private readonly config: AppConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      if (isApiRequest(req) || req.path.startsWith('/static/') || !cookieOf(req, SESSION_COOKIE)) return next();
      const resolved = await resolveWebSession(req, this.sessions);
      if (!resolved) {
        const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config);
        res.clearCookie(SESSION_COOKIE, options);
        return next();
      }
      const { account, grants } = resolved.principal;
      const actor = toActor(resolved.principal, 'web');
      const scopeUnits = await this.units.findByIds(grants.map((g) => g.scopeUnitId));
      const names = new Map(scopeUnits.map((u) => [u.id, u.name]));
      const rootIds = new Set(scopeUnits.filter((u) => u.code === ROOT_UNIT_CODE).map((u) => u.id));
      const viewer: ViewerModel = {
        displayName: account.displayName,
        login: account.login,
        isAdmin: admits(actor, Policy.JobsRead),
        isNationalAdmin: grants.some((g) => g.permission === Permission.Admin && rootIds.has(g.scopeUnitId)),
        // Authoring, assignments, accounts and roster import admit the same grants (see Policy).
        isAdminOrOrganiser: admits(actor, Policy.RosterWrite),
        canReadRoster: admits(actor, Policy.RosterRead),
        canReadAssignments: admits(actor, Policy.AssignmentRead),
        grants: grants.map((g) => ({
          permission: g.permission,
          permissionKey: `permission.${g.permission}`,
          scopeUnitName: names.get(g.scopeUnitId) ?? g.scopeUnitId,
        })),
      };
      res.locals.viewer = viewer;
      ACTORS.set(req, actor);
      res.locals.csrfToken = resolved.session.csrfToken;
      next();
    } catch (e) {
      next(e);
    }
  }
}
