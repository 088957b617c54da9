import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentResponse, AssignmentStatus, ProgressCounts, ProgressUnitRef } from './dto/assignment.dto';

interface AssignmentRow extends Omit<AssignmentResponse, 'syncedAt' | 'createdAt' | 'cancelledAt' | 'job'> {
  syncedAt: Date | null;
  createdAt: Date;
  cancelledAt: Date | null;
}

/** The course title shown: the published version's, else the latest version's. */
const SELECT = `SELECT a.id, a.course_id AS "courseId", co.code AS "courseCode",
       coalesce((SELECT v.title FROM course_version v WHERE v.course_id = co.id
                  ORDER BY (v.id = co.published_version_id) DESC, v.version_no DESC LIMIT 1), co.code) AS "courseTitle",
       a.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
       to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.status, a.member_count AS "memberCount",
       a.synced_at AS "syncedAt", a.created_at AS "createdAt", a.cancelled_at AS "cancelledAt",
       coalesce((SELECT json_agg(json_build_object('id', r.id, 'code', r.code, 'nameVi', r.name_vi, 'nameEn', r.name_en)
                                 ORDER BY r.sort_order, r.code)
                   FROM assignment_role ar JOIN role r ON r.id = ar.role_id WHERE ar.assignment_id = a.id), '[]') AS roles,
       (SELECT j.id FROM job_run j WHERE j.business_key = 'assignment:' || a.id) AS "jobId"
  FROM assignment a
  JOIN course co ON co.id = a.course_id
  JOIN org_unit u ON u.id = a.unit_id`;

/** A period row open on $3. */
const OPEN_ON_3 = (alias: string): string =>
  `${alias}.valid_from <= $3::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > $3::date)`;

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
    const rows = await m.query<AssignmentRow[]>(`${SELECT} WHERE a.id = $1`, [id]);
    return rows[0] ? toResponse(rows[0]) : null;
  }

  async list(
    scopeIds: string[],
    f: { courseId?: string; unitId?: string; status?: AssignmentStatus; limit: number; offset: number },
  ): Promise<{ items: AssignmentResponse[]; total: number }> {
    const rows = await this.db.query<Array<AssignmentRow & { total: number }>>(
      `${SELECT.replace('SELECT a.id,', 'SELECT count(*) OVER ()::int AS total, a.id,')}
        WHERE EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = ANY($1::uuid[]) AND c.descendant_id = a.unit_id)
          AND ($2::uuid IS NULL OR a.course_id = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = $3 AND c.descendant_id = a.unit_id))
          AND ($4::text IS NULL OR a.status = $4)
        ORDER BY a.created_at DESC, a.id
        LIMIT $5 OFFSET $6`,
      [scopeIds, f.courseId ?? null, f.unitId ?? null, f.status ?? null, f.limit, f.offset],
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

  /** The units from `topId` down to `unitId` (both included). */
  path(topId: string, unitId: string): Promise<ProgressUnitRef[]> {
    return this.db.query(
      `SELECT u.id, u.code, u.name
         FROM org_unit_closure c
         JOIN org_unit_closure t ON t.ancestor_id = $1 AND t.descendant_id = c.ancestor_id
         JOIN org_unit u ON u.id = c.ancestor_id
        WHERE c.descendant_id = $2
        ORDER BY c.depth DESC`,
      [topId, unitId],
    );
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
   * Members of the assignment counted by the unit of their membership open on `today`: one row per child of
   * `unitId` (the child's whole subtree) and one for `unitId` itself (people directly in it). Counted per unit
   * first (a few thousand rows at most), then rolled up to the children through org_unit_closure; only units
   * inside `scopeIds` count.
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
           FROM assignment_member am
           JOIN enrolment e ON e.id = am.enrolment_id
           JOIN person_membership m ON m.person_id = am.person_id AND ${OPEN_ON_3('m')}
          WHERE am.assignment_id = $1
          GROUP BY m.unit_id
       )
       SELECT coalesce(ch.id, d.ancestor_id) AS "unitId", sum(pu.assigned)::int AS assigned,
              sum(pu.started)::int AS started, sum(pu.completed)::int AS completed, sum(pu.overdue)::int AS overdue,
              sum(pu.not_started)::int AS "notStarted"
         FROM per_unit pu
         JOIN org_unit_closure d ON d.ancestor_id = $2 AND d.descendant_id = pu.unit_id
         LEFT JOIN LATERAL (SELECT c.ancestor_id AS id FROM org_unit_closure c JOIN org_unit p ON p.id = c.ancestor_id
                             WHERE c.descendant_id = pu.unit_id AND p.parent_id = d.ancestor_id LIMIT 1) ch ON true
        WHERE EXISTS (SELECT 1 FROM org_unit_closure s
                       WHERE s.ancestor_id = ANY($4::uuid[]) AND s.descendant_id = pu.unit_id)
        GROUP BY 1`,
      [assignmentId, unitId, today, scopeIds],
    );
  }

  /** Members with no membership open on `today` inside the assignment unit (moved away, left the roster). */
  async membersElsewhere(assignmentId: string, unitId: string, today: string): Promise<number> {
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM assignment_member am
        WHERE am.assignment_id = $1
          AND NOT EXISTS (SELECT 1 FROM person_membership m
                            JOIN org_unit_closure d ON d.ancestor_id = $2 AND d.descendant_id = m.unit_id
                           WHERE m.person_id = am.person_id AND ${OPEN_ON_3('m')})`,
      [assignmentId, unitId, today],
    );
    return row.n;
  }
}
