import { COVERAGE_ROUTES, CoverageWorld, withCoverage } from '../../factories/route-tables/coverage';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the coverage route table: every row × every caller kind of own subtree, sibling, ancestor and
 * other province. Commune A's figures and learnerA (trained) never reach an outsider; a refused target edit
 * changes no target.
 */

jest.setTimeout(180_000);

describe('scope matrix: coverage routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: CoverageWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller) ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName] : [],
    names: [w.learnerA.person.fullName, w.A.name],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await withCoverage(t, await buildMatrixWorld(t, () => rosterState(t.db)));
  });
  afterAll(() => t.close());

  it.each(matrixRows(COVERAGE_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
