import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { PermanentJobError } from '@app/jobs';
import { onRosterOn, periodOpenOn } from '@app/org';
import { AssignmentSyncResult } from './dto/assignment.dto';

/** Records progress 0..100 (a job's ctx.reportProgress). */
export type ReportProgress = (percent: number) => Promise<void>;

/** Pairs written per statement: big enough to be set-based, small enough to report progress. */
const CHUNK = 10_000;

/** A pair to enrol: the person's enrolment in the assignment's course when one existed at match time. */
interface Pair {
  assignmentId: string;
  personId: string;
  enrolmentId: string | null;
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

const lock = (m: EntityManager, assignmentId: string): Promise<unknown> =>
  m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`assignment:${assignmentId}`]);

/**
 * Matching people to assignments and enrolling them, set-based (INSERT … SELECT … ON CONFLICT, thousands of rows
 * per statement). Everything is idempotent: people already members are not matched again, and every insert
 * tolerates rows an earlier (killed) run or a concurrent roster change already wrote.
 */
@Injectable()
export class AssignmentEnrolment {
  private readonly logger = new Logger(AssignmentEnrolment.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Enrols everyone the assignment matches today (the `learning.assignment.enrol` job). One transaction: a run
   * killed half-way leaves nothing, and the retry does the whole work; a second run finds nobody new.
   */
  async syncAssignment(
    assignmentId: string,
    report: ReportProgress = async () => undefined,
  ): Promise<AssignmentSyncResult> {
    const started = performance.now();
    const result = await this.db.transaction(async (m): Promise<AssignmentSyncResult> => {
      await lock(m, assignmentId); // one run per assignment at a time; cancel waits too
      const [a] = await m.query<
        Array<{
          unitId: string;
          status: string;
          courseStatus: string;
          versionId: string | null;
          memberCount: number;
          roleIds: string[];
          courseId: string;
        }>
      >(
        `SELECT a.unit_id AS "unitId", a.status, co.status AS "courseStatus", co.published_version_id AS "versionId",
                a.member_count AS "memberCount", a.course_id AS "courseId",
                array(SELECT role_id FROM assignment_role WHERE assignment_id = a.id) AS "roleIds"
           FROM assignment a JOIN course co ON co.id = a.course_id WHERE a.id = $1`,
        [assignmentId],
      );
      if (!a) throw new PermanentJobError(`assignment ${assignmentId} is gone`);
      const none = { assignmentId, matched: 0, enrolled: 0, added: 0, memberCount: a.memberCount };
      if (a.status !== 'active') return { ...none, skipped: 'the assignment is cancelled' };
      if (a.courseStatus !== 'published' || !a.versionId) return { ...none, skipped: 'the course is not published' };
      await report(5);
      const now = this.clock.now();
      const people = await m.query<Array<Omit<Pair, 'assignmentId'>>>(MATCH_ASSIGNMENT, [
        a.unitId,
        this.clock.today(),
        assignmentId,
        a.roleIds,
        a.courseId,
      ]);
      await report(15);
      let [enrolled, added] = [0, 0];
      for (let i = 0; i < people.length; i += CHUNK) {
        const chunk = people.slice(i, i + CHUNK).map((p) => ({ ...p, assignmentId }));
        const done = await this.apply(m, chunk, now);
        enrolled += done.enrolled;
        added += done.added.get(assignmentId) ?? 0;
        await report(15 + Math.floor((80 * (i + chunk.length)) / people.length));
      }
      const [updated] = await m.query<Array<{ memberCount: number }>>(
        `WITH u AS (UPDATE assignment SET member_count = member_count + $2, synced_at = $3 WHERE id = $1
                    RETURNING member_count)
         SELECT member_count AS "memberCount" FROM u`,
        [assignmentId, added, now],
      );
      return { assignmentId, matched: people.length, enrolled, added, memberCount: updated.memberCount };
    });
    await report(100);
    const durationMs = Math.round(performance.now() - started);
    this.logger.log({ ...result, durationMs }, 'assignment synced');
    return result;
  }

  /**
   * The roster listener: the given people (just created, moved, given roles, back from leave…) are enrolled in
   * every active assignment they now match, inside the caller's transaction.
   */
  async enrolPeople(personIds: string[], m: EntityManager): Promise<number> {
    if (personIds.length === 0) return 0;
    const [any] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM assignment WHERE status = 'active' LIMIT 1) x`,
    );
    if (any.n === 0) return 0;
    const pairs = await m.query<Pair[]>(MATCH_PEOPLE, [personIds, this.clock.today()]);
    if (pairs.length === 0) return 0;
    const now = this.clock.now();
    const added = new Map<string, number>();
    for (let i = 0; i < pairs.length; i += CHUNK) {
      const done = await this.apply(m, pairs.slice(i, i + CHUNK), now);
      for (const [id, n] of done.added) added.set(id, (added.get(id) ?? 0) + n);
    }
    await m.query(
      `UPDATE assignment a SET member_count = a.member_count + x.n
         FROM unnest($1::uuid[], $2::int[]) AS x(id, n) WHERE a.id = x.id`,
      [[...added.keys()], [...added.values()]],
    );
    return [...added.values()].reduce((s, n) => s + n, 0);
  }

  /**
   * The safety net (`learning.assignments.sync`): every active assignment is matched again, one transaction each;
   * then due dates and member counts are reconciled with the members.
   */
  async syncAll(report: ReportProgress = async () => undefined): Promise<{ assignments: number; added: number }> {
    const ids = (
      await this.db.query<Array<{ id: string }>>(
        `SELECT id FROM assignment WHERE status = 'active' ORDER BY created_at, id`,
      )
    ).map((r) => r.id);
    let added = 0;
    for (const [i, id] of ids.entries()) {
      added += (await this.syncAssignment(id)).added;
      await report(Math.floor((90 * (i + 1)) / ids.length));
    }
    await this.db.transaction(async (m) => {
      await m.query(RECOMPUTE_DUE_DATES, [null]);
      await m.query(
        `UPDATE assignment a SET member_count = x.n
           FROM (SELECT a2.id, count(am.person_id)::int AS n
                   FROM assignment a2 LEFT JOIN assignment_member am ON am.assignment_id = a2.id GROUP BY a2.id) x
          WHERE a.id = x.id AND a.member_count <> x.n`,
      );
    });
    await report(100);
    return { assignments: ids.length, added };
  }

  /** After a cancellation: the members' due dates come from the assignments still active (null when none). */
  async recomputeDueDates(m: EntityManager, assignmentId: string): Promise<void> {
    await m.query(RECOMPUTE_DUE_DATES, [assignmentId]);
  }

  /** Serialises with a running enrol of the assignment. */
  lock(m: EntityManager, assignmentId: string): Promise<unknown> {
    return lock(m, assignmentId);
  }

  private async apply(
    m: EntityManager,
    pairs: Pair[],
    now: Date,
  ): Promise<{ enrolled: number; added: Map<string, number> }> {
    const col = <T>(f: (p: Pair) => T): T[] => pairs.map(f);
    const enrolments = pairs.flatMap((p) => (p.enrolmentId ? [p.enrolmentId] : []));
    const [done] = await m.query<Array<{ enrolled: number; added: Array<[string, string]> }>>(ENROL_PAIRS, [
      col((p) => p.assignmentId),
      col((p) => p.personId),
      col((p) => p.enrolmentId),
      now,
      enrolments,
    ]);
    const added = new Map<string, number>();
    const placed = new Set<string>();
    for (const [assignmentId, personId] of done.added) {
      added.set(assignmentId, (added.get(assignmentId) ?? 0) + 1);
      placed.add(`${assignmentId}/${personId}`);
    }
    const late = pairs.filter((p) => !placed.has(`${p.assignmentId}/${p.personId}`));
    if (late.length > 0) {
      const [more] = await m.query<Array<{ added: Record<string, number> }>>(ENROL_LATE, [
        late.map((p) => p.assignmentId),
        late.map((p) => p.personId),
        now,
      ]);
      for (const [id, n] of Object.entries(more.added)) added.set(id, (added.get(id) ?? 0) + n);
    }
    return { enrolled: done.enrolled, added };
  }
}
