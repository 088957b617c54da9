import { Caller, RouteTable } from '../scope-matrix';
import type { MatrixWorld } from './world';

/** Who manages A's accounts and invitations (Policy.AccountManage over A). */
const MANAGERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
const ADMIN: readonly Caller[] = ['admin'];
const ANY_MANAGER: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'admin'];
const EVERYONE: readonly Caller[] = [...ANY_MANAGER, 'agencyP', 'agencyQ', 'learnerA', 'learnerB'];

const learnerAccount = (w: MatrixWorld) => w.accounts.learnerA.id;

/** identity: accounts and invitations (API and pages), and the caller's own account. */
export const IDENTITY_ROUTES: RouteTable<MatrixWorld> = {
  context: 'identity',
  rows: [
    { route: 'GET /api/v1/auth/me', allow: EVERYONE, path: () => '/api/v1/auth/me' },
    { route: 'GET /api/v1/accounts', allow: ANY_MANAGER, path: () => '/api/v1/accounts' },
    { route: 'GET /api/v1/accounts/:id', allow: MANAGERS_OF_A, path: (w) => `/api/v1/accounts/${learnerAccount(w)}` },
    {
      route: 'POST /api/v1/accounts',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/api/v1/accounts',
      body: (w) => ({
        login: 'matrix.new',
        displayName: 'Tài khoản thử',
        password: 'mật khẩu đủ dài 123',
        homeUnitId: w.A.id,
        grants: [{ permission: 'learner', scopeUnitId: w.A.id }],
      }),
      state: (w) => w.state(),
    },
    {
      route: 'PATCH /api/v1/accounts/:id',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/accounts/${learnerAccount(w)}`,
      body: () => ({ displayName: 'Đổi tên' }),
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/accounts/:id/grants',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/accounts/${learnerAccount(w)}/grants`,
      body: (w) => ({ permission: 'organiser', scopeUnitId: w.A.id }),
      state: (w) => w.state(),
    },
    {
      route: 'DELETE /api/v1/accounts/:id/grants/:grantId (a grant of nobody)',
      allow: [],
      path: (w) => `/api/v1/accounts/${learnerAccount(w)}/grants/00000000-0000-4000-8000-000000000000`,
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/accounts/:id/password',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/accounts/${learnerAccount(w)}/password`,
      body: () => ({ password: 'một mật khẩu mới dài' }),
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/accounts/:id/unlock',
      allow: ['admin'],
      refusalsOnly: true,
      path: (w) => `/api/v1/accounts/${learnerAccount(w)}/unlock`,
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/people/:id/invitations',
      allow: [],
      path: (w) => `/api/v1/people/${w.learnerA.person.id}/invitations`,
      state: (w) => w.state(),
      refusals: [403, 404, 409], // the person already has an account: managers of A are told so
    },
    {
      route: 'DELETE /api/v1/invitations/:id (an invitation of nobody)',
      allow: [],
      path: () => '/api/v1/invitations/00000000-0000-4000-8000-000000000000',
      state: (w) => w.state(),
    },
    // the caller's own second factor: admins and agencies only; a wrong code changes nothing
    {
      route: 'POST /api/v1/auth/totp/confirm (a wrong code)',
      allow: [],
      path: () => '/api/v1/auth/totp/confirm',
      body: () => ({ code: '000000' }),
      state: (w) => w.state(),
      refusals: [400, 403, 409],
    },
    {
      route: 'POST /api/v1/auth/totp/disable (a wrong code)',
      allow: [],
      path: () => '/api/v1/auth/totp/disable',
      body: () => ({ code: '000000', password: 'sai mật khẩu' }),
      state: (w) => w.state(),
      refusals: [400, 401, 403, 409],
    },
    {
      route: 'POST /api/v1/auth/totp/enrol',
      allow: ['admin', 'agencyP', 'agencyQ'],
      refusalsOnly: true,
      path: () => '/api/v1/auth/totp/enrol',
      state: (w) => w.state(),
    },
    // pages
    { route: 'GET /accounts', allow: ANY_MANAGER, path: () => '/accounts' },
    {
      route: 'GET /people/:id/invitation',
      allow: MANAGERS_OF_A,
      path: (w) => `/people/${w.learnerA.person.id}/invitation`,
    },
    {
      route: 'POST /accounts',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/accounts',
      body: (w) => ({
        login: 'matrix.page',
        displayName: 'Tài khoản thử',
        password: 'mật khẩu đủ dài 123',
        homeUnitId: w.A.id,
        permission: 'learner',
        unitCode: w.A.code,
      }),
      state: (w) => w.state(),
      refusals: [400, 403, 404], // a page form answers a refusal as its own page
    },
    ...(['status', 'unlock'] as const).map((op) => ({
      route: `POST /accounts/:id/${op}`,
      allow: op === 'unlock' ? ADMIN : MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w: MatrixWorld) => `/accounts/${learnerAccount(w)}/${op}`,
      body: () => (op === 'status' ? { status: 'disabled' } : {}),
      state: (w: MatrixWorld) => w.state(),
    })),
    {
      route: 'POST /people/:id/invitation',
      allow: [],
      path: (w) => `/people/${w.learnerA.person.id}/invitation`,
      state: (w) => w.state(),
      refusals: [403, 404, 409],
    },
    {
      route: 'POST /invitations/:id/revoke (an invitation of nobody)',
      allow: [],
      path: () => '/invitations/00000000-0000-4000-8000-000000000000/revoke',
      state: (w) => w.state(),
    },
  ],
};
