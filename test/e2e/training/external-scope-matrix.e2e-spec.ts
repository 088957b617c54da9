import { withCertificate } from '../../factories/route-tables/certificates';
import {
  EXTERNAL_TRAINING_ROUTES,
  ExternalTrainingWorld,
  withExternalTraining,
} from '../../factories/route-tables/external-training';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of training done elsewhere through the shared harness: every row × every caller kind of own
 * subtree, sibling, ancestor and other province. learnerA's records (commune A) never show to an outsider; refused
 * records, approvals, rejections and revocations leave the records and the roster change log unchanged.
 */

jest.setTimeout(120_000);

describe('scope matrix: training done elsewhere × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: ExternalTrainingWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName, w.pendingId, w.approvedId]
        : [],
    names: [w.learnerA.person.fullName, w.A.name],
  });

  beforeAll(async () => {
    t = await createTestApp();
    const world = await buildMatrixWorld(t, () => rosterState(t.db));
    w = await withExternalTraining(t, await withCertificate(t, world));
  });
  afterAll(() => t.close());

  it.each(matrixRows(EXTERNAL_TRAINING_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
