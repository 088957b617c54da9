import { Actor, Permission } from '@app/common';
import { admits, firstScopeFor, permissionsOf, Policy, policyAdmits, scopesFor } from './policy';

const actor = (...grants: Array<[Permission, string]>): Actor => ({
  accountId: 'a',
  via: 'api',
  grants: grants.map(([permission, scopeUnitId]) => ({ permission, scopeUnitId })),
});

describe('access policies', () => {
  it('names every policy with at least one permission', () => {
    for (const policy of Object.values(Policy)) expect(permissionsOf(policy).length).toBeGreaterThan(0);
  });

  it('keeps the roster from learners and writes from agencies', () => {
    expect(policyAdmits(Policy.RosterRead, Permission.Agency)).toBe(true);
    expect(policyAdmits(Policy.RosterRead, Permission.Learner)).toBe(false);
    expect(policyAdmits(Policy.RosterWrite, Permission.Agency)).toBe(false);
    expect(policyAdmits(Policy.ContactRead, Permission.Agency)).toBe(false);
    expect(permissionsOf(Policy.JobsRead)).toEqual([Permission.Admin]);
  });

  it('gives the scopes of the admitted grants, each once, in grant order', () => {
    const a = actor(
      [Permission.Learner, 'L'],
      [Permission.Agency, 'G'],
      [Permission.Organiser, 'O'],
      [Permission.Admin, 'O'],
      [Permission.Admin, 'A'],
    );
    expect(scopesFor(a, Policy.RosterRead)).toEqual(['G', 'O', 'A']);
    expect(scopesFor(a, Policy.RosterWrite)).toEqual(['O', 'A']);
    expect(scopesFor(a, Policy.RoleCatalogueRead)).toEqual(['L', 'G', 'O', 'A']);
    expect(firstScopeFor(a, Policy.CourseAuthor)).toBe('O');
    expect(firstScopeFor(actor([Permission.Learner, 'L']), Policy.CourseAuthor)).toBeUndefined();
  });

  it('admits an actor holding one admitted grant anywhere', () => {
    expect(admits(actor([Permission.Agency, 'G']), Policy.AssignmentRead)).toBe(true);
    expect(admits(actor([Permission.Agency, 'G']), Policy.AssignmentManage)).toBe(false);
    expect(admits(actor(), Policy.RoleCatalogueRead)).toBe(false);
  });
});
