import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { onRosterOn } from '@app/org';
import { AssignmentResponse, AssignmentStatus, ProgressUnitRef } from './dto/assignment.dto';

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
        ORDER BY ${vietnameseOrder('v.title')}, co.code LIMIT 1000`,
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
}
