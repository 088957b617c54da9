import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtree, inSubtrees, onRosterOn, periodOpenOn } from '@app/org';
import { AttendanceRowResponse, AttendanceStatus, InviteeResponse, InviteeStatus } from '../sessions/dto/session.dto';

/** A reminder to send: to whom, for which session. */
export interface DueReminder {
  sessionId: string;
  email: string;
  fullName: string;
  title: string;
  startsAt: Date;
  place: string | null;
  onlineUrl: string | null;
}

/** One attendance row as stored. */
export interface AttendanceRecord {
  personId: string;
  status: AttendanceStatus;
  share: number;
  walkIn: boolean;
}

/** The people of a session (invitees and attendance): the only SQL on training_session_invitee and training_attendance. */
@Injectable()
export class AttendanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * People on the roster today ($2) of the unit $1's subtree who hold one of the roles $3, and inside the caller's
   * scopes $4 (org's roster rule and subtree fragments).
   */
  async matchUnitRoles(m: EntityManager, unitId: string, today: string, roleIds: string[], scopes: string[]) {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT DISTINCT m.person_id AS id
         FROM person_membership m
        WHERE ${inSubtree('$1', 'm.unit_id')} AND ${onRosterOn('$2')} AND ${inSubtrees('$4', 'm.unit_id')}
          AND EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = m.person_id AND r.role_id = ANY($3::uuid[])
                         AND ${periodOpenOn('$2', 'r')})
        ORDER BY 1`,
      [unitId, today, roleIds, scopes],
    );
    return rows.map((r) => r.id);
  }

  /** Which of these people are on the roster today ($2) inside the subtrees $3. */
  async onRosterIn(m: EntityManager, personIds: string[], today: string, units: string[]): Promise<Set<string>> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT DISTINCT m.person_id AS id FROM person_membership m
        WHERE m.person_id = ANY($1::uuid[]) AND ${onRosterOn('$2')} AND ${inSubtrees('$3', 'm.unit_id')}`,
      [personIds, today, units],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Invites these people (the session row locked by the caller): people already invited stay as they are; the new
   * ones take the free seats in the order given, the rest go on the waiting list. Returns how many were added, and
   * how many of them wait.
   */
  async invite(
    m: EntityManager,
    sessionId: string,
    personIds: string[],
    capacity: number | null,
    at: Date,
  ): Promise<{ added: number; waiting: number }> {
    const [row] = await m.query<Array<{ added: number; waiting: number }>>(
      `WITH taken AS (
         SELECT count(*)::int AS n FROM training_session_invitee
          WHERE session_id = $1 AND status IN ('invited', 'confirmed')
       ), fresh AS (
         SELECT p.id, p.ord FROM unnest($2::uuid[]) WITH ORDINALITY AS p(id, ord)
          WHERE NOT EXISTS (SELECT 1 FROM training_session_invitee i WHERE i.session_id = $1 AND i.person_id = p.id)
       ), ins AS (
         INSERT INTO training_session_invitee (session_id, person_id, status, invited_at)
         SELECT $1, f.id,
                CASE WHEN $3::int IS NULL OR (SELECT n FROM taken) + row_number() OVER (ORDER BY f.ord) <= $3
                     THEN 'invited' ELSE 'waiting' END,
                $4
           FROM fresh f ORDER BY f.ord
         RETURNING status
       )
       SELECT count(*)::int AS added, count(*) FILTER (WHERE status = 'waiting')::int AS waiting FROM ins`,
      [sessionId, personIds, capacity, at],
    );
    return row;
  }

  async invitation(m: EntityManager, sessionId: string, personId: string): Promise<InviteeStatus | null> {
    const rows = await m.query<Array<{ status: InviteeStatus }>>(
      `SELECT status FROM training_session_invitee WHERE session_id = $1 AND person_id = $2 FOR UPDATE`,
      [sessionId, personId],
    );
    return rows[0]?.status ?? null;
  }

  async setInvitation(m: EntityManager, sessionId: string, personId: string, status: InviteeStatus, at: Date) {
    await m.query(
      `UPDATE training_session_invitee SET status = $3, responded_at = $4 WHERE session_id = $1 AND person_id = $2`,
      [sessionId, personId, status, at],
    );
  }

  /** Moves the first of the waiting list to 'invited' when a seat is free; returns who, or null. */
  async promoteWaiting(m: EntityManager, sessionId: string, capacity: number | null): Promise<string | null> {
    const rows = await m.query<Array<{ personId: string }>>(
      `UPDATE training_session_invitee SET status = 'invited'
        WHERE session_id = $1 AND person_id = (
          SELECT person_id FROM training_session_invitee
           WHERE session_id = $1 AND status = 'waiting'
             AND ($2::int IS NULL OR (SELECT count(*) FROM training_session_invitee
                                        WHERE session_id = $1 AND status IN ('invited', 'confirmed')) < $2)
           ORDER BY seq LIMIT 1)
        RETURNING person_id AS "personId"`,
      [sessionId, capacity],
    );
    return rows[0]?.personId ?? null;
  }

  /** The invitees, by name; `scopes` (when given) keeps those whose current unit lies in them. */
  invitees(sessionId: string, scopes: string[] | null): Promise<InviteeResponse[]> {
    return this.db.query<InviteeResponse[]>(
      `SELECT i.person_id AS "personId", p.full_name AS "fullName", u.name AS "unitName", i.status
         FROM training_session_invitee i JOIN person p ON p.id = i.person_id LEFT JOIN org_unit u ON u.id = p.unit_id
        WHERE i.session_id = $1 AND ($2::uuid[] IS NULL OR ${inSubtrees('$2', 'p.unit_id')})
        ORDER BY p.name_key, p.id`,
      [sessionId, scopes],
    );
  }

  /**
   * The expected list at the door: the invitees (declined ones too, in case they come) and whoever has an
   * attendance row, with their tick; `q` searches names without diacritics (person.name_key).
   */
  expected(
    sessionId: string,
    q: string | null,
    limit = 500,
    personId: string | null = null,
  ): Promise<AttendanceRowResponse[]> {
    return this.db.query<AttendanceRowResponse[]>(
      `SELECT p.id AS "personId", p.full_name AS "fullName", u.name AS "unitName", i.status AS invitation,
              a.status, a.share, coalesce(a.walk_in, false) AS "walkIn"
         FROM (SELECT person_id FROM training_session_invitee WHERE session_id = $1
               UNION SELECT person_id FROM training_attendance WHERE session_id = $1) x
         JOIN person p ON p.id = x.person_id
         LEFT JOIN org_unit u ON u.id = p.unit_id
         LEFT JOIN training_session_invitee i ON i.session_id = $1 AND i.person_id = p.id
         LEFT JOIN training_attendance a ON a.session_id = $1 AND a.person_id = p.id
        WHERE ($2::text IS NULL OR p.name_key LIKE '%' || f_search_key($2) || '%') AND ($4::uuid IS NULL OR p.id = $4)
        ORDER BY p.name_key, p.id LIMIT $3`,
      [sessionId, q, limit, personId],
    );
  }

  /**
   * People on the roster today ($2) of the organiser's subtree ($3) and the caller's scopes ($4) whose name
   * matches, who are not on the session's list yet: the walk-ins the organiser may add.
   */
  walkInCandidates(
    sessionId: string,
    today: string,
    organiserUnitId: string,
    scopes: string[],
    q: string,
  ): Promise<Array<{ personId: string; fullName: string; unitName: string | null }>> {
    return this.db.query(
      `SELECT DISTINCT p.id AS "personId", p.full_name AS "fullName", u.name AS "unitName", p.name_key
         FROM person_membership m JOIN person p ON p.id = m.person_id LEFT JOIN org_unit u ON u.id = p.unit_id
        WHERE ${onRosterOn('$2')} AND ${inSubtree('$3', 'm.unit_id')} AND ${inSubtrees('$4', 'm.unit_id')}
          AND p.name_key LIKE '%' || f_search_key($5) || '%'
          AND NOT EXISTS (SELECT 1 FROM training_session_invitee i WHERE i.session_id = $1 AND i.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM training_attendance a WHERE a.session_id = $1 AND a.person_id = p.id)
        ORDER BY p.name_key, p.id LIMIT 20`,
      [sessionId, today, organiserUnitId, scopes, q],
    );
  }

  /** Whether the person is on the session's invitation list (any answer). */
  async isInvited(m: EntityManager, sessionId: string, personId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM training_session_invitee WHERE session_id = $1 AND person_id = $2`,
      [sessionId, personId],
    );
    return rows.length > 0;
  }

  async attendance(m: EntityManager, sessionId: string, personIds: string[]): Promise<AttendanceRecord[]> {
    return m.query<AttendanceRecord[]>(
      `SELECT person_id AS "personId", status, share, walk_in AS "walkIn" FROM training_attendance
        WHERE session_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY person_id`,
      [sessionId, personIds],
    );
  }

  /** One row per session and person: a second tick updates the first. */
  async upsert(
    m: EntityManager,
    sessionId: string,
    rows: Array<{ personId: string; status: AttendanceStatus; share: number; walkIn: boolean }>,
    by: string | null,
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO training_attendance (session_id, person_id, status, share, walk_in, recorded_at, recorded_by)
       SELECT $1, x.person_id, x.status, x.share, x.walk_in, $6, $7
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bool[]) AS x(person_id, status, share, walk_in)
       ON CONFLICT ON CONSTRAINT pk_training_attendance DO UPDATE
         SET status = excluded.status, share = excluded.share, recorded_at = excluded.recorded_at,
             recorded_by = excluded.recorded_by`,
      [
        sessionId,
        rows.map((r) => r.personId),
        rows.map((r) => r.status),
        rows.map((r) => r.share),
        rows.map((r) => r.walkIn),
        at,
        by,
      ],
    );
  }

  /** Everyone with an attendance row (closing the attendance settles them all). */
  async attendees(m: EntityManager, sessionId: string): Promise<AttendanceRecord[]> {
    return m.query<AttendanceRecord[]>(
      `SELECT person_id AS "personId", status, share, walk_in AS "walkIn" FROM training_attendance
        WHERE session_id = $1 ORDER BY person_id`,
      [sessionId],
    );
  }

  /**
   * Whom an attendance file may name: the invitees, and the people on the roster today ($2) of the organiser's
   * subtree ($3) inside the caller's scopes ($4), with their employee code and name key.
   */
  importable(
    sessionId: string,
    today: string,
    organiserUnitId: string,
    scopes: string[],
  ): Promise<Array<{ personId: string; fullName: string; employeeCode: string | null; nameKey: string }>> {
    return this.db.query(
      `SELECT p.id AS "personId", p.full_name AS "fullName", p.employee_code AS "employeeCode", p.name_key AS "nameKey"
         FROM person p
        WHERE EXISTS (SELECT 1 FROM training_session_invitee i WHERE i.session_id = $1 AND i.person_id = p.id)
           OR EXISTS (SELECT 1 FROM person_membership m
                       WHERE m.person_id = p.id AND ${onRosterOn('$2')} AND ${inSubtree('$3', 'm.unit_id')}
                         AND ${inSubtrees('$4', 'm.unit_id')})`,
      [sessionId, today, organiserUnitId, scopes],
    );
  }

  /**
   * Claims the reminders due: invitees (invited or confirmed) with an e-mail, of open sessions starting in
   * (from, to], not reminded yet; marks them reminded (in the caller's transaction) and returns what to send.
   */
  claimReminders(m: EntityManager, from: Date, to: Date): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         UPDATE training_session_invitee i SET reminded_at = $1
           FROM training_session s, person p
          WHERE s.id = i.session_id AND p.id = i.person_id AND i.reminded_at IS NULL
            AND i.status IN ('invited', 'confirmed') AND s.status = 'open'
            AND s.starts_at > $1 AND s.starts_at <= $2 AND p.email IS NOT NULL
         RETURNING i.session_id, p.email, p.full_name, s.title, s.starts_at, s.place, s.online_url
       )
       SELECT session_id AS "sessionId", email, full_name AS "fullName", title, starts_at AS "startsAt", place,
              online_url AS "onlineUrl"
         FROM due ORDER BY session_id, email`,
      [from, to],
    );
  }
}
