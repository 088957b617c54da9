import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import type { TestApp } from '../../setup/test-app';
import type { GivenAccount } from '../identity';
import type { GivenLearner } from '../roster';
import { Caller, CALLERS, MatrixCallers } from '../scope-matrix';

/**
 * The world of the org and identity route tables: province P with communes A and B, province Q; a caller of each
 * kind (see CALLERS); learnerA is a person on A's roster with a learner account. Everything of A is what outsiders
 * must never see.
 */
export interface MatrixWorld extends MatrixCallers {
  P: UnitResponse;
  A: UnitResponse;
  B: UnitResponse;
  Q: UnitResponse;
  accounts: Record<Caller, GivenAccount>;
  learnerA: GivenLearner;
  hr: string;
  year: number;
  state: () => Promise<string>;
}

export async function buildMatrixWorld(t: TestApp, state: () => Promise<string>): Promise<MatrixWorld> {
  const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
  const A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
  const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
  const Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Quảng Xa' });
  const account = (permission: Permission, scopeUnit: { id: string }) => t.given.account({ permission, scopeUnit });
  const learnerA = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Phạm Thị Ánh Tuyết' });
  const accounts: Record<Caller, GivenAccount> = {
    orgA: await account(Permission.Organiser, A),
    orgB: await account(Permission.Organiser, B),
    orgP: await account(Permission.Organiser, P),
    orgQ: await account(Permission.Organiser, Q),
    agencyP: await account(Permission.Agency, P),
    agencyQ: await account(Permission.Agency, Q),
    learnerA,
    learnerB: await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đỗ Văn Bình' }),
    admin: await t.given.account({ permission: Permission.Admin }),
  };
  const tokens = {} as MatrixWorld['tokens'];
  const web = {} as MatrixWorld['web'];
  for (const caller of CALLERS) {
    tokens[caller] = await t.given.tokenFor(accounts[caller]);
    web[caller] = await t.given.webLogin(accounts[caller]);
  }
  const year = Number(t.clock.today().slice(0, 4));
  return { P, A, B, Q, accounts, learnerA, hr: await t.given.roleId('HR_OFFICIAL'), year, tokens, web, state };
}
