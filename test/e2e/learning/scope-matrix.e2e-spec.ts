import {
  buildLearningWorld,
  LEARNING_ROUTES,
  learningLeaks,
  LearningWorld,
} from '../../factories/route-tables/learning';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { checkRow, matrixRows, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the learning route table (test/factories/route-tables/learning.ts), through the shared harness
 * (test/factories/scope-matrix.ts), on the shared world (province P with communes A and B, province Q, a caller of
 * each kind) plus A's courses, assignment and enrolment: every row × every caller kind of own subtree, sibling,
 * ancestor and other province. test/e2e/platform/route-tables.e2e-spec.ts checks every learning route is in the table.
 */

jest.setTimeout(120_000); // ~600 calls on a shared, loaded machine

describe('scope matrix: learning routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: LearningWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildLearningWorld(t, await buildMatrixWorld(t, () => rosterState(t.db)));
  });
  afterAll(() => t.close());

  it.each(matrixRows(LEARNING_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, learningLeaks(w));
  });
});
