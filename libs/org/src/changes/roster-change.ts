/** What a row of the roster change log records (roster_change.kind). */
export const ROSTER_CHANGE_KINDS = [
  'person_joined',
  'person_moved',
  'person_left',
  'person_status',
  'person_role',
  'headcount_declared',
  'unit_renamed',
  'unit_moved',
  'unit_merged',
  'unit_split',
  'unit_closed',
  // certificates: a certificate issued or revoked (personId; payload: certificateId, courseId)
  'certificate_issued',
  'certificate_revoked',
  // training: a record of training done elsewhere approved, or its approval withdrawn (personId; payload: recordId)
  'training_approved',
  'training_revoked',
] as const;
export type RosterChangeKind = (typeof ROSTER_CHANGE_KINDS)[number];

/**
 * The kinds that change the tree itself (which unit lies under which): whatever keeps subtree sums (coverage's
 * rollups, the units' people counts) sums them again for what these touch instead of adding a difference.
 */
export const STRUCTURAL_CHANGE_KINDS: ReadonlySet<RosterChangeKind> = new Set<RosterChangeKind>([
  'unit_moved',
  'unit_merged',
  'unit_split',
  'unit_closed',
]);

/**
 * One change to append. Ids are those the kind concerns: `unitId` is the person's (new) unit or the changed unit,
 * `otherUnitId` the unit left behind (a move's origin, a merge's target, a split's source). `payload` holds the
 * rest (a status, roles added or ended, a headcount's previous figure): ids, codes and figures, never names.
 */
export interface RosterChange {
  kind: RosterChangeKind;
  /** yyyy-mm-dd: the day the change takes effect (may lie in the future). */
  effectiveFrom: string;
  personId?: string | null;
  unitId?: string | null;
  otherUnitId?: string | null;
  roleId?: string | null;
  payload?: Record<string, unknown>;
}

/** A change as read back from the log, in (tx, id) order. */
export interface LoggedRosterChange extends Required<Omit<RosterChange, 'payload'>> {
  /** bigint as text (may exceed 2^53 in a long life). */
  id: string;
  /** The writing transaction's id (xid8, as text). */
  tx: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}
