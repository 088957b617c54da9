import { Caller, RouteTable } from '../scope-matrix';
import type { MatrixWorld } from './world';

/** Who reads A's roster (Policy.RosterRead over A) and who manages it (Policy.RosterWrite over A). */
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const MANAGERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
/** Structural changes to A belong to the level above it (Policy.UnitRestructure). */
const ABOVE_A: readonly Caller[] = ['orgP', 'admin'];
const ANY_READER: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];
const ANY_MANAGER: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'admin'];
const EVERYONE: readonly Caller[] = [...ANY_READER, 'learnerA', 'learnerB'];

const person = (w: MatrixWorld) => w.learnerA.person.id;
const NOBODY = '00000000-0000-4000-8000-000000000000';
const today = () => new Date().toISOString().slice(0, 10);

/** org: units, people, headcounts, roster import and export, roles (API and pages). */
export const ORG_ROUTES: RouteTable<MatrixWorld> = {
  context: 'org',
  rows: [
    // units
    {
      route: 'GET /api/v1/units',
      allow: ANY_READER,
      path: () => '/api/v1/units',
      shows: { callers: READERS_OF_A, markers: (w) => [w.P.id] },
    },
    { route: 'GET /api/v1/units?parentId=<A>', allow: READERS_OF_A, path: (w) => `/api/v1/units?parentId=${w.A.id}` },
    { route: 'GET /api/v1/units/:id', allow: READERS_OF_A, path: (w) => `/api/v1/units/${w.A.id}` },
    { route: 'GET /api/v1/units/:id/tree', allow: READERS_OF_A, path: (w) => `/api/v1/units/${w.A.id}/tree` },
    {
      route: 'POST /api/v1/units',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/api/v1/units',
      body: (w) => ({ parentId: w.A.id, code: 'MATRIX-NEW', name: 'Thôn Mới', type: 'other' }),
      state: (w) => w.state(),
    },
    ...(['rename', 'move', 'close', 'split'] as const).map((op) => ({
      route: `POST /api/v1/units/:id/${op}`,
      allow: ABOVE_A,
      refusalsOnly: true,
      path: (w: MatrixWorld) => `/api/v1/units/${w.A.id}/${op}`,
      body: (w: MatrixWorld) =>
        op === 'rename'
          ? { name: 'Xã Đổi Tên' }
          : op === 'move'
            ? { parentId: w.B.id }
            : op === 'split'
              ? {
                  parts: [
                    { code: 'MATRIX-S1', name: 'Xã Tách Một', personIds: [person(w)] },
                    { code: 'MATRIX-S2', name: 'Xã Tách Hai', personIds: [] },
                  ],
                }
              : {},
      state: (w: MatrixWorld) => w.state(),
    })),
    ...(['rename', 'move'] as const).map((op) => ({
      route: `POST /api/v1/units/:id/${op}/cancel`,
      allow: ABOVE_A,
      refusalsOnly: true,
      path: (w: MatrixWorld) => `/api/v1/units/${w.A.id}/${op}/cancel`,
      state: (w: MatrixWorld) => w.state(),
      refusals: [403, 404, 409], // nothing to cancel: the level above is told so
    })),
    {
      route: 'POST /api/v1/units/merge',
      allow: ABOVE_A,
      refusalsOnly: true,
      path: () => '/api/v1/units/merge',
      body: (w) => ({ sourceIds: [w.A.id], targetId: w.B.id }),
      state: (w) => w.state(),
    },
    // people
    {
      route: 'GET /api/v1/people?unitId=<A>',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/people?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [person(w)] },
    },
    { route: 'GET /api/v1/people', allow: ANY_READER, path: () => '/api/v1/people' },
    { route: 'GET /api/v1/people/:id', allow: READERS_OF_A, path: (w) => `/api/v1/people/${person(w)}` },
    {
      route: 'GET /api/v1/people/:id/history',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/people/${person(w)}/history`,
    },
    {
      route: 'POST /api/v1/people',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/api/v1/people',
      body: (w) => ({ fullName: 'Lê Văn Mới', unitId: w.A.id, roleIds: [w.hr] }),
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/people/:id/move',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/people/${person(w)}/move`,
      body: (w) => ({ unitId: w.A.id }),
      state: (w) => w.state(),
    },
    {
      route: 'POST /api/v1/people/:id/status',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/people/${person(w)}/status`,
      body: () => ({ status: 'on_leave', effectiveFrom: today() }),
      state: (w) => w.state(),
    },
    ...(['move', 'status'] as const).map((op) => ({
      route: `POST /api/v1/people/:id/${op}/cancel`,
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w: MatrixWorld) => `/api/v1/people/${person(w)}/${op}/cancel`,
      state: (w: MatrixWorld) => w.state(),
    })),
    // headcounts
    {
      route: 'GET /api/v1/units/:unitId/headcounts',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/units/${w.A.id}/headcounts`,
    },
    {
      route: 'GET /api/v1/units/:unitId/headcounts/history',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/units/${w.A.id}/headcounts/history`,
    },
    {
      route: 'PUT /api/v1/units/:unitId/headcounts/:year',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/units/${w.A.id}/headcounts/${w.year}`,
      body: (w) => ({ items: [{ roleId: w.hr, headcount: 7 }] }),
      state: (w) => w.state(),
    },
    // roster import and export (a batch id of nobody: 404 for every caller kind is the refusal)
    {
      route: 'GET /api/v1/roster/export.csv?unitId=<A>',
      allow: MANAGERS_OF_A,
      path: (w) => `/api/v1/roster/export.csv?unitId=${w.A.id}`,
      shows: { callers: MANAGERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'POST /api/v1/roster-imports?unitId=<A> (no file)',
      allow: [],
      path: (w) => `/api/v1/roster-imports?unitId=${w.A.id}&dryRun=true`,
      state: (w) => w.state(),
      refusals: [400, 403, 404], // managers of A are told the file is missing; nothing is written either way
    },
    // a batch id of nobody: every caller is refused (404 to those who may import, 403 to the others)
    ...[
      'GET /api/v1/roster-imports/:id',
      'GET /api/v1/roster-imports/:id/errors.csv',
      'GET /roster-import/:id',
      'GET /roster-import/:id/errors.csv',
      'POST /roster-import/:id/commit',
    ].map((route) => ({
      route: `${route} (a batch of nobody)`,
      allow: [] as Caller[],
      path: () => route.split(' ')[1].replace(':id', NOBODY),
      state: (w: MatrixWorld) => w.state(),
    })),
    {
      route: 'POST /roster-import (no file)',
      allow: [],
      path: () => '/roster-import',
      state: (w) => w.state(),
      refusals: [400, 403, 404],
    },
    // restructuring plans (issue 13): managers list theirs and download the template; an upload without a file
    // writes nothing; a plan of nobody is refused to everyone
    { route: 'GET /api/v1/restructure-plans', allow: ANY_MANAGER, path: () => '/api/v1/restructure-plans' },
    {
      route: 'GET /api/v1/restructure-plans/template.csv',
      allow: ANY_MANAGER,
      path: () => '/api/v1/restructure-plans/template.csv',
    },
    {
      route: 'POST /api/v1/restructure-plans?unitId=<A> (no file)',
      allow: [],
      path: (w) => `/api/v1/restructure-plans?unitId=${w.A.id}`,
      state: (w) => w.state(),
      refusals: [400, 403, 404],
    },
    ...[
      'GET /api/v1/restructure-plans/:id',
      'POST /api/v1/restructure-plans/:id/commit',
      'GET /units/restructure/:id',
      'POST /units/restructure/:id/commit',
    ].map((route) => ({
      route: `${route} (a plan of nobody)`,
      allow: [] as Caller[],
      path: () => route.split(' ')[1].replace(':id', NOBODY),
      state: (w: MatrixWorld) => w.state(),
    })),
    { route: 'GET /units/restructure', allow: ANY_MANAGER, path: () => '/units/restructure' },
    {
      route: 'POST /units/restructure (no file)',
      allow: [],
      path: () => '/units/restructure',
      state: (w) => w.state(),
      refusals: [400, 403, 404],
    },
    // roles
    { route: 'GET /api/v1/roles', allow: EVERYONE, path: () => '/api/v1/roles' },
    { route: 'GET /api/v1/roles/:id', allow: EVERYONE, path: (w) => `/api/v1/roles/${w.hr}` },
    {
      route: 'POST /api/v1/roles',
      allow: ['admin'],
      refusalsOnly: true,
      path: () => '/api/v1/roles',
      body: () => ({ code: 'MATRIX_ROLE', nameVi: 'Vai trò thử', nameEn: 'Test role' }),
      state: (w) => w.state(),
    },
    ...(['retire', 'restore'] as const).map((op) => ({
      route: `POST /api/v1/roles/:id/${op}`,
      allow: ['admin'] as const,
      refusalsOnly: true,
      path: (w: MatrixWorld) => `/api/v1/roles/${w.hr}/${op}`,
      state: (w: MatrixWorld) => w.state(),
    })),
    // pages
    { route: 'GET /units', allow: ANY_READER, path: () => '/units' },
    { route: 'GET /units/official', allow: ['admin'], path: () => '/units/official' },
    {
      route: 'POST /units/official',
      allow: ['admin'],
      path: () => '/units/official',
      body: () => ({ mode: 'dry_run', province: '86', effectiveFrom: today() }),
    },
    { route: 'GET /units/:id', allow: READERS_OF_A, path: (w) => `/units/${w.A.id}` },
    { route: 'GET /units/:id/headcounts', allow: READERS_OF_A, path: (w) => `/units/${w.A.id}/headcounts` },
    {
      route: 'POST /units/:id/headcounts',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/units/${w.A.id}/headcounts`,
      body: (w) => ({ year: String(w.year), [`h_${w.hr}`]: '9' }),
      state: (w) => w.state(),
    },
    { route: 'GET /people', allow: ANY_READER, path: () => '/people' },
    { route: 'GET /people/:id', allow: READERS_OF_A, path: (w) => `/people/${person(w)}` },
    { route: 'GET /roster-import', allow: ANY_MANAGER, path: () => '/roster-import' },
    // the downloads beside the import form: the template names the caller's own unit, the unit list their subtrees
    ...['template.csv', 'template.xlsx', 'roles.csv'].map((file) => ({
      route: `GET /roster-import/${file}`,
      allow: ANY_MANAGER,
      path: () => `/roster-import/${file}`,
    })),
    {
      route: 'GET /roster-import/units.csv',
      allow: ANY_MANAGER,
      path: () => '/roster-import/units.csv',
      shows: { callers: MANAGERS_OF_A, markers: (w) => [w.A.code, w.A.name] },
    },
  ],
};
