import { CERTIFICATE_ROUTES, CertificateWorld, withCertificate } from '../../factories/route-tables/certificates';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { Caller, checkRow, matrixRows, OUTSIDERS, rosterState } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the certificates route table through the shared harness: every row × every caller kind of
 * own subtree, sibling, ancestor and other province. learnerA's certificate (commune A) must never show to an
 * outsider, and refused writes leave certificates and settings unchanged.
 */

jest.setTimeout(120_000);

describe('scope matrix: certificate routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: CertificateWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [w.A.id, w.A.name, w.learnerA.person.id, w.learnerA.person.fullName, w.certificateId]
        : [],
    names: [w.learnerA.person.fullName, w.A.name],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await withCertificate(t, await buildMatrixWorld(t, () => rosterState(t.db)));
  });
  afterAll(() => t.close());

  it.each(matrixRows(CERTIFICATE_ROUTES))('$route as $caller: $expected', async ({ row, caller }) => {
    await checkRow(t.http, w, row, caller, w, leaks());
  });
});
