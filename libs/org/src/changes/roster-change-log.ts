import type { EntityManager } from 'typeorm';
import { pgArray } from '../seed/bulk-load';
import type { RosterChange } from './roster-change';

/** The columns a SELECT given to appendSelected must yield, in this order. */
export const ROSTER_CHANGE_COLUMNS = 'kind, effective_from, person_id, unit_id, other_unit_id, role_id, payload';

/**
 * The one writer of the roster change log (roster_change): every roster change appends its rows here, through the
 * caller's EntityManager, so they commit or roll back with the change itself. Its consumers (RosterChangeFeed) fold
 * it: coverage's rollups and the units' people counts (UnitPeopleCountUpkeep).
 *
 * Why a log and not counters: DESIGN.md measured that updating ancestor counters in the same transaction as each
 * change collapses to ~620 writes/s (every write locks the root's row), while appending change rows and folding
 * them every few seconds sustains ~4,400/s. Appends never contend: each writer only inserts its own rows.
 *
 * Both methods write set-based: one INSERT … SELECT per call, however many rows.
 */
export const RosterChangeLog = {
  /** Appends the changes (one statement for all of them). */
  async append(m: EntityManager, changes: readonly RosterChange[]): Promise<void> {
    if (changes.length === 0) return;
    const col = (f: (c: RosterChange) => string | null | undefined): string =>
      pgArray(changes.map((c) => f(c) ?? null));
    await m.query(
      `INSERT INTO roster_change (${ROSTER_CHANGE_COLUMNS})
       SELECT kind, effective_from, person_id, unit_id, other_unit_id, role_id, coalesce(payload, '{}')
         FROM unnest($1::text[], $2::date[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::jsonb[])
           AS x(kind, effective_from, person_id, unit_id, other_unit_id, role_id, payload)`,
      [
        col((c) => c.kind),
        col((c) => c.effectiveFrom),
        col((c) => c.personId),
        col((c) => c.unitId),
        col((c) => c.otherUnitId),
        col((c) => c.roleId),
        col((c) => (c.payload ? JSON.stringify(c.payload) : null)),
      ],
    );
  },

  /**
   * Appends the rows of a SELECT that yields ROSTER_CHANGE_COLUMNS in order (kind text, effective_from date,
   * person_id, unit_id, other_unit_id, role_id uuid, payload jsonb): for bulk writers whose changes are already in
   * a table (the roster import's stage), so they never travel to the application and back.
   */
  async appendSelected(m: EntityManager, select: string, params: unknown[] = []): Promise<void> {
    await m.query(RosterChangeLog.insertSelected(select), params);
  },

  /**
   * The INSERT of appendSelected as SQL text, for a bulk statement that appends its log rows itself (as its last
   * part, after data-modifying CTEs: PersonWriter), so that its rows are not sent twice.
   */
  insertSelected(select: string): string {
    return `INSERT INTO roster_change (${ROSTER_CHANGE_COLUMNS}) ${select}`;
  },
};
