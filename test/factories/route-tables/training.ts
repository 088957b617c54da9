import { sampleFiles } from '../authoring';
import type { TestApp } from '../../setup/test-app';
import { Caller, RouteTable } from '../scope-matrix';
import { createSession, sessionBody } from '../training';
import type { MatrixWorld } from './world';

/** The matrix world with a session organised by commune A, learnerA invited, its signed sheet uploaded. */
export interface TrainingWorld extends MatrixWorld {
  sessionId: string;
  sessionTitle: string;
  body: Record<string, unknown>;
  training: () => Promise<string>;
}

/** Everything a training call could change, as one comparable string. */
async function trainingState(t: TestApp): Promise<string> {
  const tables = [
    'training_session',
    'training_session_target_role',
    'training_session_counting_role',
    'training_session_invitee',
    'training_attendance',
    'certificate',
  ];
  const sums = await Promise.all(
    tables.map((table) =>
      t.db.query<Array<{ h: string | null }>>(
        `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`,
      ),
    ),
  );
  return tables.map((table, i) => `${table}:${sums[i][0].h}`).join(' ');
}

export async function withSession(t: TestApp, w: MatrixWorld): Promise<TrainingWorld> {
  const sessionTitle = 'Tập huấn Ánh Dương về quyền con người';
  const body = sessionBody(t, w.A.id, { title: sessionTitle, countingRoleIds: [w.hr] });
  const sessionId = await createSession(t, w.tokens.orgA, body);
  const asOrgA = (req: ReturnType<TestApp['http']['post']>) => req.auth(w.tokens.orgA, { type: 'bearer' });
  await asOrgA(t.http.post(`/api/v1/training-sessions/${sessionId}/invitations`))
    .send({ personIds: [w.learnerA.person.id] })
    .expect(201);
  await asOrgA(t.http.post(`/api/v1/training-sessions/${sessionId}/attendance-sheet`))
    .attach('file', sampleFiles.pdf(), 'diem-danh.pdf')
    .expect(204);
  return { ...w, sessionId, sessionTitle, body, training: () => trainingState(t) };
}

const EVERYONE: readonly Caller[] = [
  'orgA',
  'orgB',
  'orgP',
  'orgQ',
  'agencyP',
  'agencyQ',
  'learnerA',
  'learnerB',
  'admin',
];
/** Who reads commune A's session: readers over A, and learnerA, who is invited. */
const SEERS: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin', 'learnerA'];
/** Who reads its invitees and attendance (Policy.TrainingRead over A). */
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
/** Who manages it (Policy.TrainingManage over A). */
const MANAGERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];

const base = (w: TrainingWorld) => `/api/v1/training-sessions/${w.sessionId}`;
const state = (w: TrainingWorld) => w.training();

/** training: in-person sessions, invitations, attendance (API and pages). */
export const TRAINING_ROUTES: RouteTable<TrainingWorld> = {
  context: 'training',
  rows: [
    {
      route: 'POST /api/v1/training-sessions',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/api/v1/training-sessions',
      body: (w) => w.body,
      state,
    },
    {
      route: 'GET /api/v1/training-sessions',
      allow: EVERYONE,
      path: () => '/api/v1/training-sessions',
      shows: { callers: SEERS, markers: (w) => [w.sessionTitle] },
    },
    {
      route: 'GET /api/v1/training-sessions/:id',
      allow: SEERS,
      path: base,
      shows: { callers: SEERS, markers: (w) => [w.sessionTitle] },
    },
    {
      route: 'PUT /api/v1/training-sessions/:id',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: base,
      body: (w) => ({ ...w.body, title: 'Đổi tên' }),
      state,
    },
    {
      route: 'POST /api/v1/training-sessions/:id/invitations',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `${base(w)}/invitations`,
      body: (w) => ({ unitId: w.A.id, roleIds: [w.hr] }),
      state,
    },
    {
      route: 'GET /api/v1/training-sessions/:id/invitations',
      allow: READERS_OF_A,
      path: (w) => `${base(w)}/invitations`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'POST /api/v1/training-sessions/:id/invitations/:personId/answer',
      allow: ['learnerA', ...MANAGERS_OF_A],
      refusalsOnly: true,
      path: (w) => `${base(w)}/invitations/${w.learnerA.person.id}/answer`,
      body: () => ({ answer: 'decline' }),
      state,
    },
    {
      route: 'GET /api/v1/training-sessions/:id/attendance',
      allow: READERS_OF_A,
      path: (w) => `${base(w)}/attendance`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'PUT /api/v1/training-sessions/:id/attendance/:personId',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `${base(w)}/attendance/${w.learnerA.person.id}`,
      body: () => ({ status: 'present' }),
      state,
    },
    {
      route: 'GET /api/v1/training-sessions/:id/walk-ins',
      allow: MANAGERS_OF_A,
      path: (w) => `${base(w)}/walk-ins?q=pham`,
    },
    {
      route: 'POST /api/v1/training-sessions/:id/attendance/close',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `${base(w)}/attendance/close`,
      state,
    },
    {
      route: 'POST /api/v1/training-sessions/:id/attendance-sheet',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      upload: true,
      path: (w) => `${base(w)}/attendance-sheet`,
      state,
    },
    {
      route: 'GET /api/v1/training-sessions/:id/attendance-sheet',
      allow: MANAGERS_OF_A,
      path: (w) => `${base(w)}/attendance-sheet`,
    },
    {
      route: 'POST /api/v1/training-sessions/:id/attendance-imports',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      upload: true,
      path: (w) => `${base(w)}/attendance-imports?dryRun=false`,
      state,
    },
    // pages
    { route: 'GET /training-sessions', allow: EVERYONE, path: () => '/training-sessions' },
    {
      route: 'POST /training-sessions',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: () => '/training-sessions',
      body: (w) => ({
        title: 'Tập huấn mới',
        kind: 'training',
        organiserUnitId: w.A.id,
        startsAt: '2030-01-02T08:00',
        endsAt: '2030-01-02T11:00',
        place: 'Hội trường',
      }),
      state,
    },
    {
      route: 'GET /training-sessions/:id',
      allow: SEERS,
      path: (w) => `/training-sessions/${w.sessionId}`,
      shows: { callers: SEERS, markers: (w) => [w.sessionTitle] },
    },
    {
      route: 'GET /training-sessions/:id/attendance',
      allow: MANAGERS_OF_A,
      path: (w) => `/training-sessions/${w.sessionId}/attendance`,
      shows: { callers: MANAGERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'POST /training-sessions/:id/attendance/:personId',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/training-sessions/${w.sessionId}/attendance/${w.learnerA.person.id}`,
      body: () => ({ status: 'present' }),
      state,
    },
    {
      route: 'POST /training-sessions/:id/close',
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w) => `/training-sessions/${w.sessionId}/close`,
      state,
    },
  ],
};
