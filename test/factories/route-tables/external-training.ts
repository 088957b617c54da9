import type { TestApp } from '../../setup/test-app';
import { externalTrainingState, submitRecord, workshop } from '../external-training';
import { Caller, RouteTable } from '../scope-matrix';
import type { CertificateWorld } from './certificates';

/** The certificate world with two records of training done elsewhere of learnerA (commune A). */
export interface ExternalTrainingWorld extends CertificateWorld {
  /** Submitted by learnerA, awaiting approval. */
  pendingId: string;
  /** Submitted by learnerA, approved by orgA. */
  approvedId: string;
  records: () => Promise<string>;
}

/** The title of learnerA's records: what readers over A find, and outsiders never. */
export const EXTERNAL_TITLE = 'Hội thảo Trung ương về thông tin đối ngoại';

export async function withExternalTraining(t: TestApp, w: CertificateWorld): Promise<ExternalTrainingWorld> {
  const submit = async () =>
    (await submitRecord(t.http, w.tokens.learnerA, workshop({ title: EXTERNAL_TITLE })).expect(201)).body.id as string;
  const pendingId = await submit();
  const approvedId = await submit();
  await t.http
    .post(`/api/v1/external-training/${approvedId}/approve`)
    .auth(w.tokens.orgA, { type: 'bearer' })
    .send({})
    .expect(200);
  return { ...w, pendingId, approvedId, records: () => externalTrainingState(t.db) };
}

const READERS: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];
const EVERYONE: readonly Caller[] = [...READERS, 'learnerA', 'learnerB'];
/** Who sees learnerA's records: the person, and whoever reads records over commune A. */
const SEERS_OF_A: readonly Caller[] = ['learnerA', 'orgA', 'orgP', 'agencyP', 'admin'];
/** Who decides them (Policy.TrainingRecordManage over A; not the person). */
const MANAGERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
const shownToSeers = { callers: ['orgA', 'orgP', 'agencyP', 'admin'] as Caller[], markers: () => [EXTERNAL_TITLE] };
const reason = () => ({ reason: 'Kiểm tra phân quyền' });
const pending = (w: ExternalTrainingWorld) => w.pendingId;
const approved = (w: ExternalTrainingWorld) => w.approvedId;
const state = (w: ExternalTrainingWorld) => w.records();

/** training done elsewhere: the API and the pages ("my training", the approvals). */
export const EXTERNAL_TRAINING_ROUTES: RouteTable<ExternalTrainingWorld> = {
  context: 'training (external)',
  rows: [
    {
      route: 'POST /api/v1/external-training (for learnerA)',
      allow: ['learnerA', 'orgA', 'orgP', 'admin'],
      refusalsOnly: true,
      upload: true,
      path: () => '/api/v1/external-training',
      body: (w) => ({ ...workshop(), personId: w.learnerA.person.id }),
      state,
    },
    {
      route: 'GET /api/v1/external-training',
      allow: READERS,
      path: () => '/api/v1/external-training',
      shows: shownToSeers,
    },
    {
      route: 'GET /api/v1/me/external-training',
      allow: EVERYONE,
      path: () => '/api/v1/me/external-training',
      shows: { callers: ['learnerA'], markers: () => [EXTERNAL_TITLE] },
    },
    {
      route: 'GET /api/v1/external-training/:id',
      allow: SEERS_OF_A,
      path: (w) => `/api/v1/external-training/${pending(w)}`,
    },
    {
      route: 'GET /api/v1/external-training/:id/evidence',
      allow: SEERS_OF_A,
      path: (w) => `/api/v1/external-training/${pending(w)}/evidence`,
    },
    {
      route: 'POST /api/v1/external-training/:id/approve',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/external-training/${pending(w)}/approve`,
      body: () => ({}),
      state,
    },
    {
      route: 'POST /api/v1/external-training/:id/reject',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/external-training/${pending(w)}/reject`,
      body: reason,
      state,
    },
    {
      route: 'POST /api/v1/external-training/:id/revoke',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/external-training/${approved(w)}/revoke`,
      body: reason,
      state,
    },
    // pages
    {
      route: 'GET /my-training',
      allow: EVERYONE,
      path: () => '/my-training',
      shows: { callers: ['learnerA'], markers: () => [EXTERNAL_TITLE] },
    },
    { route: 'GET /my-training/external', allow: EVERYONE, path: () => '/my-training/external' },
    {
      // The form records the caller's own training: an account with no person on the roster gets the form back
      // (400 naming personId), so only learners are "allowed" here.
      route: 'POST /my-training/external',
      allow: ['learnerA', 'learnerB'],
      refusalsOnly: true,
      upload: true,
      path: () => '/my-training/external',
      body: () => ({ ...workshop() }),
      refusals: [400],
      state,
    },
    { route: 'GET /external-training', allow: READERS, path: () => '/external-training?status=', shows: shownToSeers },
    { route: 'GET /external-training/:id', allow: SEERS_OF_A, path: (w) => `/external-training/${pending(w)}` },
    {
      route: 'GET /external-training/:id/evidence',
      allow: SEERS_OF_A,
      path: (w) => `/external-training/${pending(w)}/evidence`,
    },
    {
      route: 'POST /external-training/:id/approve',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/external-training/${pending(w)}/approve`,
      state,
    },
    ...(['reject', 'revoke'] as const).flatMap((op) => {
      const id = op === 'reject' ? pending : approved;
      return [
        {
          route: `GET /external-training/:id/${op}`,
          allow: MANAGERS_OF_A,
          path: (w: ExternalTrainingWorld) => `/external-training/${id(w)}/${op}`,
        },
        {
          route: `POST /external-training/:id/${op}`,
          allow: MANAGERS_OF_A,
          refusalsOnly: true,
          path: (w: ExternalTrainingWorld) => `/external-training/${id(w)}/${op}`,
          body: reason,
          state,
        },
      ];
    }),
  ],
};
