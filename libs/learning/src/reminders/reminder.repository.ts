import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { personOnRosterOn } from '@app/org';
import { ReminderKind } from './reminder-mail';

/** An enrolment that needs a reminder of some kind today. */
export interface ReminderCandidate {
  enrolmentId: string;
  courseId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  fullName: string;
  email: string;
  courseTitle: string;
}

/**
 * Open enrolments with a due date in [$3, $4] whose person is on the roster today (org's onRosterOn on $1: a
 * membership open and an 'active' status period) and has an e-mail, in a course not archived, not yet reminded of
 * kind $2 for this due date.
 */
const ELIGIBLE = `
    FROM enrolment e
    JOIN person p ON p.id = e.person_id
    JOIN course_version v ON v.id = e.version_id
    JOIN course c ON c.id = e.course_id
   WHERE e.completed_at IS NULL
     AND e.due_date BETWEEN $3::date AND $4::date
     AND c.status <> 'archived'
     AND p.email IS NOT NULL AND p.email <> ''
     AND ${personOnRosterOn('$1', 'p.id')}
     AND NOT EXISTS (SELECT 1 FROM reminder_sent r
                      WHERE r.enrolment_id = e.id AND r.kind = $2 AND r.due_date = e.due_date)`;

export interface ReminderScope {
  kind: ReminderKind;
  /** YYYY-MM-DD */
  today: string;
  /** Due dates from … to (YYYY-MM-DD, or '-infinity'). */
  from: string;
  to: string;
}

/** SQL for reminder_sent and the enrolments that need a reminder. */
@Injectable()
export class ReminderRepository {
  /** The ids of every enrolment that needs this reminder (one pass over idx_enrolment_due_date_open). */
  async eligibleIds(m: EntityManager, o: ReminderScope): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT e.id ${ELIGIBLE} ORDER BY e.id`, [
      o.today,
      o.kind,
      o.from,
      o.to,
    ]);
    return rows.map((r) => r.id);
  }

  /** Those of `ids` that still need this reminder, with what the e-mail says. */
  candidates(m: EntityManager, o: ReminderScope, ids: string[]): Promise<ReminderCandidate[]> {
    return m.query<ReminderCandidate[]>(
      `SELECT e.id AS "enrolmentId", e.course_id AS "courseId", to_char(e.due_date, 'YYYY-MM-DD') AS "dueDate",
              p.full_name AS "fullName", p.email, v.title AS "courseTitle"
         ${ELIGIBLE}
          AND e.id = ANY($5::uuid[])`,
      [o.today, o.kind, o.from, o.to, ids],
    );
  }

  /**
   * Records the reminders as sent; returns the enrolment ids this call recorded (one already there, e.g. from
   * a run at the same time, is not recorded twice and not returned: its mail is not written again).
   */
  async claim(m: EntityManager, kind: ReminderKind, rows: ReminderCandidate[], at: Date): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const claimed = await m.query<Array<{ enrolmentId: string }>>(
      `INSERT INTO reminder_sent (enrolment_id, kind, due_date, sent_at)
       SELECT x.e, $3, x.d, $4 FROM unnest($1::uuid[], $2::date[]) AS x(e, d)
       ON CONFLICT ON CONSTRAINT pk_reminder_sent DO NOTHING
       RETURNING enrolment_id AS "enrolmentId"`,
      [rows.map((r) => r.enrolmentId), rows.map((r) => r.dueDate), kind, at],
    );
    return new Set(claimed.map((r) => r.enrolmentId));
  }

  /** Points each recorded reminder at its outbox message. */
  async linkMessages(m: EntityManager, kind: ReminderKind, rows: ReminderCandidate[], ids: string[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE reminder_sent r SET outbox_message_id = x.m
         FROM unnest($1::uuid[], $2::date[], $3::uuid[]) AS x(e, d, m)
        WHERE r.enrolment_id = x.e AND r.kind = $4 AND r.due_date = x.d`,
      [rows.map((r) => r.enrolmentId), rows.map((r) => r.dueDate), ids, kind],
    );
  }
}
