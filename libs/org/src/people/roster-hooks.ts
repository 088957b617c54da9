import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Called inside the transaction that changed the people (their unit, roles or status): listeners see the
 * uncommitted rows through `manager`, and what they write commits or rolls back with the change.
 */
export type RosterListener = (personIds: string[], manager: EntityManager) => Promise<void>;

/** A unit closed by a merge or split and the unit that takes its place from `effectiveFrom`. */
export interface UnitSuccession {
  fromUnitId: string;
  toUnitId: string;
  effectiveFrom: string;
}

/**
 * Called inside the transaction that merged or split units: what other libs attach to a unit (grants' scopes,
 * courses owned, assignments) follows it to its successor, committing or rolling back with the change.
 */
export type UnitSuccessionListener = (successions: UnitSuccession[], manager: EntityManager) => Promise<void>;

/**
 * A small registry through which other libs follow roster changes without org knowing them (e.g. learning
 * enrols people who now match an assignment). Org calls peopleChanged() after it writes memberships, roles or
 * statuses; a listener that throws rolls the change back.
 */
@Injectable()
export class RosterHooks {
  private readonly listeners: RosterListener[] = [];
  private readonly successionListeners: UnitSuccessionListener[] = [];

  /** Adds a listener; returns a function that removes it again. */
  register(listener: RosterListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Adds a listener to units closed into a successor; returns a function that removes it again. */
  registerUnitSuccession(listener: UnitSuccessionListener): () => void {
    this.successionListeners.push(listener);
    return () => {
      const i = this.successionListeners.indexOf(listener);
      if (i >= 0) this.successionListeners.splice(i, 1);
    };
  }

  /** Units just closed into successors in `manager`'s transaction (merge, split, restructuring plan). */
  async unitsSucceeded(successions: readonly UnitSuccession[], manager: EntityManager): Promise<void> {
    if (this.successionListeners.length === 0 || successions.length === 0) return;
    for (const listener of this.successionListeners) await listener([...successions], manager);
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
