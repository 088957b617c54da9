import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TargetResponse } from './dto/target.dto';

export type TargetWrite = Omit<TargetResponse, 'id' | 'roleCode' | 'roleName'>;

/** The target that applies to a unit for a role: its percent, deadline and milestones. */
export interface AppliedTarget {
  roleId: string;
  roleCode: string;
  roleName: string;
  percent: number;
  deadline: string;
  milestones: Record<string, number>;
}

const TARGET_COLUMNS = `t.id, t.role_id AS "roleId", r.code AS "roleCode", r.name_vi AS "roleName",
  t.unit_types AS "unitTypes", t.scope_unit_id AS "scopeUnitId", t.percent::float8 AS percent,
  to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.milestones,
  coalesce((SELECT array_agg(tc.course_id::text ORDER BY tc.course_id) FROM coverage_target_course tc
             WHERE tc.target_id = t.id), '{}') AS "courseIds"`;

/**
 * Per unit (of org_unit u where `unitCondition` holds) and targeted role, the target that applies to the unit: among
 * the role's targets whose scope unit contains the unit (or that have none) and whose unit types include the unit's
 * type (or that list none), the one with the nearest scope unit, a typed one before an untyped one (org_unit_closure's
 * primary key). Columns: unitId, roleId, roleCode, roleName, percent, deadline, milestones.
 */
export function applyingTargetsSql(unitCondition: string): string {
  return `SELECT DISTINCT ON (u.id, r.sort_order, r.code) u.id AS "unitId", t.role_id AS "roleId", r.code AS "roleCode",
              r.name_vi AS "roleName", t.percent::float8 AS percent, to_char(t.deadline, 'YYYY-MM-DD') AS deadline,
              t.milestones
         FROM coverage_target t
         JOIN role r ON r.id = t.role_id
         JOIN org_unit u ON ${unitCondition}
         LEFT JOIN org_unit_closure c ON c.ancestor_id = t.scope_unit_id AND c.descendant_id = u.id
        WHERE (t.scope_unit_id IS NULL OR c.ancestor_id IS NOT NULL)
          AND (t.unit_types IS NULL OR u.type = ANY(t.unit_types))
        ORDER BY u.id, r.sort_order, r.code, c.depth ASC NULLS LAST, t.unit_types IS NULL`;
}

/** coverage_target and coverage_target_course. */
@Injectable()
export class TargetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<TargetResponse[]> {
    return this.db.query(
      `SELECT ${TARGET_COLUMNS} FROM coverage_target t JOIN role r ON r.id = t.role_id
        ORDER BY r.sort_order, r.code, t.scope_unit_id NULLS FIRST`,
    );
  }

  /** The targets that apply everywhere (no scope unit), in catalogue order: what the home page lists. */
  programme(): Promise<Array<{ percent: number; deadline: string; nameVi: string; nameEn: string }>> {
    return this.db.query(
      `SELECT t.percent::float8 AS percent, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, r.name_vi AS "nameVi",
              r.name_en AS "nameEn"
         FROM coverage_target t JOIN role r ON r.id = t.role_id
        WHERE t.scope_unit_id IS NULL AND t.unit_types IS NULL
        ORDER BY r.sort_order, r.code`,
    );
  }

  async find(m: EntityManager, roleId: string, scopeUnitId: string | null): Promise<TargetResponse | null> {
    const rows = await m.query<TargetResponse[]>(
      `SELECT ${TARGET_COLUMNS} FROM coverage_target t JOIN role r ON r.id = t.role_id
        WHERE t.role_id = $1 AND t.scope_unit_id IS NOT DISTINCT FROM $2::uuid`,
      [roleId, scopeUnitId],
    );
    return rows[0] ?? null;
  }

  /** Inserts or replaces the target of (role, scope unit) and its courses; returns its id. */
  async upsert(m: EntityManager, t: TargetWrite, by: { accountId: string; at: Date }): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO coverage_target (role_id, unit_types, scope_unit_id, percent, deadline, milestones, updated_by, updated_at)
       VALUES ($1, $2::text[], $3, $4, $5::date, $6::jsonb, $7, $8)
       ON CONFLICT ON CONSTRAINT uq_coverage_target_role_id_scope_unit_id DO UPDATE SET unit_types = EXCLUDED.unit_types,
          percent = EXCLUDED.percent, deadline = EXCLUDED.deadline, milestones = EXCLUDED.milestones,
          updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING id`,
      [t.roleId, t.unitTypes, t.scopeUnitId, t.percent, t.deadline, JSON.stringify(t.milestones), by.accountId, by.at],
    );
    await m.query(`DELETE FROM coverage_target_course WHERE target_id = $1`, [row.id]);
    await m.query(`INSERT INTO coverage_target_course (target_id, course_id) SELECT $1, unnest($2::uuid[])`, [
      row.id,
      t.courseIds,
    ]);
    return row.id;
  }

  /** Which of the course ids exist. */
  async existingCourses(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<Array<{ id: string }>>(`SELECT id FROM course WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Per unit and targeted role, the target that applies to the unit (applyingTargetsSql). */
  applying(unitIds: string[]): Promise<Array<AppliedTarget & { unitId: string }>> {
    return this.db.query(applyingTargetsSql('u.id = ANY($1::uuid[])'), [unitIds]);
  }
}
