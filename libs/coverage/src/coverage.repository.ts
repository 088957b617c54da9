import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inSubtrees } from '@app/org';
import { subtreeOnSql, subtreeSumsSql, treeOnSql } from './facts/coverage-sql';
import { countingRecords } from './records/counting-records';
import type { CoverageUnit } from './dto/coverage.dto';

/** Subtree sums of one unit and role key (a role id, or ALL_ROLES). */
export interface FigureRow {
  unitId: string;
  roleKey: string;
  parentId: string | null;
  named: number;
  trained: number;
  headcount: number;
  declaredNotNamed: number;
}

const FIGURES = `unit_id AS "unitId", role_key AS "roleKey", parent_id AS "parentId", named, trained, headcount,
  declared_not_named AS "declaredNotNamed"`;

/**
 * Reads of coverage figures and lists. The dashboard's hot path reads coverage_rollup by its primary key and
 * idx_coverage_rollup_parent_id (children); month ends read coverage_snapshot (pk and idx_coverage_snapshot_parent_id);
 * other past days sum the facts of the one subtree asked about (idx_coverage_fact_unit_id_role_key).
 */
@Injectable()
export class CoverageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async state(): Promise<{ rollupDay: string | null; refreshedAt: Date | null }> {
    const [row] = await this.db.query<Array<{ rollupDay: string | null; refreshedAt: Date | null }>>(
      `SELECT to_char(rollup_day, 'YYYY-MM-DD') AS "rollupDay", refreshed_at AS "refreshedAt" FROM coverage_state`,
    );
    return row;
  }

  /** The unit and its children from today's rollup. */
  fromRollup(unitId: string): Promise<FigureRow[]> {
    return this.db.query(
      `SELECT ${FIGURES} FROM coverage_rollup WHERE unit_id = $1
       UNION ALL SELECT ${FIGURES} FROM coverage_rollup WHERE parent_id = $1`,
      [unitId],
    );
  }

  async hasSnapshot(monthEnd: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM coverage_snapshot_month WHERE month_end = $1::date`, [
      monthEnd,
    ]);
    return rows.length > 0;
  }

  /** The unit and its children from a month-end snapshot. */
  fromSnapshot(unitId: string, monthEnd: string): Promise<FigureRow[]> {
    return this.db.query(
      `SELECT ${FIGURES} FROM coverage_snapshot WHERE month_end = $2::date AND unit_id = $1
       UNION ALL SELECT ${FIGURES} FROM coverage_snapshot WHERE month_end = $2::date AND parent_id = $1`,
      [unitId, monthEnd],
    );
  }

  /** The unit and its children on a day, summed from the facts of that subtree on the tree of that day. */
  fromFacts(unitId: string, on: string): Promise<FigureRow[]> {
    return this.db.query(`SELECT ${FIGURES} FROM (${subtreeSumsSql('$1', '$2')}) x`, [on, unitId]);
  }

  /** The unit's own subtree sums at each month end that has a snapshot, from `from` on. */
  snapshotSeries(unitId: string, from: string): Promise<Array<FigureRow & { monthEnd: string }>> {
    return this.db.query(
      `SELECT to_char(month_end, 'YYYY-MM-DD') AS "monthEnd", ${FIGURES} FROM coverage_snapshot
        WHERE unit_id = $1 AND month_end >= $2::date ORDER BY month_end`,
      [unitId, from],
    );
  }

  /** Codes and names (as they are now) of units. */
  async units(ids: string[]): Promise<Map<string, CoverageUnit>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<CoverageUnit[]>(`SELECT id, code, name FROM org_unit WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Map(rows.map((u) => [u.id, u]));
  }

  /**
   * The people of the subtree of `unitId` on `on` counted for the role key, trained or not (the facts the figures
   * sum, so the list agrees with them to the person), limited in SQL to the caller's scopes; a page and the total.
   */
  async people(q: {
    unitId: string;
    on: string;
    roleKey: string;
    trained: boolean;
    scopes: string[];
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: Array<{ personId: string; fullName: string; unitId: string }> }> {
    const rows = await this.db.query<Array<{ personId: string; fullName: string; unitId: string; total: number }>>(
      `WITH RECURSIVE tree AS (${treeOnSql('$2')}),
       sub_u AS (${subtreeOnSql('$1')})
       SELECT f.person_id AS "personId", p.full_name AS "fullName", f.unit_id AS "unitId", count(*) OVER ()::int AS total
         FROM coverage_fact f JOIN person p ON p.id = f.person_id
        WHERE f.unit_id IN (SELECT unit_id FROM sub_u) AND f.role_key = $3::uuid AND f.trained = $4
          AND f.valid_from <= $2::date AND f.valid_to > $2::date AND ${inSubtrees('$5', 'f.unit_id')}
        ORDER BY p.full_name, f.person_id, f.unit_id
        LIMIT $6 OFFSET $7`,
      [q.unitId, q.on, q.roleKey, q.trained, q.scopes, q.limit, q.offset],
    );
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _t, ...r }) => r) };
  }

  /** For each person, one record that counts on `on` (for the role, or for any role with `roleId` null). */
  async countingRecordOf(
    personIds: string[],
    roleId: string | null,
    on: string,
  ): Promise<Map<string, { recordKind: string; recordId: string }>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ personId: string; recordKind: string; recordId: string }>>(
      `SELECT DISTINCT ON (r.person_id) r.person_id AS "personId", r.record_kind AS "recordKind", r.record_id AS "recordId"
         FROM (${countingRecords('$1')}) r
        WHERE r.valid_from <= $2::date AND r.valid_to > $2::date AND ($3::uuid IS NULL OR r.role_id = $3::uuid)
        ORDER BY r.person_id, r.valid_from DESC, r.record_id`,
      [personIds, on, roleId],
    );
    return new Map(rows.map((r) => [r.personId, { recordKind: r.recordKind, recordId: r.recordId }]));
  }
}
