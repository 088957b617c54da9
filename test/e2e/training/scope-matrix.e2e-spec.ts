import { TRAINING_ROUTES, TrainingWorld, withSession } from '../../factories/route-tables/training';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the training route table: every row × every caller kind of own subtree, sibling, ancestor and
 * other province. Commune A's session, its invitee learnerA and their attendance never show to an outsider, and
 * refused writes leave sessions, invitations, attendance and certificates unchanged.
 */

jest.setTimeout(180_000);

describe('scope matrix: training routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: TrainingWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName, w.sessionId, w.sessionTitle]
        : [],
    names: [w.learnerA.person.fullName, w.A.name, w.sessionTitle],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await withSession(t, await buildMatrixWorld(t, () => rosterState(t.db)));
  });
  afterAll(() => t.close());

  it.each(matrixRows(TRAINING_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
