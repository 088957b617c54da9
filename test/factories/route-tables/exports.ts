import type { TestApp } from '../../setup/test-app';
import { Caller, RouteTable } from '../scope-matrix';
import type { CertificateWorld } from './certificates';

/** The certificate world with a finished background export of commune A's people, asked for by orgA. */
export interface ExportWorld extends CertificateWorld {
  exportId: string;
}

export async function withExport(t: TestApp, w: CertificateWorld): Promise<ExportWorld> {
  const res = await t.http
    .post('/api/v1/export-jobs')
    .auth(w.tokens.orgA, { type: 'bearer' })
    .send({ kind: 'people', format: 'csv', unitId: w.A.id })
    .expect(202);
  const { waitForJob } = await import('../certificates');
  await waitForJob(t.db, `export:${res.body.id as string}`);
  return { ...w, exportId: res.body.id as string };
}

/** Who reads lists of commune A (RosterRead / CertificateRead over A). */
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const ANY_READER: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];
const markers = (w: CertificateWorld) => [w.learnerA.person.fullName];

/** exports: list exports, background exports and the export pages. */
export const EXPORT_ROUTES: RouteTable<ExportWorld> = {
  context: 'exports',
  rows: [
    ...(['people.csv', 'certificates.csv', 'exam-results.csv'] as const).map((file) => ({
      route: `GET /api/v1/exports/:file (${file}?unitId=<A>)`,
      allow: READERS_OF_A,
      path: (w: ExportWorld) => `/api/v1/exports/${file}?unitId=${w.A.id}`,
      ...(file === 'exam-results.csv' ? {} : { shows: { callers: READERS_OF_A, markers } }),
    })),
    {
      route: 'GET /api/v1/exports/:file (people.xlsx?unitId=<A>)',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/exports/people.xlsx?unitId=${w.A.id}`,
    },
    {
      route: 'GET /api/v1/exports/:file (people.csv, own scope)',
      allow: ANY_READER,
      path: () => '/api/v1/exports/people.csv',
    },
    {
      route: 'POST /api/v1/export-jobs (unitId <A>)',
      allow: READERS_OF_A,
      path: () => '/api/v1/export-jobs',
      body: (w) => ({ kind: 'people', format: 'csv', unitId: w.A.id }),
    },
    { route: 'GET /api/v1/export-jobs', allow: ANY_READER, path: () => '/api/v1/export-jobs' },
    // orgA's export: only its owner sees it (404 to everyone else)
    { route: 'GET /api/v1/export-jobs/:id', allow: ['orgA'], path: (w) => `/api/v1/export-jobs/${w.exportId}` },
    {
      route: 'GET /api/v1/export-jobs/:id/download (a wrong token)',
      allow: [],
      path: (w) => `/api/v1/export-jobs/${w.exportId}/download?token=wrong`,
      refusals: [403, 404, 410], // the owner is told the link is gone; the others that there is no such export
    },
    ...(['trained.csv', 'untrained.xlsx', 'coverage.csv'] as const).map((file) => ({
      route: `GET /api/v1/exports/:file (${file}?unitId=<A>)`,
      allow: READERS_OF_A,
      path: (w: ExportWorld) => `/api/v1/exports/${file}?unitId=${w.A.id}`,
    })),
    // publishing open data: administrators only (the files and their list are public: route-tables.e2e-spec.ts)
    { route: 'POST /api/v1/open-data/coverage', allow: ['admin'], path: () => '/api/v1/open-data/coverage' },
    { route: 'GET /exports', allow: ANY_READER, path: () => '/exports' },
    {
      route: 'POST /exports (people of <A>, now)',
      allow: READERS_OF_A,
      path: () => '/exports',
      body: (w) => ({ kind: 'people', format: 'csv', unitId: w.A.id, mode: 'now' }),
    },
    { route: 'GET /exports/mine', allow: ANY_READER, path: () => '/exports/mine' },
  ],
};
