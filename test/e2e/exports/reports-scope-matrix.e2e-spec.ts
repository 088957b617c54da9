import { REPORT_ROUTES, ReportWorld, withReports } from '../../factories/route-tables/reports';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the statutory reports' route table: every row × every caller kind of own subtree, sibling,
 * ancestor and other province. Commune A's reports never show to an outsider; only readers of the receiving unit (P)
 * accept or return them.
 */

jest.setTimeout(240_000);

describe('scope matrix: report routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: ReportWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller) ? [w.A.id, w.A.name, w.draftId, w.submittedId, w.number] : [],
    names: [w.A.name, w.number],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await withReports(t, await buildMatrixWorld(t, () => rosterState(t.db)));
  });
  afterAll(() => t.close());

  it.each(matrixRows(REPORT_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
