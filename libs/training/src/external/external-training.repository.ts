import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtree, inSubtrees, periodOpenOn } from '@app/org';
import type { ExternalTrainingResponse, ExternalTrainingStatus } from './external-training.dto';

/** A record as stored, with its person and roles: the response's fields, plus what only the service sees. */
export interface ExternalTrainingRow
  extends Omit<ExternalTrainingResponse, 'submittedAt' | 'decidedAt' | 'countsToday'> {
  /** The person's current unit (whose organisers see and decide the record). */
  personUnitId: string | null;
  evidenceKey: string;
  submittedBy: string;
  submittedAt: Date;
  decidedAt: Date | null;
}

export type NewExternalTraining = Pick<
  ExternalTrainingRow,
  | 'id'
  | 'personId'
  | 'organiser'
  | 'title'
  | 'startedOn'
  | 'endedOn'
  | 'hours'
  | 'topics'
  | 'evidenceKey'
  | 'evidenceType'
  | 'evidenceName'
  | 'submittedBy'
>;

const day = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;

const SELECT_RECORD = `
  SELECT x.id, x.person_id AS "personId", p.full_name AS "personName", p.unit_id AS "personUnitId",
         u.name AS "unitName", x.organiser, x.title, ${day('x.started_on')} AS "startedOn",
         ${day('x.ended_on')} AS "endedOn", x.hours::float8 AS hours, x.topics, x.evidence_key AS "evidenceKey",
         x.evidence_type AS "evidenceType", x.evidence_name AS "evidenceName", x.submitted_by AS "submittedBy",
         x.submitted_at AS "submittedAt", x.status, x.decided_at AS "decidedAt", x.reason,
         ${day('x.approved_on')} AS "approvedOn", ${day('x.expires_on')} AS "expiresOn",
         ${day('x.revoked_on')} AS "revokedOn",
         coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'code', r.code, 'nameVi', r.name_vi,
                                                       'nameEn', r.name_en) ORDER BY r.sort_order, r.code)
                     FROM external_training_role xr JOIN role r ON r.id = xr.role_id
                    WHERE xr.record_id = x.id), '[]'::jsonb) AS roles
    FROM external_training x
    JOIN person p ON p.id = x.person_id
    LEFT JOIN org_unit u ON u.id = p.unit_id`;

/** The records of training done elsewhere and the roles their approvals count for (the only SQL on these tables). */
@Injectable()
export class ExternalTrainingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string, m: EntityManager | DataSource = this.db, lock = false): Promise<ExternalTrainingRow | null> {
    if (lock) await m.query(`SELECT 1 FROM external_training WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await m.query<ExternalTrainingRow[]>(`${SELECT_RECORD} WHERE x.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A person's records, newest training first. */
  ofPerson(personId: string): Promise<ExternalTrainingRow[]> {
    return this.db.query(`${SELECT_RECORD} WHERE x.person_id = $1 ORDER BY x.ended_on DESC, x.submitted_at DESC`, [
      personId,
    ]);
  }

  /** Records of people whose current unit lies in one of `scopes` (and in `unitId`'s subtree when given). */
  async list(q: {
    scopes: string[];
    unitId?: string;
    status?: ExternalTrainingStatus;
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: ExternalTrainingRow[] }> {
    const where = `WHERE ${inSubtrees('$1', 'p.unit_id')}
        AND ($2::uuid IS NULL OR ${inSubtree('$2', 'p.unit_id')})
        AND ($3::text IS NULL OR x.status = $3)
        AND ($4::text IS NULL OR p.name_key LIKE '%' || f_search_key($4) || '%')`;
    const params = [q.scopes, q.unitId ?? null, q.status ?? null, q.q ?? null];
    const [items, count] = await Promise.all([
      this.db.query<ExternalTrainingRow[]>(
        `${SELECT_RECORD} ${where} ORDER BY x.submitted_at DESC, x.id LIMIT $5 OFFSET $6`,
        [...params, q.limit, q.offset],
      ),
      this.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM external_training x JOIN person p ON p.id = x.person_id ${where}`,
        params,
      ),
    ]);
    return { total: count[0].n, items };
  }

  async person(personId: string): Promise<{ id: string; unitId: string | null } | null> {
    const rows = await this.db.query<Array<{ id: string; unitId: string | null }>>(
      `SELECT id, unit_id AS "unitId" FROM person WHERE id = $1`,
      [personId],
    );
    return rows[0] ?? null;
  }

  async personOfAccount(accountId: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ id: string }>>(`SELECT id FROM person WHERE account_id = $1`, [accountId]);
    return rows[0]?.id ?? null;
  }

  /** The roles the person holds on the day (the default of an approval). */
  async rolesOn(personId: string, dayParam: string, m: EntityManager | DataSource = this.db): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT DISTINCT pr.role_id AS id FROM person_role pr
        WHERE pr.person_id = $1 AND ${periodOpenOn('$2', 'pr')}`,
      [personId, dayParam],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The demo's people: the first two learners (by login) with a person in the province's subtree, and the first
   * organiser (by login) of the province itself.
   */
  async demoPeople(
    provinceId: string,
  ): Promise<{ learners: Array<{ personId: string; accountId: string }>; organiserId: string | null }> {
    const learners = await this.db.query<Array<{ personId: string; accountId: string }>>(
      `SELECT p.id AS "personId", a.id AS "accountId"
         FROM person p JOIN account a ON a.id = p.account_id
        WHERE ${inSubtree('$1', 'p.unit_id')}
          AND EXISTS (SELECT 1 FROM account_grant g WHERE g.account_id = a.id AND g.permission = 'learner')
        ORDER BY a.login LIMIT 2`,
      [provinceId],
    );
    const organisers = await this.db.query<Array<{ id: string }>>(
      `SELECT a.id FROM account a JOIN account_grant g ON g.account_id = a.id
        WHERE g.permission = 'organiser' AND g.scope_unit_id = $1 ORDER BY a.login LIMIT 1`,
      [provinceId],
    );
    return { learners, organiserId: organisers[0]?.id ?? null };
  }

  async insert(m: EntityManager, r: NewExternalTraining, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO external_training (id, person_id, organiser, title, started_on, ended_on, hours, topics,
                                      evidence_key, evidence_type, evidence_name, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.personId,
        r.organiser,
        r.title,
        r.startedOn,
        r.endedOn,
        r.hours,
        r.topics,
        r.evidenceKey,
        r.evidenceType,
        r.evidenceName,
        r.submittedBy,
        at,
      ],
    );
  }

  async approve(
    m: EntityManager,
    id: string,
    d: { by: string; at: Date; on: string; expiresOn: string | null; roleIds: string[] },
  ): Promise<void> {
    await m.query(
      `UPDATE external_training SET status = 'approved', decided_by = $2, decided_at = $3, approved_on = $4,
              expires_on = $5, reason = NULL
        WHERE id = $1 AND status = 'pending'`,
      [id, d.by, d.at, d.on, d.expiresOn],
    );
    await m.query(
      `INSERT INTO external_training_role (record_id, role_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, d.roleIds],
    );
  }

  async reject(m: EntityManager, id: string, d: { by: string; at: Date; reason: string }): Promise<void> {
    await m.query(
      `UPDATE external_training SET status = 'rejected', decided_by = $2, decided_at = $3, reason = $4
        WHERE id = $1 AND status = 'pending'`,
      [id, d.by, d.at, d.reason],
    );
  }

  async revoke(m: EntityManager, id: string, d: { by: string; at: Date; on: string; reason: string }): Promise<void> {
    await m.query(
      `UPDATE external_training SET status = 'revoked', decided_by = $2, decided_at = $3, revoked_on = $4, reason = $5
        WHERE id = $1 AND status = 'approved'`,
      [id, d.by, d.at, d.on, d.reason],
    );
  }
}
