import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { inSubtrees, onRosterOn } from '@app/org';
import { UnitRow } from './assignment.repository';
import { ProgressCounts, ProgressUnitRef } from './dto/assignment.dto';

export interface ProgressCountsRow extends ProgressCounts {
  unitId: string;
}

/** The SQL of assignment progress (a read model): members counted by unit, and the units a caller may look at. */
@Injectable()
export class AssignmentProgressRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The units from `topId` down to `unitId` (both included) that lie inside the scopes: never above them. */
  path(topId: string, unitId: string, scopeIds: string[]): Promise<ProgressUnitRef[]> {
    return this.db.query(
      `SELECT u.id, u.code, u.name
         FROM org_unit_closure c
         JOIN org_unit_closure t ON t.ancestor_id = $1 AND t.descendant_id = c.ancestor_id
         JOIN org_unit u ON u.id = c.ancestor_id
        WHERE c.descendant_id = $2
          AND EXISTS (SELECT 1 FROM org_unit_closure s WHERE s.ancestor_id = ANY($3::uuid[]) AND s.descendant_id = u.id)
        ORDER BY c.depth DESC`,
      [topId, unitId, scopeIds],
    );
  }

  /** Whether `unitId` lies inside the subtree of `topId` and inside one of the scopes. */
  async withinBoth(topId: string, unitId: string, scopeIds: string[]): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM org_unit_closure t
        WHERE t.ancestor_id = $1 AND t.descendant_id = $2
          AND EXISTS (SELECT 1 FROM org_unit_closure s WHERE s.ancestor_id = ANY($3::uuid[]) AND s.descendant_id = $2)`,
      [topId, unitId, scopeIds],
    );
    return rows.length > 0;
  }

  /**
   * The caller's part of an assignment that covers them: of the scopes inside the subtree of `topId`, the one
   * nearest to it (a scope nested in another is part of it), then by code; null when none lies there.
   */
  async firstPart(topId: string, scopeIds: string[]): Promise<string | null> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT u.id FROM org_unit_closure t JOIN org_unit u ON u.id = t.descendant_id
        WHERE t.ancestor_id = $1 AND t.descendant_id = ANY($2::uuid[])
        ORDER BY t.depth, u.code, u.id LIMIT 1`,
      [topId, scopeIds],
    );
    return rows[0]?.id ?? null;
  }

  /** The direct children of a unit inside the scopes. */
  children(unitId: string, scopeIds: string[]): Promise<UnitRow[]> {
    return this.db.query(
      `SELECT u.id, u.code, u.name, u.status, EXISTS (SELECT 1 FROM org_unit k WHERE k.parent_id = u.id) AS "hasChildren"
         FROM org_unit u
        WHERE u.parent_id = $1
          AND EXISTS (SELECT 1 FROM org_unit_closure s WHERE s.ancestor_id = ANY($2::uuid[]) AND s.descendant_id = u.id)
        ORDER BY ${vietnameseOrder('u.name')}, u.code`,
      [unitId, scopeIds],
    );
  }

  /**
   * Members of the assignment on the roster on `today` (org's onRosterOn), counted by the unit of that membership: one row per child of
   * `unitId` (the child's whole subtree) and one for `unitId` itself (people directly in it). Counted per unit
   * first (a few thousand rows at most), then rolled up to the children through org_unit_closure; only units
   * inside `scopeIds` count. Driven from the units under `unitId`, so a commune's view of a province-wide
   * assignment reads that commune's people, not every member.
   */
  progressByChild(
    assignmentId: string,
    unitId: string,
    today: string,
    scopeIds: string[],
  ): Promise<ProgressCountsRow[]> {
    return this.db.query(
      `WITH per_unit AS (
         SELECT m.unit_id, count(*)::int AS assigned,
                count(*) FILTER (WHERE e.completed_at IS NULL AND e.started_at IS NOT NULL)::int AS started,
                count(*) FILTER (WHERE e.completed_at IS NOT NULL)::int AS completed,
                count(*) FILTER (WHERE e.completed_at IS NULL AND e.due_date < $3::date)::int AS overdue,
                count(*) FILTER (WHERE e.completed_at IS NULL AND e.started_at IS NULL)::int AS not_started
           FROM org_unit_closure u0
           JOIN person_membership m ON m.unit_id = u0.descendant_id AND ${onRosterOn('$3')}
           JOIN assignment_member am ON am.assignment_id = $1 AND am.person_id = m.person_id
           JOIN enrolment e ON e.id = am.enrolment_id
          WHERE u0.ancestor_id = $2
          GROUP BY m.unit_id
       )
       SELECT coalesce(ch.id, d.ancestor_id) AS "unitId", sum(pu.assigned)::int AS assigned,
              sum(pu.started)::int AS started, sum(pu.completed)::int AS completed, sum(pu.overdue)::int AS overdue,
              sum(pu.not_started)::int AS "notStarted"
         FROM per_unit pu
         JOIN org_unit_closure d ON d.ancestor_id = $2 AND d.descendant_id = pu.unit_id
         LEFT JOIN LATERAL (SELECT c.ancestor_id AS id FROM org_unit_closure c JOIN org_unit p ON p.id = c.ancestor_id
                             WHERE c.descendant_id = pu.unit_id AND p.parent_id = d.ancestor_id LIMIT 1) ch ON true
        WHERE ${inSubtrees('$4', 'pu.unit_id')}
        GROUP BY 1`,
      [assignmentId, unitId, today, scopeIds],
    );
  }

  /** Members not on the roster on `today` anywhere inside the assignment unit (moved away, left, on leave). */
  async membersElsewhere(assignmentId: string, unitId: string, today: string): Promise<number> {
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM assignment_member am
        WHERE am.assignment_id = $1
          AND NOT EXISTS (SELECT 1 FROM person_membership m
                            JOIN org_unit_closure d ON d.ancestor_id = $2 AND d.descendant_id = m.unit_id
                           WHERE m.person_id = am.person_id AND ${onRosterOn('$3')})`,
      [assignmentId, unitId, today],
    );
    return row.n;
  }
}
