import { COVERAGE_CONSUMER, CoverageUpkeep } from '@app/coverage';
import type { TestApp } from '../../setup/test-app';
import { countingCourse, writeCertificate } from '../coverage';
import { Caller, RouteTable } from '../scope-matrix';
import type { MatrixWorld } from './world';

/** The matrix world with a counting course of province P and a certificate of learnerA (commune A), folded. */
export interface CoverageWorld extends MatrixWorld {
  courseId: string;
  targets: () => Promise<string>;
}

/**
 * Runs the coverage upkeep until the change log is folded to its end (and with `snapshots`, every month end has its
 * snapshot again). The feed reads only transactions older than every running one, on this shared server too, so
 * it may wait behind a long transaction elsewhere: up to 1,800 runs.
 */
export async function coverageCaughtUp(t: TestApp, { snapshots = false } = {}): Promise<void> {
  for (let i = 0; i < 1_800; i++) {
    await t.app.get(CoverageUpkeep).run();
    const [row] = await t.db.query<Array<{ done: boolean }>>(
      `SELECT coalesce((SELECT max(id) FROM roster_change), 0)
              <= coalesce((SELECT last_id FROM roster_change_cursor WHERE consumer = $1), 0)
          AND (NOT $2 OR (SELECT count(*) FROM coverage_snapshot_month) >=
               (SELECT count(*) FROM generate_series(DATE '2023-02-01', CURRENT_DATE, interval '1 month') g
                 WHERE g::date - 1 < CURRENT_DATE)) AS done`,
      [COVERAGE_CONSUMER, snapshots],
    );
    if (row.done) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the coverage upkeep did not catch up');
}

export async function withCoverage(t: TestApp, w: MatrixWorld): Promise<CoverageWorld> {
  const courseId = await countingCourse(t, w.P);
  await writeCertificate(t, {
    personId: w.learnerA.person.id,
    courseId,
    authorityUnitId: w.P.id,
    issuedOn: t.clock.today(),
  });
  await coverageCaughtUp(t);
  const targets = async () =>
    JSON.stringify(await t.db.query(`SELECT * FROM coverage_target ORDER BY id`)) +
    JSON.stringify(await t.db.query(`SELECT * FROM coverage_target_course ORDER BY target_id, course_id`));
  return { ...w, courseId, targets };
}

/** Who reads commune A's coverage and its people: its organiser, the province's organiser and agency, admins. */
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const READERS_OF_P: readonly Caller[] = ['orgP', 'agencyP', 'admin'];
const READERS: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];

/** coverage: the dashboard's API and the targets. */
export const COVERAGE_ROUTES: RouteTable<CoverageWorld> = {
  context: 'coverage',
  rows: [
    {
      route: 'GET /api/v1/coverage',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/coverage?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /api/v1/coverage/trend',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/coverage/trend?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /api/v1/coverage/ranking',
      allow: READERS_OF_P,
      path: (w) => `/api/v1/coverage/ranking?unitId=${w.P.id}`,
      shows: { callers: READERS_OF_P, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /api/v1/coverage/untrained',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/coverage/untrained?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /api/v1/coverage/trained',
      allow: READERS_OF_A,
      path: (w) => `/api/v1/coverage/trained?unitId=${w.A.id}&roleId=${w.hr}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'GET /coverage',
      allow: READERS_OF_A,
      path: (w) => `/coverage?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /coverage/untrained',
      allow: READERS_OF_A,
      path: (w) => `/coverage/untrained?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.A.name] },
    },
    {
      route: 'GET /coverage/trained',
      allow: READERS_OF_A,
      path: (w) => `/coverage/trained?unitId=${w.A.id}&roleId=${w.hr}`,
      shows: { callers: READERS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    { route: 'GET /api/v1/coverage/targets', allow: READERS, path: () => '/api/v1/coverage/targets' },
    {
      route: 'PUT /api/v1/coverage/targets/:roleId',
      allow: ['admin'],
      refusalsOnly: true,
      path: (w) => `/api/v1/coverage/targets/${w.hr}`,
      body: () => ({ percent: 90, deadline: '2028-12-31' }),
      state: (w) => w.targets(),
    },
  ],
};
