/** The answer to cancelling a future-dated move or status change of a person. */
export interface CancelledPersonChange {
  personId: string;
  change: 'move' | 'status';
  /** The first day of the change that was cancelled. */
  cancelledEffectiveFrom: string;
  /** What applies again, and since when: the unit id (move) or the status. */
  restored: { value: string; validFrom: string };
}
