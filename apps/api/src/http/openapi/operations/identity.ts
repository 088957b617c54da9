import type { OperationDoc } from '../operation-doc';
import { WHO } from './who';

/** Logging in, accounts and their grants, invitations, health. */
export const IDENTITY_DOCS: Record<string, OperationDoc> = {
  AuthController_login: {
    summary: 'Log in: get a bearer token',
    description:
      'Exchanges `{login, password}` (and `totp`, the 6-digit code, for accounts with two-factor authentication) for ' +
      '`{accessToken, expiresIn}`; send the token as `Authorization: Bearer <token>` on every other /api/v1 call. A ' +
      'wrong login and a wrong password get the same 401. Repeated failures lock the account and the caller’s address ' +
      'for a while: 429 with Retry-After. ' +
      WHO.public,
    errors: {
      401: 'wrong login or password',
      429: {
        message: 'too many failed logins: this account is locked until 10:15 UTC; try again in 5 minutes',
        details: { retryAt: '2026-12-05T10:15:00.000Z', retryAfterSeconds: 300, lockedBy: 'account' },
      },
    },
  },
  AuthController_me: {
    summary: 'Get the caller’s account',
    description:
      'The account of the token: login, display name, e-mail, status, home unit, two-factor state and its grants ' +
      '(permission and scope unit). ' +
      WHO.anyAccount,
  },
  AuthController_enrol: {
    summary: 'Start two-factor authentication (TOTP)',
    description:
      'A new TOTP secret and its otpauth:// URI to put in an authenticator app; confirm it with a first code. ' +
      'Who: accounts holding `admin` or `agency` (they read or change much).',
    errors: { 409: 'two-factor authentication is already on: disable it first' },
  },
  AuthController_confirm: {
    summary: 'Turn two-factor authentication on',
    description:
      'Confirms the enrolment with a current 6-digit code; from then on, logins need `totp`. Who: accounts holding ' +
      '`admin` or `agency`.',
    errors: { 409: 'enrol first: POST /api/v1/auth/totp/enrol' },
  },
  AuthController_disable: {
    summary: 'Turn two-factor authentication off',
    description: 'Needs a current 6-digit code. ' + WHO.anyAccount,
    errors: { 409: 'two-factor authentication is not on' },
  },

  AccountsController_list: {
    summary: 'List accounts',
    description:
      'Accounts the caller manages, paged: for an admin those lying wholly inside their admin subtree, for an organiser ' +
      'those inside theirs holding only `learner` / `organiser` grants; `q` searches name, login and e-mail, ignoring ' +
      'diacritics and case. ' +
      WHO.accountManage,
  },
  AccountsController_create: {
    summary: 'Create an account',
    description:
      'An account with a login, display name, optional e-mail, a password, a home unit inside the caller’s subtree and ' +
      'its first grants (a permission over a scope unit). Organisers grant `learner` and `organiser` only; `admin` and ' +
      '`agency` need an admin. ' +
      WHO.accountManage,
    errors: { 409: 'this login is already used by another account' },
  },
  AccountsController_get: {
    summary: 'Get an account',
    description: 'One account with its grants. ' + WHO.accountManage,
  },
  AccountsController_update: {
    summary: 'Update an account',
    description:
      'Enable or disable (disabling ends its sessions and its tokens stop working), rename, change e-mail. ' +
      WHO.accountManage,
    errors: { 409: 'this email is already used by another account' },
  },
  AccountsController_resetPassword: {
    summary: 'Set an account’s password',
    description:
      'Sets a new password; the account’s sessions end and its earlier tokens stop working. ' + WHO.accountManage,
  },
  AccountsController_unlock: {
    summary: 'Unlock an account',
    description:
      'Lifts the login lock left by failed logins; audited. Who: `admin` over the account (403 for organisers; another ' +
      'subtree’s account answers 404).',
  },
  AccountsController_addGrant: {
    summary: 'Add a grant to an account',
    description:
      'A permission (`admin`, `organiser`, `agency`, `learner`) over a scope unit’s subtree. `admin` and `agency` ' +
      'grants need an admin over that unit. ' +
      WHO.accountManage,
    errors: { 409: 'the account already holds organiser on this unit' },
  },
  AccountsController_removeGrant: {
    summary: 'Remove a grant from an account',
    description: 'Takes effect on the account’s next request. ' + WHO.accountManage,
  },

  InvitationsController_invite: {
    summary: 'Invite a person to activate an account',
    description:
      'A 7-day activation link for a person on the roster without an account (shown once; e-mailed when SMTP is ' +
      'configured). Revokes the person’s previous open invitation. ' +
      WHO.accountManage,
    errors: { 409: 'this person already has an account' },
  },
  InvitationsController_revoke: {
    summary: 'Revoke an invitation',
    description: 'The link answers 410 from then on. ' + WHO.accountManage,
    errors: { 409: 'this invitation has already been used: the account exists' },
  },

  HealthController_live: {
    summary: 'Liveness',
    description: 'The process answers `{status: "ok"}`; for load balancers and orchestrators. ' + WHO.public,
  },
  HealthController_ready: {
    summary: 'Readiness',
    description:
      'PostgreSQL answers, and Redis when configured: 200 with each check, or 503 with the same report when one ' +
      'fails. ' +
      WHO.public,
    errors: {
      503: { error: 'Service Unavailable', message: 'Service Unavailable Exception' },
    },
  },
};
