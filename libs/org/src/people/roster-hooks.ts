import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Called inside the transaction that changed the people (their unit, roles or status): listeners see the
 * uncommitted rows through `manager`, and what they write commits or rolls back with the change.
 */
export type RosterListener = (personIds: string[], manager: EntityManager) => Promise<void>;

/**
 * A small registry through which other libs follow roster changes without org knowing them (e.g. learning
 * enrols people who now match an assignment). Org calls peopleChanged() after it writes memberships, roles or
 * statuses; a listener that throws rolls the change back.
 */
@Injectable()
export class RosterHooks {
  private readonly listeners: RosterListener[] = [];

  /** Adds a listener; returns a function that removes it again. */
  register(listener: RosterListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The people whose membership, roles or status were just written in `manager`'s transaction. */
  async peopleChanged(personIds: readonly string[], manager: EntityManager): Promise<void> {
    if (this.listeners.length === 0 || personIds.length === 0) return;
    const ids = [...new Set(personIds)];
    for (const listener of this.listeners) await listener(ids, manager);
  }

  /** Everyone with an open membership in the subtrees of these units (after a unit moved, merged or split). */
  async subtreesChanged(unitIds: readonly string[], manager: EntityManager): Promise<void> {
    if (this.listeners.length === 0 || unitIds.length === 0) return;
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT DISTINCT m.person_id AS id
         FROM org_unit_closure c JOIN person_membership m ON m.unit_id = c.descendant_id
        WHERE c.ancestor_id = ANY($1::uuid[]) AND m.valid_to IS NULL`,
      [[...new Set(unitIds)]],
    );
    await this.peopleChanged(
      rows.map((r) => r.id),
      manager,
    );
  }
}
