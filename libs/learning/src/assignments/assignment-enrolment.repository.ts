import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { onRosterOn, periodOpenOn } from '@app/org';

/** A pair to enrol: the person's enrolment in the assignment's course when one existed at match time. */
export interface EnrolmentPair {
  assignmentId: string;
  personId: string;
  enrolmentId: string | null;
}

/** What the enrol job needs to know of an assignment. */
export interface AssignmentToSync {
  unitId: string;
  status: string;
  courseStatus: string;
  versionId: string | null;
  memberCount: number;
  roleIds: string[];
  courseId: string;
}

/**
 * People an assignment matches today (on the roster of the subtree: org's onRosterOn) who are not its members yet, with their enrolment in the course if any
 * ($1 unit, $2 today, $3 assignment, $4 its role ids: given as values so that the planner sees how many people
 * hold them and hashes big subtrees; $5 the course).
 */
const MATCH_ASSIGNMENT = `
  SELECT x.id AS "personId", e.id AS "enrolmentId"
    FROM (SELECT DISTINCT m.person_id AS id
            FROM org_unit_closure c
            JOIN person_membership m ON m.unit_id = c.descendant_id
           WHERE c.ancestor_id = $1 AND ${onRosterOn('$2')}
             AND EXISTS (SELECT 1 FROM person_role r
                          WHERE r.person_id = m.person_id AND r.role_id = ANY($4::uuid[]) AND ${periodOpenOn('$2', 'r')})
             AND NOT EXISTS (SELECT 1 FROM assignment_member am
                              WHERE am.assignment_id = $3 AND am.person_id = m.person_id)) x
    LEFT JOIN enrolment e ON e.person_id = x.id AND e.course_id = $5
   ORDER BY 1`;

/** The same for the given people and every active assignment they now match ($1 ids, $2 today). */
const MATCH_PEOPLE = `
  SELECT x.assignment_id AS "assignmentId", x.person_id AS "personId", e.id AS "enrolmentId"
    FROM (SELECT DISTINCT a.id AS assignment_id, a.course_id, m.person_id
            FROM person_membership m
            JOIN org_unit_closure c ON c.descendant_id = m.unit_id
            JOIN assignment a ON a.unit_id = c.ancestor_id AND a.status = 'active'
            JOIN course co ON co.id = a.course_id AND co.status = 'published' AND co.published_version_id IS NOT NULL
           WHERE m.person_id = ANY($1::uuid[]) AND ${onRosterOn('$2')}
             AND EXISTS (SELECT 1 FROM person_role r JOIN assignment_role ar ON ar.role_id = r.role_id
                          WHERE ar.assignment_id = a.id AND r.person_id = m.person_id AND ${periodOpenOn('$2', 'r')})
             AND NOT EXISTS (SELECT 1 FROM assignment_member am
                              WHERE am.assignment_id = a.id AND am.person_id = m.person_id)) x
    LEFT JOIN enrolment e ON e.person_id = x.person_id AND e.course_id = x.course_id
   ORDER BY 2, 1`;

/**
 * One statement for a chunk of pairs ($1 assignments, $2 people, $3 their enrolments or null, $4 now, $5 the
 * non-null enrolments):
 * - a new enrolment per person and course that had none: the course's published version, source 'assignment',
 *   due the earliest due date among the pairs, and its 'enrolled' learning event;
 * - an existing enrolment (self-enrolled, or by another assignment) stays as it is, but gets the earlier of its
 *   due date and the assignment's (due_date = LEAST of the active assignments' due dates);
 * - every pair becomes a member pointing at the person's enrolment.
 * The enrolments come from the match, read before this transaction wrote any: nothing here looks enrolment up
 * by person, which the planner would do with a scan of rows it has no statistics for. Returns the people added.
 */
const ENROL_PAIRS = `
  WITH p AS (
    SELECT p.assignment_id, p.person_id, p.enrolment_id, a.course_id, a.due_date,
           co.published_version_id AS version_id
      FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS p(assignment_id, person_id, enrolment_id)
      JOIN assignment a ON a.id = p.assignment_id
      JOIN course co ON co.id = a.course_id
     WHERE co.published_version_id IS NOT NULL
  ), ins AS (
    INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, due_date)
    SELECT DISTINCT ON (person_id, course_id) person_id, course_id, version_id, 'assignment', $4, due_date
      FROM p WHERE enrolment_id IS NULL
     ORDER BY person_id, course_id, due_date
    ON CONFLICT ON CONSTRAINT uq_enrolment_person_id_course_id DO NOTHING
    RETURNING id, person_id, course_id
  ), ev AS (
    INSERT INTO learning_event (enrolment_id, lesson_id, kind, at)
    SELECT id, NULL, 'enrolled', $4 FROM ins
    ON CONFLICT DO NOTHING
  ), due AS (
    UPDATE enrolment e SET due_date = d.due_date
      FROM (SELECT enrolment_id, min(due_date) AS due_date FROM p
             WHERE enrolment_id IS NOT NULL GROUP BY enrolment_id) d
     WHERE e.id = ANY($5::uuid[]) AND e.id = d.enrolment_id AND (e.due_date IS NULL OR e.due_date > d.due_date)
  ), mem AS (
    INSERT INTO assignment_member (assignment_id, person_id, enrolment_id, added_at)
    SELECT p.assignment_id, p.person_id, coalesce(p.enrolment_id, i.id), $4
      FROM p LEFT JOIN ins i ON i.person_id = p.person_id AND i.course_id = p.course_id
     WHERE coalesce(p.enrolment_id, i.id) IS NOT NULL
    ON CONFLICT ON CONSTRAINT pk_assignment_member DO NOTHING
    RETURNING assignment_id, person_id
  )
  SELECT (SELECT count(*) FROM ins)::int AS enrolled,
         coalesce((SELECT json_agg(json_build_array(assignment_id, person_id)) FROM mem), '[]') AS added`;

/**
 * Pairs ENROL_PAIRS could not place: their enrolment was committed by someone else after the match (or written by
 * an earlier chunk of this run). Few rows: members point at whatever enrolment exists now, due dates follow.
 */
const ENROL_LATE = `
  WITH mem AS (
    INSERT INTO assignment_member (assignment_id, person_id, enrolment_id, added_at)
    SELECT p.assignment_id, p.person_id, e.id, $3
      FROM unnest($1::uuid[], $2::uuid[]) AS p(assignment_id, person_id)
      JOIN assignment a ON a.id = p.assignment_id
      JOIN LATERAL (SELECT id FROM enrolment WHERE person_id = p.person_id AND course_id = a.course_id LIMIT 1) e ON true
    ON CONFLICT ON CONSTRAINT pk_assignment_member DO NOTHING
    RETURNING assignment_id, enrolment_id
  ), due AS (
    UPDATE enrolment e SET due_date = d.due_date
      FROM (SELECT mem.enrolment_id, min(a.due_date) AS due_date
              FROM mem JOIN assignment a ON a.id = mem.assignment_id GROUP BY mem.enrolment_id) d
     WHERE e.id = d.enrolment_id AND (e.due_date IS NULL OR e.due_date > d.due_date)
  )
  SELECT coalesce((SELECT json_object_agg(assignment_id, n)
                     FROM (SELECT assignment_id, count(*)::int AS n FROM mem GROUP BY assignment_id) x), '{}') AS added`;

/**
 * Due dates recomputed from the active assignments each enrolment is a member of (null when none is left), for
 * the members of one assignment ($1) or of all ($1 null).
 */
const RECOMPUTE_DUE_DATES = `
  UPDATE enrolment e SET due_date = d.due_date
    FROM (SELECT am.enrolment_id, min(a.due_date) FILTER (WHERE a.status = 'active') AS due_date
            FROM assignment_member am JOIN assignment a ON a.id = am.assignment_id
           WHERE $1::uuid IS NULL
              OR am.enrolment_id IN (SELECT enrolment_id FROM assignment_member WHERE assignment_id = $1)
           GROUP BY am.enrolment_id) d
   WHERE e.id = d.enrolment_id AND e.due_date IS DISTINCT FROM d.due_date`;

/**
 * The SQL of assignment enrolment (AssignmentEnrolment): matching people to assignments and enrolling them
 * set-based (INSERT … SELECT … ON CONFLICT, thousands of rows per statement), member counts and due dates.
 */
@Injectable()
export class AssignmentEnrolmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Serialises the enrol runs (and cancellation) of one assignment, until the transaction ends. */
  async lock(m: EntityManager, assignmentId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`assignment:${assignmentId}`]);
  }

  async findToSync(m: EntityManager, assignmentId: string): Promise<AssignmentToSync | undefined> {
    const [a] = await m.query<AssignmentToSync[]>(
      `SELECT a.unit_id AS "unitId", a.status, co.status AS "courseStatus", co.published_version_id AS "versionId",
              a.member_count AS "memberCount", a.course_id AS "courseId",
              array(SELECT role_id FROM assignment_role WHERE assignment_id = a.id) AS "roleIds"
         FROM assignment a JOIN course co ON co.id = a.course_id WHERE a.id = $1`,
      [assignmentId],
    );
    return a;
  }

  /** People the assignment matches today who are not its members yet (MATCH_ASSIGNMENT). */
  matchAssignment(
    m: EntityManager,
    assignmentId: string,
    a: Pick<AssignmentToSync, 'unitId' | 'roleIds' | 'courseId'>,
    today: string,
  ): Promise<Array<Omit<EnrolmentPair, 'assignmentId'>>> {
    return m.query(MATCH_ASSIGNMENT, [a.unitId, today, assignmentId, a.roleIds, a.courseId]);
  }

  /** The given people's pairs with every active assignment they now match (MATCH_PEOPLE). */
  matchPeople(m: EntityManager, personIds: string[], today: string): Promise<EnrolmentPair[]> {
    return m.query(MATCH_PEOPLE, [personIds, today]);
  }

  async anyActive(m: EntityManager): Promise<boolean> {
    const [any] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM assignment WHERE status = 'active' LIMIT 1) x`,
    );
    return any.n > 0;
  }

  async activeIds(): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM assignment WHERE status = 'active' ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /** Enrols a chunk of pairs (ENROL_PAIRS): the people enrolled anew, and the (assignment, person) members added. */
  async enrolPairs(
    m: EntityManager,
    pairs: EnrolmentPair[],
    now: Date,
  ): Promise<{ enrolled: number; added: Array<[string, string]> }> {
    const enrolments = pairs.flatMap((p) => (p.enrolmentId ? [p.enrolmentId] : []));
    const [done] = await m.query<Array<{ enrolled: number; added: Array<[string, string]> }>>(ENROL_PAIRS, [
      pairs.map((p) => p.assignmentId),
      pairs.map((p) => p.personId),
      pairs.map((p) => p.enrolmentId),
      now,
      enrolments,
    ]);
    return done;
  }

  /** Places the pairs enrolPairs could not (ENROL_LATE): members added per assignment id. */
  async enrolLate(
    m: EntityManager,
    late: Array<Pick<EnrolmentPair, 'assignmentId' | 'personId'>>,
    now: Date,
  ): Promise<Record<string, number>> {
    const [more] = await m.query<Array<{ added: Record<string, number> }>>(ENROL_LATE, [
      late.map((p) => p.assignmentId),
      late.map((p) => p.personId),
      now,
    ]);
    return more.added;
  }

  /** Adds to one assignment's member count and marks it synced; the new count. */
  async addMembers(m: EntityManager, assignmentId: string, added: number, now: Date): Promise<number> {
    const [updated] = await m.query<Array<{ memberCount: number }>>(
      `WITH u AS (UPDATE assignment SET member_count = member_count + $2, synced_at = $3 WHERE id = $1
                  RETURNING member_count)
       SELECT member_count AS "memberCount" FROM u`,
      [assignmentId, added, now],
    );
    return updated.memberCount;
  }

  /** Adds to the member counts of several assignments (id → members added). */
  async addMemberCounts(m: EntityManager, added: Map<string, number>): Promise<void> {
    await m.query(
      `UPDATE assignment a SET member_count = a.member_count + x.n
         FROM unnest($1::uuid[], $2::int[]) AS x(id, n) WHERE a.id = x.id`,
      [[...added.keys()], [...added.values()]],
    );
  }

  /** Member counts made equal to the members again (the safety net). */
  async reconcileMemberCounts(m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE assignment a SET member_count = x.n
         FROM (SELECT a2.id, count(am.person_id)::int AS n
                 FROM assignment a2 LEFT JOIN assignment_member am ON am.assignment_id = a2.id GROUP BY a2.id) x
        WHERE a.id = x.id AND a.member_count <> x.n`,
    );
  }

  /** Due dates recomputed from the active assignments (RECOMPUTE_DUE_DATES), for one assignment's members or all. */
  async recomputeDueDates(m: EntityManager, assignmentId: string | null): Promise<void> {
    await m.query(RECOMPUTE_DUE_DATES, [assignmentId]);
  }
}
