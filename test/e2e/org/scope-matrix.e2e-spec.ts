import { IDENTITY_ROUTES } from '../../factories/route-tables/identity';
import { ORG_ROUTES } from '../../factories/route-tables/org';
import { buildMatrixWorld, MatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the org and identity route tables (test/factories/route-tables), through the shared harness
 * (test/factories/scope-matrix.ts): every row × every caller kind of own subtree, sibling, ancestor and other
 * province. Reads: the expected answer, and nothing of commune A in an allowed answer to an outsider. Writes: every
 * caller the table refuses gets 403/404 and the roster and accounts are unchanged (the allowed writes are the
 * context's own e2e specs).
 */

jest.setTimeout(120_000);

describe('scope matrix: org and identity routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: MatrixWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName, w.accounts.learnerA.login]
        : [],
    names: [w.learnerA.person.fullName, w.A.name],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildMatrixWorld(t, () => rosterState(t.db));
  });
  afterAll(() => t.close());

  for (const table of [ORG_ROUTES, IDENTITY_ROUTES]) {
    describe(table.context, () => {
      it.each(matrixRows(table))('$route as $caller: $expected', async ({ row, caller }) => {
        await checkRow(t.http, w, row, caller, w, leaks());
      });
    });
  }
});
