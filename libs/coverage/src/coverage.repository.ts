import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { periodOpenOn } from '@app/org';
import {
  countingRecordOfSql,
  coveragePeopleWith,
  selfFiguresWith,
  subtreeSumsSql,
  treeOnSql,
} from './facts/coverage-sql';
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

  /**
   * The unit and its children on today's tree, with the figures of a past day: each unit of that day's tree counts
   * in its heir on today's tree (itself while open; else the unit it was merged into, else its parent when it was
   * split or closed, followed until a unit open today). DESIGN.md: a merged unit passes its past figures on.
   */
  async fromFactsOnTodaysTree(unitId: string, on: string, today: string): Promise<FigureRow[]> {
    const heirs = await this.db.query<Array<{ unitId: string; heirOf: string | null; top: string | null }>>(
      `WITH RECURSIVE then_tree AS (${treeOnSql('$2')}),
       now_tree AS (SELECT v.unit_id, v.parent_id FROM org_unit_version v WHERE ${periodOpenOn('$3', 'v')}),
       sub_now AS (
         SELECT unit_id, NULL::uuid AS top FROM now_tree WHERE unit_id = $1::uuid
         UNION ALL
         SELECT n.unit_id, coalesce(s.top, n.unit_id) FROM now_tree n JOIN sub_now s ON n.parent_id = s.unit_id
       ),
       heir AS (
         SELECT t.unit_id, t.unit_id AS cur, 0 AS hops FROM then_tree t
         UNION ALL
         SELECT h.unit_id, coalesce(u.successor_id, u.parent_id), h.hops + 1
           FROM heir h JOIN org_unit u ON u.id = h.cur
          WHERE h.hops < 32 AND NOT EXISTS (SELECT 1 FROM now_tree n WHERE n.unit_id = h.cur)
       )
       SELECT s.unit_id AS "unitId", h.unit_id AS "heirOf", s.top
         FROM sub_now s LEFT JOIN heir h ON h.cur = s.unit_id`,
      [unitId, on, today],
    );
    const fromUnits = [...new Set(heirs.flatMap((h) => (h.heirOf ? [h.heirOf] : [])))];
    const self = await this.db.query<Array<Omit<FigureRow, 'parentId'>>>(
      `${selfFiguresWith('$1', { kind: 'list', unitsParam: '$2' })}
       SELECT unit_id AS "unitId", role_key AS "roleKey", named, trained, headcount,
              declared_not_named AS "declaredNotNamed" FROM self`,
      [on, fromUnits],
    );
    const topOf = new Map<string, string | null>();
    for (const h of heirs) {
      if (h.heirOf) topOf.set(h.heirOf, h.top);
    }
    const sums = new Map<string, FigureRow>();
    const add = (target: string, parentId: string | null, f: Omit<FigureRow, 'parentId'>) => {
      const key = `${target}|${f.roleKey}`;
      const row = sums.get(key) ?? {
        unitId: target,
        roleKey: f.roleKey,
        parentId,
        named: 0,
        trained: 0,
        headcount: 0,
        declaredNotNamed: 0,
      };
      row.named += f.named;
      row.trained += f.trained;
      row.headcount += f.headcount;
      row.declaredNotNamed += f.declaredNotNamed;
      sums.set(key, row);
    };
    const keys = new Set(self.map((f) => f.roleKey));
    const zero = { named: 0, trained: 0, headcount: 0, declaredNotNamed: 0 };
    for (const k of keys) add(unitId, null, { unitId, roleKey: k, ...zero });
    for (const h of heirs) {
      if (h.top && h.top === h.unitId) for (const k of keys) add(h.top, unitId, { unitId: h.top, roleKey: k, ...zero });
    }
    for (const f of self) {
      add(unitId, null, f);
      const top = topOf.get(f.unitId);
      if (top) add(top, unitId, f);
    }
    return [...sums.values()];
  }

  /** The units from the highest to `unitId` on the tree of the day (empty when the unit is not on it). */
  ancestors(unitId: string, on: string): Promise<Array<CoverageUnit & { depth: number }>> {
    return this.db.query(
      `WITH RECURSIVE tree AS (${treeOnSql('$2')}),
       up AS (
         SELECT tree.unit_id, tree.parent_id, 0 AS depth FROM tree WHERE tree.unit_id = $1::uuid
         UNION ALL
         SELECT tree.unit_id, tree.parent_id, up.depth + 1 FROM up JOIN tree ON tree.unit_id = up.parent_id
          WHERE up.depth < 32
       )
       SELECT u.id, u.code, u.name, up.depth FROM up JOIN org_unit u ON u.id = up.unit_id ORDER BY up.depth DESC`,
      [unitId, on],
    );
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
      `${coveragePeopleWith({ unitParam: '$1', dateParam: '$2', roleKeyParam: '$3', trainedParam: '$4', scopesParam: '$5' })}
       SELECT l.person_id AS "personId", p.full_name AS "fullName", l.unit_id AS "unitId", count(*) OVER ()::int AS total
         FROM listed l JOIN person p ON p.id = l.person_id
        ORDER BY p.full_name, l.person_id, l.unit_id
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
      `SELECT person_id AS "personId", record_kind AS "recordKind", record_id AS "recordId"
         FROM (${countingRecordOfSql({ param: '$1' }, '$2', '$3')}) c`,
      [personIds, on, roleId],
    );
    return new Map(rows.map((r) => [r.personId, { recordKind: r.recordKind, recordId: r.recordId }]));
  }
}
