import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtrees, onRosterOn } from '@app/org';
import { AssignmentResponse, AssignmentStatus, ProgressCounts, ProgressUnitRef } from './dto/assignment.dto';

interface AssignmentRow extends Omit<AssignmentResponse, 'syncedAt' | 'createdAt' | 'cancelledAt' | 'job'> {
  syncedAt: Date | null;
  createdAt: Date;
  cancelledAt: Date | null;
}

/**
 * The members of `a` counted in the caller's part on `today`: on the roster that day (org's onRosterOn) in a unit
 * inside both the assignment unit and one of the scopes (what progress counts as `assigned` there). Driven from the
 * caller's (commune-sized) scope, not from the members of a province- or country-wide assignment.
 */
const PART_MEMBERS = (scopes: string, today: string): string => `(SELECT count(DISTINCT am.person_id)::int
   FROM org_unit_closure s
   JOIN person_membership m ON m.unit_id = s.descendant_id AND ${onRosterOn(today)}
   JOIN org_unit_closure d ON d.ancestor_id = a.unit_id AND d.descendant_id = m.unit_id
   JOIN assignment_member am ON am.assignment_id = a.id AND am.person_id = m.person_id
  WHERE s.ancestor_id = ANY(${scopes}::uuid[]))`;

/** SQL parameters (e.g. `$1`) holding the caller's reader scopes and today. */
interface Scoped {
  scopes: string;
  today: string;
}

/**
 * The assignment columns. `scoped` reads them for the holder of the scopes in `scopes` on day `today` (SQL
 * parameters): an assignment whose unit lies above all of their scopes (it covers them) is "assigned from above",
 * and its memberCount counts only the members in their part (see PART_MEMBERS); otherwise the whole count.
 * The course title shown: the published version's, else the latest version's.
 */
const select = (scoped?: Scoped): string => `SELECT a.id, a.course_id AS "courseId", co.code AS "courseCode",
       coalesce((SELECT v.title FROM course_version v WHERE v.course_id = co.id
                  ORDER BY (v.id = co.published_version_id) DESC, v.version_no DESC LIMIT 1), co.code) AS "courseTitle",
       a.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
       to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.status,
       ${scoped ? `CASE WHEN o.own THEN a.member_count ELSE ${PART_MEMBERS(scoped.scopes, scoped.today)} END` : 'a.member_count'} AS "memberCount",
       ${scoped ? 'NOT o.own' : 'false'} AS "assignedFromAbove",
       a.synced_at AS "syncedAt", a.created_at AS "createdAt", a.cancelled_at AS "cancelledAt",
       coalesce((SELECT json_agg(json_build_object('id', r.id, 'code', r.code, 'nameVi', r.name_vi, 'nameEn', r.name_en)
                                 ORDER BY r.sort_order, r.code)
                   FROM assignment_role ar JOIN role r ON r.id = ar.role_id WHERE ar.assignment_id = a.id), '[]') AS roles,
       (SELECT j.id FROM job_run j WHERE j.business_key = 'assignment:' || a.id) AS "jobId"
  FROM assignment a
  JOIN course co ON co.id = a.course_id
  JOIN org_unit u ON u.id = a.unit_id${
    scoped
      ? `
  CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM org_unit_closure c
                                      WHERE c.ancestor_id = ANY(${scoped.scopes}::uuid[]) AND c.descendant_id = a.unit_id) AS own) o`
      : ''
  }`;

/**
 * Whom an assignment `a` concerns, for the holder of the scopes in `scopes`: its unit lies inside one of the scopes
 * (o.own), or one of the scopes lies inside its unit's subtree (it covers them).
 */
const VISIBLE = (scopes: string): string => `(o.own OR EXISTS (SELECT 1 FROM org_unit_closure c
                     WHERE c.ancestor_id = a.unit_id AND c.descendant_id = ANY(${scopes}::uuid[])))`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const toResponse = (r: AssignmentRow): AssignmentResponse => ({
  ...r,
  syncedAt: iso(r.syncedAt),
  createdAt: r.createdAt.toISOString(),
  cancelledAt: iso(r.cancelledAt),
});

export interface CourseForAssignment {
  id: string;
  status: 'draft' | 'published' | 'archived';
  ownerUnitId: string;
  publishedVersionId: string | null;
}

export interface UnitRow extends ProgressUnitRef {
  status: string;
  hasChildren: boolean;
}

export interface ProgressCountsRow extends ProgressCounts {
  unitId: string;
}

/** SQL of assignments. Lists are scoped through org_unit_closure. */
/** Course `co` is open, or owned on the line of one of the scopes in $1 (above it or inside it). */
const ASSIGNABLE = `co.open_enrolment OR EXISTS (
  SELECT 1 FROM org_unit_closure c
   WHERE (c.ancestor_id = co.owner_unit_id AND c.descendant_id = ANY($1::uuid[]))
      OR (c.ancestor_id = ANY($1::uuid[]) AND c.descendant_id = co.owner_unit_id))`;

@Injectable()
export class AssignmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string, m: EntityManager = this.db.manager): Promise<AssignmentResponse | null> {
    const rows = await m.query<AssignmentRow[]>(`${select()} WHERE a.id = $1`, [id]);
    return rows[0] ? toResponse(rows[0]) : null;
  }

  /** The assignment as the holder of these scopes sees it on `today` (see select); null when it does not concern them. */
  async findVisible(id: string, scopeIds: string[], today: string): Promise<AssignmentResponse | null> {
    const rows = await this.db.query<AssignmentRow[]>(
      `${select({ scopes: '$2', today: '$3' })} WHERE a.id = $1 AND ${VISIBLE('$2')}`,
      [id, scopeIds, today],
    );
    return rows[0] ? toResponse(rows[0]) : null;
  }

  /** The assignments that concern the holder of these scopes (theirs, and those covering them), newest first. */
  async list(
    scopeIds: string[],
    today: string,
    f: { courseId?: string; unitId?: string; status?: AssignmentStatus; limit: number; offset: number },
  ): Promise<{ items: AssignmentResponse[]; total: number }> {
    const sql = select({ scopes: '$1', today: '$7' });
    const rows = await this.db.query<Array<AssignmentRow & { total: number }>>(
      `${sql.replace('SELECT a.id,', 'SELECT count(*) OVER ()::int AS total, a.id,')}
        WHERE ${VISIBLE('$1')}
          AND ($2::uuid IS NULL OR a.course_id = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = $3 AND c.descendant_id = a.unit_id))
          AND ($4::text IS NULL OR a.status = $4)
        ORDER BY a.created_at DESC, a.id
        LIMIT $5 OFFSET $6`,
      [scopeIds, f.courseId ?? null, f.unitId ?? null, f.status ?? null, f.limit, f.offset, today],
    );
    return { items: rows.map(({ total: _t, ...r }) => toResponse(r)), total: rows[0]?.total ?? 0 };
  }

  async course(id: string): Promise<CourseForAssignment | null> {
    const rows = await this.db.query<CourseForAssignment[]>(
      `SELECT id, status, owner_unit_id AS "ownerUnitId", published_version_id AS "publishedVersionId"
         FROM course WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Published courses the holder of these scopes may assign (for the "new assignment" form): open courses, and
   * closed ones owned on their line (by a unit above their scope, or inside it). A closed course of a neighbour
   * is not theirs to assign.
   */
  assignableCourses(scopeIds: string[]): Promise<Array<{ id: string; code: string; title: string }>> {
    return this.db.query(
      `SELECT co.id, co.code, v.title FROM course co JOIN course_version v ON v.id = co.published_version_id
        WHERE co.status = 'published' AND (${ASSIGNABLE})
        ORDER BY f_search_key(v.title), co.code LIMIT 1000`,
      [scopeIds],
    );
  }

  /** Whether the holder of these scopes may assign the course (see assignableCourses). */
  async mayAssign(courseId: string, scopeIds: string[]): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM course co WHERE co.id = $2 AND (${ASSIGNABLE})`, [
      scopeIds,
      courseId,
    ]);
    return rows.length > 0;
  }

  async unit(id: string): Promise<UnitRow | null> {
    const rows = await this.db.query<UnitRow[]>(
      `SELECT u.id, u.code, u.name, u.status, EXISTS (SELECT 1 FROM org_unit k WHERE k.parent_id = u.id) AS "hasChildren"
         FROM org_unit u WHERE u.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async unitByCode(code: string): Promise<UnitRow | null> {
    const rows = await this.db.query<UnitRow[]>(
      `SELECT u.id, u.code, u.name, u.status, EXISTS (SELECT 1 FROM org_unit k WHERE k.parent_id = u.id) AS "hasChildren"
         FROM org_unit u WHERE lower(u.code) = lower($1)`,
      [code],
    );
    return rows[0] ?? null;
  }

  async insert(
    m: EntityManager,
    a: { courseId: string; unitId: string; dueDate: string; roleIds: string[]; createdBy: string; now: Date },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO assignment (course_id, unit_id, due_date, created_by, created_at)
       VALUES ($1, $2, $3::date, $4, $5) RETURNING id`,
      [a.courseId, a.unitId, a.dueDate, a.createdBy, a.now],
    );
    await m.query(`INSERT INTO assignment_role (assignment_id, role_id) SELECT $1, unnest($2::uuid[])`, [
      row.id,
      a.roleIds,
    ]);
    return row.id;
  }

  /** Cancels an active assignment; false when it was not active. */
  async cancel(m: EntityManager, id: string, now: Date): Promise<boolean> {
    const rows = await m.query<Array<{ id: string }>>(
      `WITH u AS (UPDATE assignment SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 AND status = 'active'
                  RETURNING id)
       SELECT id FROM u`,
      [id, now],
    );
    return rows.length > 0;
  }

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
        ORDER BY f_search_key(u.name), u.code`,
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
