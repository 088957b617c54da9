import { Actor, Grant, Permission } from '@app/common';

export type AccountStatus = 'active' | 'disabled';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'disabled'];

export interface GrantRow extends Grant {
  id: string;
}

/** An account as stored (the hash and the TOTP secret never leave the identity lib: see toAccountResponse). */
export interface AccountRow {
  id: string;
  login: string;
  email: string | null;
  displayName: string;
  passwordHash: string;
  status: AccountStatus;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  homeUnitId: string | null;
  passwordChangedAt: Date;
  /** Tokens and web sessions issued before this are dead (disable, password change, grant change). */
  tokensValidAfter: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A signed-in account with its grants (reloaded per web request; bearer requests may reuse it briefly, see PrincipalCache). */
export interface Principal {
  account: AccountRow;
  grants: GrantRow[];
}

export const toActor = (p: Principal, via: Actor['via'], requestId?: string, ip?: string): Actor => ({
  accountId: p.account.id,
  grants: p.grants.map((g) => ({ permission: g.permission, scopeUnitId: g.scopeUnitId })),
  via,
  requestId,
  ip,
});

/** Admins may grant every permission within their scope. */
export const ADMIN_GRANTABLE: readonly Permission[] = [
  Permission.Admin,
  Permission.Organiser,
  Permission.Agency,
  Permission.Learner,
];
/**
 * Organisers keep the roster of their subtree, so they may give its people the learner permission and
 * appoint fellow organisers below or beside themselves — never admin (it would escalate to running the
 * platform) and never agency (agencies export people's data for statutory reports and are appointed by an
 * admin, with a second factor). For the same reason an organiser manages only accounts that hold nothing
 * but learner/organiser grants, all inside the organiser's subtree: what they could have created themselves.
 */
export const ORGANISER_GRANTABLE: readonly Permission[] = [Permission.Organiser, Permission.Learner];
