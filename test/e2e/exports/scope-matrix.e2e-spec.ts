import { withCertificate } from '../../factories/route-tables/certificates';
import { EXPORT_ROUTES, ExportWorld, withExport } from '../../factories/route-tables/exports';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the exports route table: every row × every caller kind of own subtree, sibling, ancestor and
 * other province. learnerA (commune A), their certificate and orgA's export never show to an outsider.
 */

jest.setTimeout(180_000);

describe('scope matrix: export routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: ExportWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName, w.exportId]
        : [],
    names: [w.learnerA.person.fullName, w.A.name],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await withExport(t, await withCertificate(t, await buildMatrixWorld(t, () => rosterState(t.db))));
  });
  afterAll(() => t.close());

  it.each(matrixRows(EXPORT_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
