import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@app/common';
import { vietnameseOrder } from '@app/db';

export interface UnitState {
  id: string;
  code: string;
  name: string;
  type: string;
  parentId: string | null;
  status: 'active' | 'closed';
  versionFrom: string;
}

/**
 * Writes of the unit tree over time: org_unit (current state), org_unit_version (every state with its
 * [valid_from, valid_to) period) and org_unit_closure (the current subtree index). Writes always inside a
 * transaction; the tree as of a date is read outside one.
 */
@Injectable()
export class UnitHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Locks the unit row for the rest of the transaction. */
  async lockState(m: EntityManager, unitId: string): Promise<UnitState | null> {
    const rows = await m.query<UnitState[]>(
      `SELECT u.id, u.code, u.name, u.type, u.parent_id AS "parentId", u.status,
              coalesce(to_char(v.valid_from, 'YYYY-MM-DD'), '0001-01-01') AS "versionFrom"
         FROM org_unit u
         LEFT JOIN org_unit_version v ON v.unit_id = u.id AND v.valid_to IS NULL
        WHERE u.id = $1
        FOR UPDATE OF u`,
      [unitId],
    );
    return rows[0] ?? null;
  }

  /** The unit, locked for the rest of the caller's transaction; 404 if unknown, 409 if closed. */
  async lockActive(m: EntityManager, unitId: string): Promise<UnitState> {
    const unit = await this.lockState(m, unitId);
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    if (unit.status !== 'active') throw new ConflictError(`unit ${unit.code} is closed`);
    return unit;
  }

  /**
   * Ends the open version on `from` and opens a new one with the unit's current columns.
   * A change effective on the open version's own first day replaces that version instead.
   */
  async newVersion(
    m: EntityManager,
    unitId: string,
    from: string,
    change: string,
    actorId: string | null,
  ): Promise<void> {
    await m.query(`DELETE FROM org_unit_version WHERE unit_id = $1 AND valid_to IS NULL AND valid_from = $2::date`, [
      unitId,
      from,
    ]);
    await m.query(`UPDATE org_unit_version SET valid_to = $2::date WHERE unit_id = $1 AND valid_to IS NULL`, [
      unitId,
      from,
    ]);
    await m.query(
      `INSERT INTO org_unit_version (unit_id, valid_from, valid_to, code, name, type, parent_id, change, changed_by)
       SELECT id, $2::date, CASE WHEN status = 'closed' THEN closed_on END, code, name, type, parent_id, $3, $4::uuid
         FROM org_unit WHERE id = $1`,
      [unitId, from, change, actorId],
    );
  }

  /** The open version (valid_to null): its first day and the change that opened it. */
  async openVersion(
    m: EntityManager,
    unitId: string,
  ): Promise<{ id: string; validFrom: string; change: string } | null> {
    const rows = await m.query<Array<{ id: string; validFrom: string; change: string }>>(
      `SELECT id, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", change
         FROM org_unit_version WHERE unit_id = $1 AND valid_to IS NULL`,
      [unitId],
    );
    return rows[0] ?? null;
  }

  /** The version that ended on `day` (the one before the version starting that day). */
  async versionEndingOn(
    m: EntityManager,
    unitId: string,
    day: string,
  ): Promise<{ id: string; name: string; parentId: string | null } | null> {
    const rows = await m.query<Array<{ id: string; name: string; parentId: string | null }>>(
      `SELECT id, name, parent_id AS "parentId" FROM org_unit_version
        WHERE unit_id = $1 AND valid_to = $2::date ORDER BY valid_from DESC LIMIT 1`,
      [unitId, day],
    );
    return rows[0] ?? null;
  }

  /** Drops the open version `openId` and opens `previousId` again (cancelling a change dated in the future). */
  async reopenVersion(m: EntityManager, unitId: string, openId: string, previousId: string): Promise<void> {
    await m.query(`DELETE FROM org_unit_version WHERE unit_id = $1 AND id = $2 AND valid_to IS NULL`, [unitId, openId]);
    await m.query(`UPDATE org_unit_version SET valid_to = NULL WHERE unit_id = $1 AND id = $2`, [unitId, previousId]);
  }

  /** Ends the open version on `on` (the unit leaves the tree from that day). */
  async endVersion(m: EntityManager, unitId: string, on: string): Promise<void> {
    await m.query(`DELETE FROM org_unit_version WHERE unit_id = $1 AND valid_to IS NULL AND valid_from = $2::date`, [
      unitId,
      on,
    ]);
    await m.query(`UPDATE org_unit_version SET valid_to = $2::date WHERE unit_id = $1 AND valid_to IS NULL`, [
      unitId,
      on,
    ]);
  }

  async rename(m: EntityManager, unitId: string, name: string): Promise<void> {
    await m.query(`UPDATE org_unit SET name = $2, updated_at = now() WHERE id = $1`, [unitId, name]);
  }

  /** Re-parents a whole subtree in the closure table: two statements whatever its size. */
  async reparent(m: EntityManager, unitId: string, newParentId: string): Promise<void> {
    await m.query(
      `DELETE FROM org_unit_closure c
        USING org_unit_closure sub, org_unit_closure sup
        WHERE sub.ancestor_id = $1 AND c.descendant_id = sub.descendant_id
          AND sup.descendant_id = $1 AND sup.ancestor_id <> $1 AND c.ancestor_id = sup.ancestor_id`,
      [unitId],
    );
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT p.ancestor_id, s.descendant_id, p.depth + s.depth + 1
         FROM org_unit_closure p CROSS JOIN org_unit_closure s
        WHERE p.descendant_id = $2 AND s.ancestor_id = $1`,
      [unitId, newParentId],
    );
    await m.query(`UPDATE org_unit SET parent_id = $2, updated_at = now() WHERE id = $1`, [unitId, newParentId]);
  }

  async childIds(m: EntityManager, unitId: string): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT id FROM org_unit WHERE parent_id = $1 AND status = 'active'`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }

  async isWithin(m: EntityManager, ancestorId: string, descendantId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM org_unit_closure WHERE ancestor_id = $1 AND descendant_id = $2`,
      [ancestorId, descendantId],
    );
    return rows.length > 0;
  }

  async close(m: EntityManager, unitId: string, on: string, successorId: string | null): Promise<void> {
    await m.query(
      `UPDATE org_unit SET status = 'closed', closed_on = $2::date, successor_id = $3, updated_at = now() WHERE id = $1`,
      [unitId, on, successorId],
    );
  }

  /** People whose membership of the unit is open on `on`. */
  async countActiveMembers(m: EntityManager, unitId: string, on: string): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM person_membership
        WHERE unit_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
      [unitId, on],
    );
    return row.n;
  }

  /** The people whose membership of the unit is open on `on`. */
  async activeMemberIds(m: EntityManager, unitId: string, on: string): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT person_id AS id FROM person_membership
        WHERE unit_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)
        ORDER BY person_id`,
      [unitId, on],
    );
    return rows.map((r) => r.id);
  }

  /** Ends every membership of `fromUnitId` open on `on` and opens one in `toUnitId`; returns how many moved. */
  async transferMembers(m: EntityManager, fromUnitId: string, toUnitId: string, on: string): Promise<number> {
    const [moved] = await m.query<[Array<{ person_id: string }>, number]>(
      `UPDATE person_membership SET valid_to = $2::date
        WHERE unit_id = $1 AND valid_from < $2::date AND (valid_to IS NULL OR valid_to > $2::date)
        RETURNING person_id`,
      [fromUnitId, on],
    );
    // Memberships that start on the merge day itself simply change unit.
    const sameDay = await m.query<[Array<{ person_id: string }>, number]>(
      `UPDATE person_membership SET unit_id = $2 WHERE unit_id = $1 AND valid_from = $3::date RETURNING person_id`,
      [fromUnitId, toUnitId, on],
    );
    const ids = moved.map((r) => r.person_id);
    if (ids.length) {
      await m.query(
        `INSERT INTO person_membership (person_id, unit_id, valid_from) SELECT unnest($1::uuid[]), $2, $3::date`,
        [ids, toUnitId, on],
      );
    }
    await m.query(`UPDATE person SET unit_id = $2, updated_at = now() WHERE unit_id = $1`, [fromUnitId, toUnitId]);
    return ids.length + sameDay[0].length;
  }

  /** Moves the listed people from one unit to another on `on`; returns how many were members of `fromUnitId`. */
  async transferPeople(
    m: EntityManager,
    personIds: string[],
    fromUnitId: string,
    toUnitId: string,
    on: string,
  ): Promise<number> {
    if (personIds.length === 0) return 0;
    const ended = await m.query<[Array<{ person_id: string }>, number]>(
      `UPDATE person_membership SET valid_to = $3::date
        WHERE person_id = ANY($1::uuid[]) AND unit_id = $2 AND valid_from < $3::date AND (valid_to IS NULL OR valid_to > $3::date)
        RETURNING person_id`,
      [personIds, fromUnitId, on],
    );
    const sameDay = await m.query<[Array<{ person_id: string }>, number]>(
      `UPDATE person_membership SET unit_id = $3
        WHERE person_id = ANY($1::uuid[]) AND unit_id = $2 AND valid_from = $4::date AND valid_to IS NULL
        RETURNING person_id`,
      [personIds, fromUnitId, toUnitId, on],
    );
    const ids = ended[0].map((r) => r.person_id);
    if (ids.length) {
      await m.query(
        `INSERT INTO person_membership (person_id, unit_id, valid_from) SELECT unnest($1::uuid[]), $2, $3::date`,
        [ids, toUnitId, on],
      );
    }
    await m.query(`UPDATE person SET unit_id = $3, updated_at = now() WHERE id = ANY($1::uuid[]) AND unit_id = $2`, [
      personIds,
      fromUnitId,
      toUnitId,
    ]);
    return ids.length + sameDay[0].length;
  }

  /** The tree as it stood on a date: every unit whose version covers the date, under `rootId`. */
  /**
   * The subtree of `rootId` as it stood on `on`, down to `maxDepth` levels below it (null: all of them), each unit
   * reached through idx_org_unit_version_parent_id from its parent; the units of the last level say whether they
   * have children (`hasChildren`), so that a client opens the tree level by level.
   */
  treeAsOf(
    rootId: string,
    on: string,
    maxDepth: number | null = null,
  ): Promise<
    Array<{
      id: string;
      code: string;
      name: string;
      type: string;
      parentId: string | null;
      depth: number;
      hasChildren: boolean;
    }>
  > {
    const open = (a: string) => `${a}.valid_from <= $2::date AND (${a}.valid_to IS NULL OR ${a}.valid_to > $2::date)`;
    return this.db.query(
      `WITH RECURSIVE t AS (
         SELECT v.unit_id, v.code, v.name, v.type, v.parent_id, 0 AS depth FROM org_unit_version v
          WHERE v.unit_id = $1 AND ${open('v')}
         UNION ALL
         SELECT v.unit_id, v.code, v.name, v.type, v.parent_id, t.depth + 1
           FROM t JOIN org_unit_version v ON v.parent_id = t.unit_id AND ${open('v')}
          WHERE $3::int IS NULL OR t.depth < $3::int
       )
       SELECT t.unit_id AS id, t.code, t.name, t.type, t.parent_id AS "parentId", t.depth,
              (k.unit_id IS NOT NULL) AS "hasChildren"
         FROM t
         -- One probe of idx_org_unit_version_parent_id per unit answered (LIMIT 1: as an EXISTS, the planner hashed
         -- every version of the country, ~100,000 rows, to answer the 35 nodes of the country's first level).
         LEFT JOIN LATERAL (
           SELECT c.unit_id FROM org_unit_version c WHERE c.parent_id = t.unit_id AND ${open('c')} LIMIT 1
         ) k ON true
        ORDER BY t.depth, ${vietnameseOrder('t.name')}, t.code`,
      [rootId, on, maxDepth],
    );
  }

  /**
   * The units each of `unitIds` was formed from by `on`: those merged into it (closed with it as successor) and
   * those divided into it (`unit_split` in the roster change log; partial), with the day of the change.
   */
  formedFrom(
    unitIds: readonly string[],
    on: string,
  ): Promise<Array<{ unitId: string; id: string; code: string; name: string; on: string; partial: boolean }>> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT x.unit_id AS "unitId", u.id, u.code, u.name, to_char(x.day, 'YYYY-MM-DD') AS "on", x.partial
         FROM (SELECT s.successor_id AS unit_id, s.id AS from_id, s.closed_on AS day, false AS partial
                 FROM org_unit s WHERE s.successor_id = ANY($1::uuid[]) AND s.closed_on <= $2::date
               UNION
               SELECT r.unit_id, r.other_unit_id, r.effective_from, true
                 FROM roster_change r
                WHERE r.kind = 'unit_split' AND r.unit_id = ANY($1::uuid[]) AND r.effective_from <= $2::date) x
         JOIN org_unit u ON u.id = x.from_id
        ORDER BY x.unit_id, x.day, ${vietnameseOrder('u.name')}, u.code`,
      [unitIds, on],
    );
  }

  /**
   * How many units the tree of `rootId` on `on` holds down to `maxDepth` levels (null: all), counted up to `cap`: the
   * walk of treeAsOf (idx_org_unit_version_parent_id), stopped as soon as `cap` units are found.
   */
  async treeSize(rootId: string, on: string, maxDepth: number | null, cap: number): Promise<number> {
    const open = (a: string) => `${a}.valid_from <= $2::date AND (${a}.valid_to IS NULL OR ${a}.valid_to > $2::date)`;
    const [{ n }] = await this.db.query<Array<{ n: number }>>(
      `WITH RECURSIVE t AS (
         SELECT v.unit_id, 0 AS depth FROM org_unit_version v WHERE v.unit_id = $1 AND ${open('v')}
         UNION ALL
         SELECT v.unit_id, t.depth + 1 FROM t JOIN org_unit_version v ON v.parent_id = t.unit_id AND ${open('v')}
          WHERE $3::int IS NULL OR t.depth < $3::int
       )
       SELECT count(*)::int AS n FROM (SELECT 1 FROM t LIMIT $4) capped`,
      [rootId, on, maxDepth, cap],
    );
    return n;
  }
}
