import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertFactsSql, selfFiguresWith, subtreeSumsSql } from '../facts/coverage-sql';

export interface CoverageState {
  rollupDay: string | null;
  refreshedAt: Date | null;
  targetsVersion: number;
  foldedTargetsVersion: number;
}

/** The first month end a snapshot is taken for (the programme of Decision 1079/QĐ-TTg starts in 2023). */
export const FIRST_SNAPSHOT_MONTH_END = '2023-01-31';

const FIGURE_COLUMNS = 'unit_id, role_key, parent_id, named, trained, headcount, declared_not_named';

/**
 * Writes of coverage's derived tables (coverage_fact, coverage_unit_self, coverage_rollup, coverage_snapshot*,
 * coverage_state), always inside the caller's transaction and under the upkeep lock (lockUpkeep), so one writer at a
 * time: the rollups are never updated by the roster's own writers (no hot row), only by the fold.
 */
@Injectable()
export class RollupRepository {
  /** Serialises every writer of the derived tables until the transaction ends. */
  async lockUpkeep(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('coverage.upkeep', 0))`);
  }

  async state(m: EntityManager): Promise<CoverageState> {
    const [row] = await m.query<CoverageState[]>(
      `SELECT to_char(rollup_day, 'YYYY-MM-DD') AS "rollupDay", refreshed_at AS "refreshedAt",
              targets_version AS "targetsVersion", folded_targets_version AS "foldedTargetsVersion"
         FROM coverage_state WHERE id = 1`,
    );
    return row;
  }

  async setState(m: EntityManager, change: { rollupDay?: string; foldedTargetsVersion?: number }): Promise<void> {
    await m.query(
      `UPDATE coverage_state SET rollup_day = coalesce($1::date, rollup_day),
              folded_targets_version = coalesce($2::int, folded_targets_version), refreshed_at = now()
        WHERE id = 1`,
      [change.rollupDay ?? null, change.foldedTargetsVersion ?? null],
    );
  }

  /** A target changed: the next upkeep recomputes every fact. */
  async bumpTargetsVersion(m: EntityManager): Promise<void> {
    await m.query(`UPDATE coverage_state SET targets_version = targets_version + 1 WHERE id = 1`);
  }

  /** Recomputes the facts of these people; returns the units whose figures may have changed (before and after). */
  async recomputeFacts(m: EntityManager, personIds: string[]): Promise<string[]> {
    if (personIds.length === 0) return [];
    const removed = await m.query<Array<{ unit_id: string }>>(
      `SELECT DISTINCT unit_id FROM coverage_fact WHERE person_id = ANY($1::uuid[])`,
      [personIds],
    );
    await m.query(`DELETE FROM coverage_fact WHERE person_id = ANY($1::uuid[])`, [personIds]);
    await m.query(insertFactsSql('$1'), [personIds]);
    const added = await m.query<Array<{ unit_id: string }>>(
      `SELECT DISTINCT unit_id FROM coverage_fact WHERE person_id = ANY($1::uuid[])`,
      [personIds],
    );
    return [...new Set([...removed, ...added].map((r) => r.unit_id))];
  }

  /** Every fact again, from the base tables. */
  async rebuildFacts(m: EntityManager): Promise<void> {
    await m.query(`TRUNCATE coverage_fact`);
    await m.query(insertFactsSql());
  }

  /** The people with a membership (ever) in one of the units: what a merge or split moves. */
  async membersOf(m: EntityManager, unitIds: string[]): Promise<string[]> {
    if (unitIds.length === 0) return [];
    const rows = await m.query<Array<{ person_id: string }>>(
      `SELECT DISTINCT person_id FROM person_membership WHERE unit_id = ANY($1::uuid[])`,
      [unitIds],
    );
    return rows.map((r) => r.person_id);
  }

  /** Every unit's own figures and subtree sums for `day`, on the tree of that day. */
  async refreshAll(m: EntityManager, day: string): Promise<void> {
    await m.query(`TRUNCATE coverage_unit_self`);
    await m.query(
      `INSERT INTO coverage_unit_self (unit_id, role_key, named, trained, headcount, declared_not_named)
       ${selfFiguresWith('$1', { kind: 'tree' })}
       SELECT unit_id, role_key, named, trained, headcount, declared_not_named FROM self`,
      [day],
    );
    await m.query(`TRUNCATE coverage_rollup`);
    await m.query(`INSERT INTO coverage_rollup (${FIGURE_COLUMNS}) ${subtreeSumsSql('$1')}`, [day]);
  }

  /** True when one of the units is on the tree of `day` without a rollup row (created since the last refresh). */
  async missingRollups(m: EntityManager, day: string, unitIds: string[]): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM org_unit_version v
        WHERE v.unit_id = ANY($2::uuid[]) AND v.valid_from <= $1::date AND (v.valid_to IS NULL OR v.valid_to > $1::date)
          AND NOT EXISTS (SELECT 1 FROM coverage_rollup r WHERE r.unit_id = v.unit_id)
        LIMIT 1`,
      [day, unitIds],
    );
    return rows.length > 0;
  }

  /**
   * The fold's step: the units' own figures for `day` again, and the difference added to every ancestor's subtree
   * sums on the tree of that day (one statement; only the folding transaction writes these rows).
   */
  async refreshUnits(m: EntityManager, day: string, unitIds: string[]): Promise<void> {
    if (unitIds.length === 0) return;
    await m.query(
      `${selfFiguresWith('$1', { kind: 'list', unitsParam: '$2' })},
      old AS (SELECT * FROM coverage_unit_self WHERE unit_id = ANY($2::uuid[])),
      delta AS (
        SELECT coalesce(s.unit_id, o.unit_id) AS unit_id, coalesce(s.role_key, o.role_key) AS role_key,
               coalesce(s.named, 0) - coalesce(o.named, 0) AS named,
               coalesce(s.trained, 0) - coalesce(o.trained, 0) AS trained,
               coalesce(s.headcount, 0) - coalesce(o.headcount, 0) AS headcount,
               coalesce(s.declared_not_named, 0) - coalesce(o.declared_not_named, 0) AS declared_not_named
          FROM self s FULL JOIN old o ON o.unit_id = s.unit_id AND o.role_key = s.role_key
      ),
      saved AS (
        INSERT INTO coverage_unit_self (unit_id, role_key, named, trained, headcount, declared_not_named)
        SELECT unit_id, role_key, named, trained, headcount, declared_not_named FROM self
        ON CONFLICT ON CONSTRAINT pk_coverage_unit_self DO UPDATE SET named = EXCLUDED.named,
           trained = EXCLUDED.trained, headcount = EXCLUDED.headcount, declared_not_named = EXCLUDED.declared_not_named
      ),
      anc AS (
        SELECT unit_id, unit_id AS ancestor_id FROM units
        UNION ALL
        SELECT a.unit_id, tree.parent_id FROM anc a JOIN tree ON tree.unit_id = a.ancestor_id WHERE tree.parent_id IS NOT NULL
      ),
      agg AS (
        SELECT a.ancestor_id, d.role_key, sum(d.named) AS named, sum(d.trained) AS trained,
               sum(d.headcount) AS headcount, sum(d.declared_not_named) AS declared_not_named
          FROM anc a JOIN delta d ON d.unit_id = a.unit_id
         GROUP BY a.ancestor_id, d.role_key
      )
      UPDATE coverage_rollup r SET named = r.named + agg.named, trained = r.trained + agg.trained,
             headcount = r.headcount + agg.headcount, declared_not_named = r.declared_not_named + agg.declared_not_named
        FROM agg WHERE r.unit_id = agg.ancestor_id AND r.role_key = agg.role_key`,
      [day, unitIds],
    );
  }

  /** Month-end snapshots from `day` on no longer hold (a change took effect on or before them). */
  async invalidateSnapshotsFrom(m: EntityManager, day: string): Promise<void> {
    await m.query(`DELETE FROM coverage_snapshot WHERE month_end >= $1::date`, [day]);
    await m.query(`DELETE FROM coverage_snapshot_month WHERE month_end >= $1::date`, [day]);
  }

  /** The earliest month end before `today` without a snapshot, or null. */
  async missingSnapshot(m: EntityManager, today: string): Promise<string | null> {
    const [row] = await m.query<Array<{ monthEnd: string | null }>>(
      `SELECT to_char(min(me), 'YYYY-MM-DD') AS "monthEnd"
         FROM generate_series($1::date + 1, $2::date, interval '1 month') AS s(g)
         CROSS JOIN LATERAL (SELECT s.g::date - 1 AS me) x
        WHERE me < $2::date AND NOT EXISTS (SELECT 1 FROM coverage_snapshot_month sm WHERE sm.month_end = me)`,
      [FIRST_SNAPSHOT_MONTH_END, today],
    );
    return row?.monthEnd ?? null;
  }

  async takeSnapshot(m: EntityManager, monthEnd: string): Promise<void> {
    await m.query(`DELETE FROM coverage_snapshot WHERE month_end = $1::date`, [monthEnd]);
    await m.query(
      `INSERT INTO coverage_snapshot (month_end, ${FIGURE_COLUMNS})
       SELECT $1::date, ${FIGURE_COLUMNS} FROM (${subtreeSumsSql('$1')}) x`,
      [monthEnd],
    );
    await m.query(
      `INSERT INTO coverage_snapshot_month (month_end, taken_at) VALUES ($1::date, now())
       ON CONFLICT ON CONSTRAINT pk_coverage_snapshot_month DO UPDATE SET taken_at = now()`,
      [monthEnd],
    );
  }
}
