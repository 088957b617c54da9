import type { RosterChange } from '@app/org';

/** The roster-change rows of an approval or its withdrawal: one per role it counts for (ids only). */
export function trainingChanges(
  kind: 'training_approved' | 'training_revoked',
  effectiveFrom: string,
  personId: string,
  recordId: string,
  roleIds: readonly string[],
): RosterChange[] {
  return roleIds.map((roleId) => ({ kind, effectiveFrom, personId, roleId, payload: { recordId } }));
}
