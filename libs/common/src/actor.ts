/** What an account may do. Not to be confused with a person's role on the roster. */
export enum Permission {
  Admin = 'admin',
  Organiser = 'organiser',
  Agency = 'agency',
  Learner = 'learner',
}

export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

/** One grant: a permission over the subtree of a scope unit. */
export interface Grant {
  permission: Permission;
  scopeUnitId: string;
}

/** The caller of a request or the owner of a job, resolved once by the guards. */
export interface Actor {
  accountId: string;
  grants: Grant[];
  /** 'api' for bearer tokens, 'web' for the session cookie. */
  via: 'api' | 'web';
  requestId?: string;
  ip?: string;
}

export const hasPermission = (actor: Actor, ...permissions: Permission[]): boolean =>
  actor.grants.some((g) => permissions.includes(g.permission));
