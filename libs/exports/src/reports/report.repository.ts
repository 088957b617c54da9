import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { inSubtree, inSubtrees, onRosterOn, periodOpenOn } from '@app/org';
import { ReportCourse, ReportExam, ReportHeadcount, ReportSession, ReportUnit } from './report-figures';
import { ReportKind, ReportStatus } from './report-kinds';

/** A report row (without its submissions' figures). */
export interface ReportRow {
  id: string;
  unitId: string;
  kind: ReportKind;
  periodFrom: string;
  periodTo: string;
  number: string;
  placeName: string;
  signatoryTitle: string;
  signatoryName: string;
  status: ReportStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A frozen submission: the figures' exact JSON text and the stored files, each with its SHA-256. */
export interface SubmissionRow {
  id: string;
  reportId: string;
  seq: number;
  receiverUnitId: string;
  figuresJson: string;
  figuresSha256: string;
  xlsxKey: string;
  xlsxSha256: string;
  xlsxSize: number;
  pdfKey: string;
  pdfSha256: string;
  pdfSize: number;
  submittedBy: string | null;
  submittedAt: Date;
  decision: 'accepted' | 'returned' | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
}

export type NewReport = Omit<ReportRow, 'id' | 'status' | 'createdAt' | 'updatedAt'>;
export type NewSubmission = Omit<SubmissionRow, 'id' | 'decision' | 'decidedBy' | 'decidedAt' | 'comment'>;

const REPORT_COLUMNS = `r.id, r.unit_id AS "unitId", r.kind, to_char(r.period_from, 'YYYY-MM-DD') AS "periodFrom",
  to_char(r.period_to, 'YYYY-MM-DD') AS "periodTo", r.number, r.place_name AS "placeName",
  r.signatory_title AS "signatoryTitle", r.signatory_name AS "signatoryName", r.status, r.created_by AS "createdBy",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const SUBMISSION_COLUMNS = `s.id, s.report_id AS "reportId", s.seq, s.receiver_unit_id AS "receiverUnitId",
  s.figures_json AS "figuresJson", s.figures_sha256 AS "figuresSha256", s.xlsx_key AS "xlsxKey",
  s.xlsx_sha256 AS "xlsxSha256", s.xlsx_size AS "xlsxSize", s.pdf_key AS "pdfKey", s.pdf_sha256 AS "pdfSha256",
  s.pdf_size AS "pdfSize", s.submitted_by AS "submittedBy", s.submitted_at AS "submittedAt", s.decision,
  s.decided_by AS "decidedBy", s.decided_at AS "decidedAt", s.comment`;

/** The Vietnam day of a timestamptz column. */
const vnDay = (column: string): string => `(${column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * The person in `personColumn` is on the roster of the subtree of $1 on the period's last day ($3): activities and
 * certificates are counted for the unit where their people are at the end of the period, as coverage is.
 */
const ofSubtreeAtEnd = (personColumn: string): string =>
  `EXISTS (SELECT 1 FROM person_membership m WHERE m.person_id = ${personColumn}
              AND ${onRosterOn('$3', 'm')} AND ${inSubtree('$1', 'm.unit_id')})`;

/**
 * Statutory reports' rows, and the figures a report reads from other contexts' tables (courses, sessions, exams,
 * certificates, declared headcounts), each scoped in SQL to the report's subtree; coverage comes from
 * CoverageService. Writes only statutory_report, statutory_report_submission and report_receiver.
 */
@Injectable()
export class ReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, r: NewReport, now: Date): Promise<ReportRow> {
    const [row] = await m.query<ReportRow[]>(
      `INSERT INTO statutory_report AS r (unit_id, kind, period_from, period_to, number, place_name, signatory_title,
                                          signatory_name, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT ON CONSTRAINT uq_statutory_report_unit_id_number DO NOTHING
       RETURNING ${REPORT_COLUMNS}`,
      [
        r.unitId,
        r.kind,
        r.periodFrom,
        r.periodTo,
        r.number,
        r.placeName,
        r.signatoryTitle,
        r.signatoryName,
        r.createdBy,
        now,
      ],
    );
    return row;
  }

  /** How many reports the unit has numbered in a year (the next number is one more). */
  async countInYear(m: EntityManager, unitId: string, year: number): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM statutory_report WHERE unit_id = $1 AND extract(year FROM created_at) = $2`,
      [unitId, year],
    );
    return row.n;
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ReportRow | null> {
    const [row] = await m.query<ReportRow[]>(
      `SELECT ${REPORT_COLUMNS} FROM statutory_report r WHERE r.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async setStatus(m: EntityManager, id: string, status: ReportStatus, now: Date): Promise<void> {
    await m.query(`UPDATE statutory_report SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now]);
  }

  async submissions(reportId: string, m: EntityManager = this.db.manager): Promise<SubmissionRow[]> {
    return m.query<SubmissionRow[]>(
      `SELECT ${SUBMISSION_COLUMNS} FROM statutory_report_submission s WHERE s.report_id = $1 ORDER BY s.seq`,
      [reportId],
    );
  }

  async insertSubmission(m: EntityManager, s: NewSubmission): Promise<SubmissionRow> {
    const [row] = await m.query<SubmissionRow[]>(
      `INSERT INTO statutory_report_submission AS s (report_id, seq, receiver_unit_id, figures_json, figures_sha256,
              xlsx_key, xlsx_sha256, xlsx_size, pdf_key, pdf_sha256, pdf_size, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING ${SUBMISSION_COLUMNS}`,
      [
        s.reportId,
        s.seq,
        s.receiverUnitId,
        s.figuresJson,
        s.figuresSha256,
        s.xlsxKey,
        s.xlsxSha256,
        s.xlsxSize,
        s.pdfKey,
        s.pdfSha256,
        s.pdfSize,
        s.submittedBy,
        s.submittedAt,
      ],
    );
    return row;
  }

  async decide(
    m: EntityManager,
    submissionId: string,
    decision: 'accepted' | 'returned',
    by: string | null,
    now: Date,
    comment: string | null,
  ): Promise<void> {
    await m.query(
      `UPDATE statutory_report_submission SET decision = $2, decided_by = $3, decided_at = $4, comment = $5
        WHERE id = $1 AND decision IS NULL`,
      [submissionId, decision, by, now, comment],
    );
  }

  /**
   * Reports a reader sees: those of units in `scopes` (their own), and those whose latest submission went to a
   * unit in `scopes` (received). Newest first.
   */
  async list(
    scopes: string[],
    limit: number,
  ): Promise<Array<ReportRow & { own: boolean; received: boolean; receiverUnitId: string | null }>> {
    return this.db.query(
      `SELECT ${REPORT_COLUMNS}, ls.receiver_unit_id AS "receiverUnitId",
              ${inSubtrees('$1', 'r.unit_id')} AS own,
              coalesce(${inSubtrees('$1', 'ls.receiver_unit_id')}, false) AS received
         FROM statutory_report r
         LEFT JOIN LATERAL (SELECT s.receiver_unit_id FROM statutory_report_submission s
                             WHERE s.report_id = r.id ORDER BY s.seq DESC LIMIT 1) ls ON true
        WHERE ${inSubtrees('$1', 'r.unit_id')} OR (ls.receiver_unit_id IS NOT NULL AND ${inSubtrees('$1', 'ls.receiver_unit_id')})
        ORDER BY r.created_at DESC, r.id
        LIMIT $2`,
      [scopes, limit],
    );
  }

  async units(ids: string[]): Promise<Map<string, ReportUnit & { parentId: string | null; type: string }>> {
    const rows = await this.db.query<Array<ReportUnit & { parentId: string | null; type: string }>>(
      `SELECT id, code, name, type, parent_id AS "parentId" FROM org_unit WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((u) => [u.id, u]));
  }

  /** The unit a unit's reports go to: the one an admin set, else its parent (null for the country). */
  async receiverOf(
    unitId: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; configured: boolean } | null> {
    const [row] = await m.query<Array<{ id: string | null; configured: boolean }>>(
      `SELECT coalesce(rr.receiver_unit_id, u.parent_id) AS id, rr.receiver_unit_id IS NOT NULL AS configured
         FROM org_unit u LEFT JOIN report_receiver rr ON rr.unit_id = u.id WHERE u.id = $1`,
      [unitId],
    );
    return row?.id ? { id: row.id, configured: row.configured } : null;
  }

  async setReceiver(
    m: EntityManager,
    unitId: string,
    receiverUnitId: string | null,
    by: string,
    now: Date,
  ): Promise<void> {
    if (receiverUnitId === null) {
      await m.query(`DELETE FROM report_receiver WHERE unit_id = $1`, [unitId]);
      return;
    }
    await m.query(
      `INSERT INTO report_receiver (unit_id, receiver_unit_id, set_by, set_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id) DO UPDATE SET receiver_unit_id = $2, set_by = $3, set_at = $4`,
      [unitId, receiverUnitId, by, now],
    );
  }

  /** Online courses followed in the period (enrolled or completed in it) by people of the subtree. */
  courses(unitId: string, from: string, to: string): Promise<ReportCourse[]> {
    return this.db.query<ReportCourse[]>(
      `SELECT c.id AS "courseId", c.code, cv.title,
              count(DISTINCT e.person_id) FILTER (WHERE ${vnDay('e.enrolled_at')} BETWEEN $2 AND $3)::int AS enrolled,
              count(DISTINCT e.person_id) FILTER (WHERE ${vnDay('e.completed_at')} BETWEEN $2 AND $3)::int AS completed
         FROM enrolment e
         JOIN course c ON c.id = e.course_id
         JOIN course_version cv ON cv.id = coalesce(c.published_version_id, e.version_id)
        WHERE (${vnDay('e.enrolled_at')} BETWEEN $2 AND $3 OR ${vnDay('e.completed_at')} BETWEEN $2 AND $3)
          AND ${ofSubtreeAtEnd('e.person_id')}
        GROUP BY c.id, c.code, cv.title
        ORDER BY ${vietnameseOrder('cv.title')}, c.code`,
      [unitId, from, to],
    );
  }

  /** In-person sessions organised by units of the subtree and held in the period, with who was present. */
  sessions(unitId: string, from: string, to: string): Promise<ReportSession[]> {
    return this.db.query<ReportSession[]>(
      `SELECT s.id AS "sessionId", s.title, s.kind, to_char(${vnDay('s.starts_at')}, 'YYYY-MM-DD') AS day,
              u.name AS organiser,
              (SELECT count(*)::int FROM training_attendance a WHERE a.session_id = s.id AND a.status = 'present')
                AS participants
         FROM training_session s JOIN org_unit u ON u.id = s.organiser_unit_id
        WHERE s.status = 'open' AND ${vnDay('s.starts_at')} BETWEEN $2 AND $3
          AND ${inSubtree('$1', 's.organiser_unit_id')}
        ORDER BY s.starts_at, s.title`,
      [unitId, from, to],
    );
  }

  /** Exams and contests sat (submitted or timed out) in the period by people of the subtree. */
  exams(unitId: string, from: string, to: string): Promise<ReportExam[]> {
    return this.db.query<ReportExam[]>(
      `SELECT x.id AS "examId", x.title, x.kind, coalesce(cv.title, c.code) AS "courseTitle",
              count(DISTINCT a.person_id)::int AS participants,
              count(DISTINCT a.person_id) FILTER (WHERE a.passed)::int AS passed
         FROM exam_attempt a
         JOIN exam x ON x.id = a.exam_id
         JOIN course c ON c.id = x.course_id
         LEFT JOIN course_version cv ON cv.id = c.published_version_id
        WHERE a.status <> 'in_progress' AND ${vnDay('a.submitted_at')} BETWEEN $2 AND $3
          AND ${ofSubtreeAtEnd('a.person_id')}
        GROUP BY x.id, x.title, x.kind, cv.title, c.code
        ORDER BY CASE x.kind WHEN 'contest' THEN 1 ELSE 0 END, ${vietnameseOrder('x.title')}`,
      [unitId, from, to],
    );
  }

  /** Certificates issued in the period to people of the subtree (course and session), and how many were revoked by its end. */
  async certificates(
    unitId: string,
    from: string,
    to: string,
  ): Promise<{ issued: number; course: number; session: number; revokedByPeriodEnd: number }> {
    const [row] = await this.db.query<
      Array<{ issued: number; course: number; session: number; revokedByPeriodEnd: number }>
    >(
      `SELECT count(*)::int AS issued,
              count(*) FILTER (WHERE c.kind = 'course')::int AS course,
              count(*) FILTER (WHERE c.kind = 'session')::int AS session,
              count(*) FILTER (WHERE c.revoked_on IS NOT NULL AND c.revoked_on <= $3)::int AS "revokedByPeriodEnd"
         FROM certificate c
        WHERE c.issued_on BETWEEN $2 AND $3 AND ${ofSubtreeAtEnd('c.person_id')}`,
      [unitId, from, to],
    );
    return row;
  }

  /**
   * Per role of `roleIds`: the headcounts declared for the year of the period's last day by units of the subtree,
   * and the people named on the roster with the role that day.
   */
  headcounts(
    unitId: string,
    to: string,
    roleIds: string[],
  ): Promise<Array<Omit<ReportHeadcount, 'roleCode' | 'roleName' | 'declaredNotNamed'>>> {
    return this.db.query(
      `SELECT ro.id AS "roleId",
              (SELECT sum(h.headcount)::int FROM unit_headcount h
                WHERE h.role_id = ro.id AND h.year = extract(year FROM $2::date) AND ${inSubtree('$1', 'h.unit_id')})
                AS declared,
              (SELECT count(*)::int FROM unit_headcount h
                WHERE h.role_id = ro.id AND h.year = extract(year FROM $2::date) AND ${inSubtree('$1', 'h.unit_id')})
                AS "unitsDeclaring",
              (SELECT count(DISTINCT m.person_id)::int FROM person_membership m
                 JOIN person_role pr ON pr.person_id = m.person_id AND pr.role_id = ro.id AND ${periodOpenOn('$2', 'pr')}
                WHERE ${onRosterOn('$2', 'm')} AND ${inSubtree('$1', 'm.unit_id')}) AS named
         FROM role ro WHERE ro.id = ANY($3::uuid[])`,
      [unitId, to, roleIds],
    );
  }
}
