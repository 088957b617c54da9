import { EntityManager } from 'typeorm';
import { RosterChangeLog } from '../../changes/roster-change-log';

/** A unit that closes into another (a full merge) or a person who moves between units (a division). */
export interface UnitPair {
  fromId: string;
  toId: string;
}
export interface PersonMove extends UnitPair {
  personId: string;
}

/** People moved from one unit to another by movePeople. */
export interface MovedCount extends UnitPair {
  people: number;
}

const CHUNK = 2000;

/**
 * The set-based writes of a restructuring plan: one statement per kind of change over every row of the plan
 * (units created, closed and moved with their versions and closure rows, memberships moved), so that the national
 * reform (10,000 old units, millions of memberships) is a few dozen statements. Each write keeps the semantics of
 * its single-unit counterpart in UnitHistoryRepository (newVersion, endVersion, reparent, transferMembers,
 * transferPeople). Always inside the plan's transaction; the temporary tables drop at commit. No dependencies:
 * the plan engine holds its own.
 */
export class RestructureWritesRepository {
  /** Locks the units for the rest of the transaction; returns the ids of those that are not active. */
  async lockUnits(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows = await m.query<Array<{ id: string; status: string }>>(
      `SELECT id, status FROM org_unit WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.filter((r) => r.status !== 'active').map((r) => r.id);
  }

  /** Creates units opened on `on` (the unit, its first version, its closure rows); returns their ids by code. */
  async insertUnits(
    m: EntityManager,
    rows: ReadonlyArray<{ code: string; name: string; type: string; parentId: string }>,
    on: string,
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const created = await m.query<Array<{ id: string; code: string }>>(
        `WITH u AS (
           INSERT INTO org_unit (code, name, type, parent_id, opened_on)
           SELECT code, name, type, parent_id, $5::date
             FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) AS x(code, name, type, parent_id)
           RETURNING id, code, name, type, parent_id, opened_on
         ), v AS (
           INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
           SELECT id, opened_on, code, name, type, parent_id, 'create' FROM u
         ), c AS (
           INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
           SELECT c.ancestor_id, u.id, c.depth + 1 FROM u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
           UNION ALL SELECT u.id, u.id, 0 FROM u
         )
         SELECT id, code FROM u`,
        [part.map((r) => r.code), part.map((r) => r.name), part.map((r) => r.type), part.map((r) => r.parentId), on],
      );
      for (const r of created) ids.set(r.code, r.id);
    }
    return ids;
  }

  /** The sources whose subtree holds their own target (they cannot be merged into it). */
  async sourcesHoldingTarget(m: EntityManager, pairs: readonly UnitPair[]): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT x.from_id AS id FROM unnest($1::uuid[], $2::uuid[]) AS x(from_id, to_id)
         JOIN org_unit_closure c ON c.ancestor_id = x.from_id AND c.descendant_id = x.to_id`,
      [pairs.map((p) => p.fromId), pairs.map((p) => p.toId)],
    );
    return rows.map((r) => r.id);
  }

  /** Active units under the given ones (a unit divided without going on must have none). */
  async activeChildren(m: EntityManager, parentIds: string[]): Promise<Array<{ id: string; parentId: string }>> {
    if (parentIds.length === 0) return [];
    return m.query(
      `SELECT id, parent_id AS "parentId" FROM org_unit WHERE parent_id = ANY($1::uuid[]) AND status = 'active'`,
      [parentIds],
    );
  }

  /**
   * Full merges, all at once: each source closes on `on` under its target (successor = target); its active
   * sub-units that do not close in the plan (`closing`) move under the target with a new version; memberships
   * open on `on` end there and open in the target (those starting on `on` simply change unit); the closure rows
   * of every moved subtree are rebuilt from the new parents. Returns the people moved.
   */
  async mergeUnits(
    m: EntityManager,
    pairs: readonly UnitPair[],
    closing: readonly string[],
    on: string,
    actorId: string,
  ): Promise<number> {
    if (pairs.length === 0) return 0;
    await m.query(`DROP TABLE IF EXISTS rs_merge, rs_closing, rs_child, rs_moved_unit, rs_moved`);
    await m.query(`CREATE TEMP TABLE rs_merge (from_id uuid PRIMARY KEY, to_id uuid NOT NULL) ON COMMIT DROP`);
    await m.query(`INSERT INTO rs_merge SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
      pairs.map((p) => p.fromId),
      pairs.map((p) => p.toId),
    ]);
    await m.query(`CREATE TEMP TABLE rs_closing (id uuid PRIMARY KEY) ON COMMIT DROP`);
    await m.query(`INSERT INTO rs_closing SELECT DISTINCT unnest($1::uuid[])`, [closing]);
    await m.query(
      `CREATE TEMP TABLE rs_child ON COMMIT DROP AS
       SELECT k.id, x.to_id FROM org_unit k JOIN rs_merge x ON x.from_id = k.parent_id
        WHERE k.status = 'active' AND NOT EXISTS (SELECT 1 FROM rs_closing c WHERE c.id = k.id)`,
    );
    await m.query(
      `CREATE TEMP TABLE rs_moved_unit ON COMMIT DROP AS
       SELECT DISTINCT c.descendant_id AS id FROM org_unit_closure c
        WHERE c.ancestor_id IN (SELECT from_id FROM rs_merge UNION ALL SELECT id FROM rs_child)`,
    );
    await m.query(`ALTER TABLE rs_moved_unit ADD PRIMARY KEY (id)`);
    await m.query(`ANALYZE rs_merge, rs_closing, rs_child, rs_moved_unit`);

    // The tree: new parents, sources closed, versions, then the closure rows of everything that moved.
    await m.query(
      `UPDATE org_unit u SET parent_id = x.to_id, updated_at = now()
         FROM (SELECT from_id AS id, to_id FROM rs_merge UNION ALL SELECT id, to_id FROM rs_child) x
        WHERE u.id = x.id`,
    );
    await m.query(
      `UPDATE org_unit u SET status = 'closed', closed_on = $1::date, successor_id = x.to_id
         FROM rs_merge x WHERE u.id = x.from_id`,
      [on],
    );
    await m.query(
      `DELETE FROM org_unit_version v
        WHERE v.unit_id IN (SELECT from_id FROM rs_merge UNION ALL SELECT id FROM rs_child)
          AND v.valid_to IS NULL AND v.valid_from = $1::date`,
      [on],
    );
    await m.query(
      `UPDATE org_unit_version v SET valid_to = $1::date
        WHERE v.unit_id IN (SELECT from_id FROM rs_merge UNION ALL SELECT id FROM rs_child) AND v.valid_to IS NULL`,
      [on],
    );
    await m.query(
      `INSERT INTO org_unit_version (unit_id, valid_from, valid_to, code, name, type, parent_id, change, changed_by)
       SELECT u.id, $1::date, NULL, u.code, u.name, u.type, u.parent_id, 'move', $2::uuid
         FROM org_unit u JOIN rs_child k ON k.id = u.id`,
      [on, actorId],
    );
    await this.rebuildClosure(m);

    // The people: memberships open on the day end there and open in the target.
    await m.query(`CREATE TEMP TABLE rs_moved (person_id uuid, from_id uuid, same_day boolean) ON COMMIT DROP`);
    await m.query(
      `WITH ended AS (
         UPDATE person_membership ms SET valid_to = $1::date FROM rs_merge x
          WHERE ms.unit_id = x.from_id AND ms.valid_from < $1::date AND (ms.valid_to IS NULL OR ms.valid_to > $1::date)
          RETURNING ms.person_id, x.from_id
       )
       INSERT INTO rs_moved SELECT person_id, from_id, false FROM ended`,
      [on],
    );
    await m.query(
      `WITH same AS (
         UPDATE person_membership ms SET unit_id = x.to_id FROM rs_merge x
          WHERE ms.unit_id = x.from_id AND ms.valid_from = $1::date
          RETURNING ms.person_id, x.from_id
       )
       INSERT INTO rs_moved SELECT person_id, from_id, true FROM same`,
      [on],
    );
    await m.query(
      `INSERT INTO person_membership (person_id, unit_id, valid_from)
       SELECT mv.person_id, x.to_id, $1::date FROM rs_moved mv JOIN rs_merge x ON x.from_id = mv.from_id
        WHERE NOT mv.same_day`,
      [on],
    );
    await m.query(
      `UPDATE person p SET unit_id = x.to_id, updated_at = now() FROM rs_merge x WHERE p.unit_id = x.from_id`,
    );
    await RosterChangeLog.appendSelected(
      m,
      `SELECT 'unit_merged', $1::date, NULL::uuid, x.from_id, x.to_id, NULL::uuid,
              jsonb_build_object('people', count(mv.person_id))
         FROM rs_merge x LEFT JOIN rs_moved mv ON mv.from_id = x.from_id
        GROUP BY x.from_id, x.to_id`,
      [on],
    );
    const [{ n }] = await m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM rs_moved`);
    return n;
  }

  /**
   * The closure rows of every unit in rs_moved_unit (the subtrees that moved), rebuilt from org_unit.parent_id:
   * two statements whatever the number of subtrees, nested ones included.
   */
  private async rebuildClosure(m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM org_unit_closure c USING rs_moved_unit d WHERE c.descendant_id = d.id AND c.depth > 0`);
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       WITH RECURSIVE up AS (
         SELECT u.id AS descendant_id, u.parent_id AS ancestor_id, 1 AS depth
           FROM org_unit u JOIN rs_moved_unit d ON d.id = u.id WHERE u.parent_id IS NOT NULL
         UNION ALL
         SELECT up.descendant_id, p.parent_id, up.depth + 1
           FROM up JOIN org_unit p ON p.id = up.ancestor_id WHERE p.parent_id IS NOT NULL
       )
       SELECT ancestor_id, descendant_id, depth FROM up`,
    );
  }

  /**
   * Moves the listed people from their unit to another on `on`, all at once (memberships open on the day end and
   * open in the new unit; those starting on the day change unit). Returns how many moved per pair of units.
   */
  async movePeople(m: EntityManager, moves: readonly PersonMove[], on: string): Promise<MovedCount[]> {
    if (moves.length === 0) return [];
    await m.query(`DROP TABLE IF EXISTS rs_pmove, rs_pmoved`);
    await m.query(`CREATE TEMP TABLE rs_pmove (person_id uuid, from_id uuid, to_id uuid) ON COMMIT DROP`);
    await m.query(
      `CREATE TEMP TABLE rs_pmoved (person_id uuid, from_id uuid, to_id uuid, same_day boolean) ON COMMIT DROP`,
    );
    for (let i = 0; i < moves.length; i += 50_000) {
      const part = moves.slice(i, i + 50_000);
      await m.query(`INSERT INTO rs_pmove SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])`, [
        part.map((x) => x.personId),
        part.map((x) => x.fromId),
        part.map((x) => x.toId),
      ]);
    }
    await m.query(`ANALYZE rs_pmove`);
    await m.query(
      `WITH ended AS (
         UPDATE person_membership ms SET valid_to = $1::date FROM rs_pmove x
          WHERE ms.person_id = x.person_id AND ms.unit_id = x.from_id
            AND ms.valid_from < $1::date AND (ms.valid_to IS NULL OR ms.valid_to > $1::date)
          RETURNING ms.person_id, x.from_id, x.to_id
       )
       INSERT INTO rs_pmoved SELECT person_id, from_id, to_id, false FROM ended`,
      [on],
    );
    await m.query(
      `WITH same AS (
         UPDATE person_membership ms SET unit_id = x.to_id FROM rs_pmove x
          WHERE ms.person_id = x.person_id AND ms.unit_id = x.from_id AND ms.valid_from = $1::date AND ms.valid_to IS NULL
          RETURNING ms.person_id, x.from_id, x.to_id
       )
       INSERT INTO rs_pmoved SELECT person_id, from_id, to_id, true FROM same`,
      [on],
    );
    await m.query(
      `INSERT INTO person_membership (person_id, unit_id, valid_from)
       SELECT person_id, to_id, $1::date FROM rs_pmoved WHERE NOT same_day`,
      [on],
    );
    await m.query(
      `UPDATE person p SET unit_id = x.to_id, updated_at = now() FROM rs_pmove x
        WHERE p.id = x.person_id AND p.unit_id = x.from_id`,
    );
    return m.query<MovedCount[]>(
      `SELECT from_id AS "fromId", to_id AS "toId", count(DISTINCT person_id)::int AS people
         FROM rs_pmoved GROUP BY from_id, to_id`,
    );
  }

  /**
   * Everyone whose place in the tree changed (moved by mergeUnits, with an open membership in a subtree it moved,
   * or one of `movedPeople`), in pages of `size` ids: for the roster listeners (assignments match people by subtree).
   */
  async *changedPeople(
    m: EntityManager,
    merged: boolean,
    movedPeople: readonly string[],
    size = 50_000,
  ): AsyncGenerator<string[]> {
    await m.query(`DROP TABLE IF EXISTS rs_people`);
    await m.query(`CREATE TEMP TABLE rs_people (person_id uuid PRIMARY KEY) ON COMMIT DROP`);
    if (merged) {
      await m.query(
        `INSERT INTO rs_people SELECT DISTINCT ms.person_id FROM person_membership ms
           JOIN rs_moved_unit d ON d.id = ms.unit_id WHERE ms.valid_to IS NULL
         UNION SELECT person_id FROM rs_moved`,
      );
    }
    for (let i = 0; i < movedPeople.length; i += 50_000) {
      await m.query(`INSERT INTO rs_people SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING`, [
        movedPeople.slice(i, i + 50_000),
      ]);
    }
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await m.query<Array<{ id: string }>>(
        `SELECT person_id AS id FROM rs_people WHERE person_id > $1 ORDER BY person_id LIMIT $2`,
        [after, size],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.id);
      after = rows[rows.length - 1].id;
    }
  }

  /** The people whose membership of one of the units is open on `on`, by unit. */
  async activeMembers(
    m: EntityManager,
    unitIds: string[],
    on: string,
  ): Promise<Array<{ personId: string; unitId: string }>> {
    if (unitIds.length === 0) return [];
    return m.query(
      `SELECT person_id AS "personId", unit_id AS "unitId" FROM person_membership
        WHERE unit_id = ANY($1::uuid[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)
        ORDER BY unit_id, person_id`,
      [unitIds, on],
    );
  }

  /** Divided units that do not go on close on `on` (no successor: their people went to several units). */
  async closeUnits(m: EntityManager, ids: string[], on: string): Promise<void> {
    if (ids.length === 0) return;
    await m.query(
      `UPDATE org_unit SET status = 'closed', closed_on = $2::date, successor_id = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [ids, on],
    );
    await m.query(
      `DELETE FROM org_unit_version WHERE unit_id = ANY($1::uuid[]) AND valid_to IS NULL AND valid_from = $2::date`,
      [ids, on],
    );
    await m.query(
      `UPDATE org_unit_version SET valid_to = $2::date WHERE unit_id = ANY($1::uuid[]) AND valid_to IS NULL`,
      [ids, on],
    );
  }
}
