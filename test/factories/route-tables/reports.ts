import type { TestApp } from '../../setup/test-app';
import { Caller, RouteTable } from '../scope-matrix';
import type { MatrixWorld } from './world';

/**
 * The matrix world with statutory reports of commune A (asked for by orgA): a draft, and a submitted one (sent to the
 * province P). `fresh` rows make their own for each call (submit, accept, return).
 */
export interface ReportWorld extends MatrixWorld {
  draftId: string;
  submittedId: string;
  number: string;
  period: { periodFrom: string; periodTo: string };
  newDraft: () => Promise<string>;
  newSubmitted: () => Promise<string>;
  reports: () => Promise<string>;
}

export async function withReports(t: TestApp, w: MatrixWorld): Promise<ReportWorld> {
  const today = t.clock.today();
  const period = { periodFrom: `${today.slice(0, 4)}-01-01`, periodTo: today };
  let n = 0;
  const create = async (number?: string): Promise<string> => {
    const res = await t.http
      .post('/api/v1/reports')
      .auth(w.tokens.orgA, { type: 'bearer' })
      .send({ unitId: w.A.id, kind: 'yearly', ...period, number: number ?? `MATRIX-${++n}/BC` })
      .expect(201);
    return res.body.id as string;
  };
  const newSubmitted = async (): Promise<string> => {
    const id = await create();
    await t.http.post(`/api/v1/reports/${id}/submit`).auth(w.tokens.orgA, { type: 'bearer' }).expect(200);
    return id;
  };
  const number = 'BC-MA-TRAN/A';
  const draftId = await create(number);
  const submittedId = await newSubmitted();
  const reports = async () =>
    JSON.stringify(
      await t.db.query(
        `SELECT r.id, r.status, (SELECT count(*) FROM statutory_report_submission s WHERE s.report_id = r.id) AS n,
                (SELECT string_agg(coalesce(s.decision, '-'), ',' ORDER BY s.seq) FROM statutory_report_submission s
                  WHERE s.report_id = r.id) AS decisions
           FROM statutory_report r ORDER BY r.id`,
      ),
    ) + JSON.stringify(await t.db.query(`SELECT * FROM report_receiver ORDER BY unit_id`));
  return { ...w, draftId, submittedId, number, period, newDraft: () => create(), newSubmitted, reports };
}

/** Who reads commune A's reports (RosterRead over A), and who reads the province P, where A's reports go. */
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const RECEIVERS_OF_A: readonly Caller[] = ['orgP', 'agencyP', 'admin'];
const ANY_READER: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];
const state = (w: ReportWorld) => w.reports();
const freshDraft = async (w: ReportWorld): Promise<ReportWorld> => ({ ...w, draftId: await w.newDraft() });
const freshSubmitted = async (w: ReportWorld): Promise<ReportWorld> => ({ ...w, submittedId: await w.newSubmitted() });

/** exports: statutory reports, the API and the pages. */
export const REPORT_ROUTES: RouteTable<ReportWorld> = {
  context: 'reports',
  rows: [
    {
      route: 'POST /api/v1/reports (unitId <A>)',
      allow: READERS_OF_A,
      path: () => '/api/v1/reports',
      body: (w) => ({ unitId: w.A.id, kind: 'yearly', ...w.period }),
      state,
      changes: true,
    },
    {
      route: 'GET /api/v1/reports',
      allow: ANY_READER,
      path: () => '/api/v1/reports',
      shows: { callers: READERS_OF_A, markers: (w) => [w.number] },
    },
    {
      route: 'GET /api/v1/reports/:id (draft of <A>)',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/reports/${w.draftId}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.number, w.A.name] },
    },
    {
      route: 'GET /api/v1/reports/:id/files/:format (submitted report of <A>, pdf)',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/reports/${w.submittedId}/files/pdf`,
    },
    {
      route: 'POST /api/v1/reports/:id/submit (a draft of <A>)',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/reports/${w.draftId}/submit`,
      fresh: freshDraft,
      state,
      changes: true,
    },
    {
      route: 'POST /api/v1/reports/:id/accept (sent by <A> to <P>)',
      allow: RECEIVERS_OF_A,
      path: (w) => `/api/v1/reports/${w.submittedId}/accept`,
      fresh: freshSubmitted,
      state,
      changes: true,
    },
    {
      route: 'POST /api/v1/reports/:id/return (sent by <A> to <P>)',
      allow: RECEIVERS_OF_A,
      path: (w) => `/api/v1/reports/${w.submittedId}/return`,
      body: () => ({ comment: 'Bổ sung số liệu.' }),
      fresh: freshSubmitted,
      state,
      changes: true,
    },
    {
      route: 'GET /api/v1/reports/receivers/:unitId (<A>)',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/reports/receivers/${w.A.id}`,
    },
    {
      // Sets the parent explicitly: where A's reports go does not change for the other rows.
      route: 'PUT /api/v1/reports/receivers/:unitId (<A> → <P>)',
      allow: ['admin'],
      path: (w) => `/api/v1/reports/receivers/${w.A.id}`,
      body: (w) => ({ receiverUnitId: w.P.id }),
      state,
    },
    {
      route: 'GET /reports',
      allow: ANY_READER,
      path: () => '/reports',
      shows: { callers: READERS_OF_A, markers: (w) => [w.number] },
    },
    {
      route: 'POST /reports (a draft of <A>)',
      allow: READERS_OF_A,
      path: () => '/reports',
      body: (w) => ({ unitId: w.A.id, kind: 'yearly', ...w.period }),
      state,
      changes: true,
    },
    {
      route: 'GET /reports/:id (draft of <A>)',
      allow: READERS_OF_A,
      path: (w) => `/reports/${w.draftId}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.number] },
    },
    {
      route: 'GET /reports/:id/:action (submit a draft of <A>)',
      allow: READERS_OF_A,
      path: (w) => `/reports/${w.draftId}/submit`,
    },
    {
      route: 'POST /reports/:id/:action (submit a draft of <A>)',
      allow: READERS_OF_A,
      path: (w) => `/reports/${w.draftId}/submit`,
      fresh: freshDraft,
      state,
      changes: true,
    },
    {
      route: 'POST /reports/:id/:action (accept, sent by <A> to <P>)',
      allow: RECEIVERS_OF_A,
      path: (w) => `/reports/${w.submittedId}/accept`,
      fresh: freshSubmitted,
      state,
      changes: true,
    },
  ],
};
