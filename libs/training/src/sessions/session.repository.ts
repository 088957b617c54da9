import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtrees } from '@app/org';
import { SessionKind, SessionResponse } from './dto/session.dto';

/** A session's row as written. */
export interface SessionValues {
  title: string;
  kind: SessionKind;
  topics: string[];
  organiserUnitId: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  trainers: string | null;
  requiredShare: number;
  validityMonths: number | null;
  courseId: string | null;
  targetRoleIds: string[];
  countingRoleIds: string[];
}

/** What the rules need of a session, read under its row lock. */
export interface SessionState {
  id: string;
  title: string;
  organiserUnitId: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  capacity: number | null;
  requiredShare: number;
  validityMonths: number | null;
  status: 'open' | 'cancelled';
  attendanceClosedAt: Date | null;
  counts: boolean;
}

/** The written columns of a session, in the order of the INSERT and UPDATE above ($1–$13). */
const columns = (v: SessionValues): unknown[] => [
  v.title,
  v.kind,
  v.topics,
  v.organiserUnitId,
  v.startsAt,
  v.endsAt,
  v.place,
  v.onlineUrl,
  v.capacity,
  v.trainers,
  v.requiredShare,
  v.validityMonths,
  v.courseId,
];

const iso = (col: string): string => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const SELECT_SESSION = `
  SELECT s.id, s.title, s.kind, s.topics, s.organiser_unit_id AS "organiserUnitId", u.name AS "organiserUnitName",
         ${iso('s.starts_at')} AS "startsAt", ${iso('s.ends_at')} AS "endsAt", s.place, s.online_url AS "onlineUrl",
         s.capacity, s.trainers, s.required_share AS "requiredShare", s.validity_months AS "validityMonths",
         s.course_id AS "courseId", s.status, ${iso('s.attendance_closed_at')} AS "attendanceClosedAt",
         s.sheet_key IS NOT NULL AS "hasSheet",
         coalesce((SELECT array_agg(r.role_id ORDER BY r.role_id) FROM training_session_target_role r
                    WHERE r.session_id = s.id), '{}') AS "targetRoleIds",
         coalesce((SELECT array_agg(r.role_id ORDER BY r.role_id) FROM training_session_counting_role r
                    WHERE r.session_id = s.id), '{}') AS "countingRoleIds",
         (SELECT json_build_object(
                   'invited', count(*) FILTER (WHERE i.status = 'invited')::int,
                   'confirmed', count(*) FILTER (WHERE i.status = 'confirmed')::int,
                   'declined', count(*) FILTER (WHERE i.status = 'declined')::int,
                   'waiting', count(*) FILTER (WHERE i.status = 'waiting')::int,
                   'present', (SELECT count(*)::int FROM training_attendance a
                                WHERE a.session_id = s.id AND a.status = 'present'))
            FROM training_session_invitee i WHERE i.session_id = s.id) AS counts
    FROM training_session s JOIN org_unit u ON u.id = s.organiser_unit_id`;

/** Training sessions and their roles: the only SQL on training_session and its role tables. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager outside any transaction (reads). */
  manager(): EntityManager {
    return this.db.manager;
  }

  async insert(m: EntityManager, v: SessionValues, by: string | null, at: Date): Promise<string> {
    const [{ id }] = await m.query<Array<{ id: string }>>(
      `INSERT INTO training_session (title, kind, topics, organiser_unit_id, starts_at, ends_at, place, online_url,
                                     capacity, trainers, required_share, validity_months, course_id, created_at,
                                     updated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id`,
      [...columns(v), at, by],
    );
    await this.setRoles(m, id, v);
    return id;
  }

  async update(m: EntityManager, id: string, v: SessionValues, at: Date): Promise<void> {
    await m.query(
      `UPDATE training_session SET title = $1, kind = $2, topics = $3, organiser_unit_id = $4, starts_at = $5,
              ends_at = $6, place = $7, online_url = $8, capacity = $9, trainers = $10, required_share = $11,
              validity_months = $12, course_id = $13, updated_at = $14
        WHERE id = $15`,
      [...columns(v), at, id],
    );
    await m.query(`DELETE FROM training_session_target_role WHERE session_id = $1`, [id]);
    await m.query(`DELETE FROM training_session_counting_role WHERE session_id = $1`, [id]);
    await this.setRoles(m, id, v);
  }

  private async setRoles(m: EntityManager, id: string, v: SessionValues): Promise<void> {
    await m.query(`INSERT INTO training_session_target_role (session_id, role_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      v.targetRoleIds,
    ]);
    await m.query(`INSERT INTO training_session_counting_role (session_id, role_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      v.countingRoleIds,
    ]);
  }

  async find(id: string, m: EntityManager = this.db.manager): Promise<SessionResponse | null> {
    const rows = await m.query<SessionResponse[]>(`${SELECT_SESSION} WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The session's row, locked for the transaction (invitations and attendance serialise on it). */
  async lock(m: EntityManager, id: string): Promise<SessionState | null> {
    const rows = await m.query<SessionState[]>(
      `SELECT s.id, s.title, s.organiser_unit_id AS "organiserUnitId", s.starts_at AS "startsAt", s.ends_at AS "endsAt",
              s.created_at AS "createdAt", s.capacity, s.required_share AS "requiredShare",
              s.validity_months AS "validityMonths", s.status, s.attendance_closed_at AS "attendanceClosedAt",
              EXISTS (SELECT 1 FROM training_session_counting_role r WHERE r.session_id = s.id) AS counts
         FROM training_session s WHERE s.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * The sessions organised in the caller's subtrees (`scopes`), or that invite `personId` (a learner's own),
   * starting in [from, to) when given, by start.
   */
  async list(
    scopes: string[],
    personId: string | null,
    range: { from: Date; to: Date } | null,
    page: { limit: number; offset: number },
  ): Promise<{ items: SessionResponse[]; total: number }> {
    const where = `(${inSubtrees('$1', 's.organiser_unit_id')}
                    OR EXISTS (SELECT 1 FROM training_session_invitee i WHERE i.session_id = s.id AND i.person_id = $2))
                   AND ($3::timestamptz IS NULL OR (s.starts_at >= $3 AND s.starts_at < $4))`;
    const params = [scopes, personId, range?.from ?? null, range?.to ?? null];
    const [items, [count]] = await Promise.all([
      this.db.query<SessionResponse[]>(
        `${SELECT_SESSION} WHERE ${where} ORDER BY s.starts_at, s.id LIMIT $5 OFFSET $6`,
        [...params, page.limit, page.offset],
      ),
      this.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM training_session s WHERE ${where}`, params),
    ]);
    return { items, total: count.n };
  }

  async closeAttendance(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE training_session SET attendance_closed_at = $2, updated_at = $2 WHERE id = $1`, [id, at]);
  }

  async setSheet(m: EntityManager, id: string, key: string, at: Date): Promise<string | null> {
    const [old] = await m.query<Array<{ key: string | null }>>(
      `SELECT sheet_key AS key FROM training_session WHERE id = $1`,
      [id],
    );
    await m.query(`UPDATE training_session SET sheet_key = $2, updated_at = $3 WHERE id = $1`, [id, key, at]);
    return old?.key ?? null;
  }

  async sheetKey(id: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ key: string | null }>>(
      `SELECT sheet_key AS key FROM training_session WHERE id = $1`,
      [id],
    );
    return rows[0]?.key ?? null;
  }

  /** A unit (for the create form and checks): its id and status; null when unknown. */
  async unit(id: string): Promise<{ id: string; status: string } | null> {
    const rows = await this.db.query<Array<{ id: string; status: string }>>(
      `SELECT id, status FROM org_unit WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Whether a course exists and is not a draft (a linked course). */
  async courseUsable(id: string): Promise<boolean> {
    const rows = await this.db.query<Array<{ ok: boolean }>>(
      `SELECT status <> 'draft' AS ok FROM course WHERE id = $1`,
      [id],
    );
    return rows[0]?.ok ?? false;
  }

  /** Whether the person linked to the account is on the session's invitation list (a learner reads it then). */
  async invitesAccount(sessionId: string, accountId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM training_session_invitee i JOIN person p ON p.id = i.person_id
        WHERE i.session_id = $1 AND p.account_id = $2`,
      [sessionId, accountId],
    );
    return rows.length > 0;
  }

  /** The person on the roster linked to an account (a learner's own invitations). */
  async personOfAccount(accountId: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ id: string }>>(`SELECT id FROM person WHERE account_id = $1`, [accountId]);
    return rows[0]?.id ?? null;
  }
}
