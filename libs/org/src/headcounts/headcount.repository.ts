import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtrees, onRosterOn, periodOpenOn } from '../access/sql-fragments';
import { HeadcountChangeResponse } from './dto/headcount.dto';
import { Declaration } from './headcount-rows';

// "On the roster on D" is org's one roster rule (onRosterOn, access/sql-fragments.ts), read from the period tables
// so that figures for an earlier day do not change.

export interface HeadcountChange {
  roleId: string;
  previous: number | null;
  headcount: number;
}

/** SQL for unit_headcount (current figure per unit × role × year) and unit_headcount_change (every change). */
@Injectable()
export class HeadcountRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Declarations of the units for a year (pk_unit_headcount). */
  async declared(
    unitIds: string[],
    year: number,
    m: EntityManager = this.db.manager,
  ): Promise<Array<Declaration & { unitId: string }>> {
    if (unitIds.length === 0) return [];
    return m.query(
      `SELECT unit_id AS "unitId", role_id AS "roleId", headcount, declared_by AS "declaredBy",
              to_char(declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "declaredAt"
         FROM unit_headcount WHERE unit_id = ANY($1::uuid[]) AND year = $2`,
      [unitIds, year],
    );
  }

  /** People on the roster of each unit itself (not its subtree) per role on a day (idx_person_membership_unit_id). */
  async named(unitIds: string[], on: string): Promise<Array<{ unitId: string; roleId: string; named: number }>> {
    if (unitIds.length === 0) return [];
    return this.db.query(
      `SELECT m.unit_id AS "unitId", r.role_id AS "roleId", count(DISTINCT m.person_id)::int AS named
         FROM person_membership m
         JOIN person_role r ON r.person_id = m.person_id AND ${periodOpenOn('$2', 'r')}
        WHERE m.unit_id = ANY($1::uuid[]) AND ${onRosterOn('$2')}
        GROUP BY m.unit_id, r.role_id`,
      [unitIds, on],
    );
  }

  /** People on the roster on a day in the subtree of each unit, limited to units inside `scopeIds` (in SQL). */
  async peopleInSubtrees(scopeIds: string[], unitIds: string[], on: string): Promise<Map<string, number>> {
    if (unitIds.length === 0 || scopeIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ unitId: string; people: number }>>(
      `SELECT c.ancestor_id AS "unitId", count(DISTINCT m.person_id)::int AS people
         FROM org_unit_closure c
         JOIN person_membership m ON m.unit_id = c.descendant_id
        WHERE c.ancestor_id = ANY($1::uuid[]) AND ${onRosterOn('$2')}
          AND ${inSubtrees('$3', 'c.ancestor_id')}
        GROUP BY c.ancestor_id`,
      [unitIds, on, scopeIds],
    );
    return new Map(rows.map((r) => [r.unitId, r.people]));
  }

  /** Serialises declarations of one unit and year, so `previous` in the change log is always right. */
  async lock(m: EntityManager, unitId: string, year: number): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`headcount:${unitId}:${year}`]);
  }

  async save(
    m: EntityManager,
    unitId: string,
    year: number,
    changes: HeadcountChange[],
    by: { accountId: string; at: Date },
  ): Promise<void> {
    const roleIds = changes.map((c) => c.roleId);
    const headcounts = changes.map((c) => c.headcount);
    await m.query(
      `INSERT INTO unit_headcount (unit_id, role_id, year, headcount, declared_by, declared_at)
       SELECT $1, role_id, $2, headcount, $5, $6 FROM unnest($3::uuid[], $4::int[]) AS x(role_id, headcount)
       ON CONFLICT ON CONSTRAINT pk_unit_headcount
       DO UPDATE SET headcount = EXCLUDED.headcount, declared_by = EXCLUDED.declared_by, declared_at = EXCLUDED.declared_at`,
      [unitId, year, roleIds, headcounts, by.accountId, by.at],
    );
    await m.query(
      `INSERT INTO unit_headcount_change (unit_id, role_id, year, previous, headcount, declared_by, declared_at)
       SELECT $1, role_id, $2, previous, headcount, $6, $7
         FROM unnest($3::uuid[], $4::int[], $5::int[]) AS x(role_id, previous, headcount)`,
      [unitId, year, roleIds, changes.map((c) => c.previous), headcounts, by.accountId, by.at],
    );
  }

  /** Every change of a unit's declarations, newest first (idx_unit_headcount_change_unit_id). */
  history(unitId: string, year: number | null): Promise<HeadcountChangeResponse[]> {
    return this.db.query(
      `SELECT c.role_id AS "roleId", r.code AS "roleCode", c.year, c.previous, c.headcount, c.declared_by AS "declaredBy",
              to_char(c.declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "declaredAt"
         FROM unit_headcount_change c JOIN role r ON r.id = c.role_id
        WHERE c.unit_id = $1 AND ($2::int IS NULL OR c.year = $2)
        ORDER BY c.declared_at DESC, c.id DESC
        LIMIT 1000`,
      [unitId, year],
    );
  }
}
