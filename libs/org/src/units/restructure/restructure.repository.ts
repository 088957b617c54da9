import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KnownUnit, PlanMember } from './plan-analysis';
import { PlanAnalysis } from './plan-analysis';
import { PlanRow } from './plan-rows';

export type PlanStatus = 'invalid' | 'ready' | 'queued' | 'running' | 'done' | 'failed';
export type PartialRule = 'list' | 'first_for_review';

export interface RestructurePlanRow {
  id: string;
  scopeUnitId: string;
  uploadedBy: string;
  uploadedAs: string;
  fileName: string;
  status: PlanStatus;
  effectiveFrom: string | null;
  rows: PlanRow[];
  analysis: PlanAnalysis;
  partialRule: PartialRule | null;
  jobId: string | null;
  report: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
}

const COLUMNS = `id, scope_unit_id AS "scopeUnitId", uploaded_by AS "uploadedBy", uploaded_as AS "uploadedAs",
  file_name AS "fileName", status, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", rows, analysis,
  partial_rule AS "partialRule", job_id AS "jobId", report, error, created_at AS "createdAt"`;

/** SQL for restructure_plan and the set-based look-ups the plan engine needs. */
@Injectable()
export class RestructureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    m: EntityManager,
    p: Pick<
      RestructurePlanRow,
      'id' | 'scopeUnitId' | 'uploadedBy' | 'uploadedAs' | 'fileName' | 'status' | 'effectiveFrom' | 'rows' | 'analysis'
    >,
  ): Promise<void> {
    await m.query(
      `INSERT INTO restructure_plan (id, scope_unit_id, uploaded_by, uploaded_as, file_name, status, effective_from, rows, analysis)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::jsonb, $9::jsonb)`,
      [
        p.id,
        p.scopeUnitId,
        p.uploadedBy,
        p.uploadedAs,
        p.fileName,
        p.status,
        p.effectiveFrom,
        JSON.stringify(p.rows),
        JSON.stringify(p.analysis),
      ],
    );
  }

  async findById(id: string, m: EntityManager = this.db.manager): Promise<RestructurePlanRow | null> {
    const rows = await m.query<RestructurePlanRow[]>(`SELECT ${COLUMNS} FROM restructure_plan WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the plan row for the rest of the transaction. */
  async lock(m: EntityManager, id: string): Promise<RestructurePlanRow | null> {
    const rows = await m.query<RestructurePlanRow[]>(
      `SELECT ${COLUMNS} FROM restructure_plan WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async queue(m: EntityManager, id: string, rule: PartialRule, jobId: string): Promise<void> {
    await m.query(`UPDATE restructure_plan SET status = 'queued', partial_rule = $2, job_id = $3 WHERE id = $1`, [
      id,
      rule,
      jobId,
    ]);
  }

  async setStatus(id: string, status: PlanStatus, error: string | null = null): Promise<void> {
    await this.db.query(`UPDATE restructure_plan SET status = $2, error = $3 WHERE id = $1`, [id, status, error]);
  }

  async finish(m: EntityManager, id: string, report: Record<string, unknown>): Promise<void> {
    await m.query(
      `UPDATE restructure_plan SET status = 'done', report = $2::jsonb, error = NULL, committed_at = now() WHERE id = $1`,
      [id, JSON.stringify(report)],
    );
  }

  /** Plans whose scope lies in the given subtrees, newest first. */
  listWithin(scopeIds: string[], limit = 50): Promise<RestructurePlanRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM restructure_plan p
        WHERE EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = ANY($1::uuid[]) AND c.descendant_id = p.scope_unit_id)
        ORDER BY created_at DESC LIMIT $2`,
      [scopeIds, limit],
    );
  }

  /**
   * The units named by code, with what the uploader may do to them: restructure (strictly below a scope of
   * `restructureScopes`) and manage (inside a scope of `writeScopes`).
   */
  async units(
    m: EntityManager,
    codes: string[],
    restructureScopes: string[],
    writeScopes: string[],
  ): Promise<Map<string, KnownUnit>> {
    const rows = await m.query<KnownUnit[]>(
      `SELECT u.id, u.code, u.name, u.type, u.parent_id AS "parentId", u.status,
              coalesce(to_char(v.valid_from, 'YYYY-MM-DD'), '0001-01-01') AS "versionFrom",
              (SELECT max(depth) FROM org_unit_closure d WHERE d.descendant_id = u.id)::int AS depth,
              EXISTS (SELECT 1 FROM org_unit_closure c
                       WHERE c.descendant_id = u.id AND c.ancestor_id = ANY($2::uuid[]) AND c.depth > 0) AS restructurable,
              EXISTS (SELECT 1 FROM org_unit_closure c
                       WHERE c.descendant_id = u.id AND c.ancestor_id = ANY($3::uuid[])) AS manageable,
              EXISTS (SELECT 1 FROM org_unit k WHERE k.parent_id = u.id AND k.status = 'active') AS "hasChildren"
         FROM org_unit u
         LEFT JOIN org_unit_version v ON v.unit_id = u.id AND v.valid_to IS NULL
        WHERE u.code = ANY($1::text[])`,
      [codes, restructureScopes, writeScopes],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** Members on `on` of the given units (partial old units), with their employee codes. */
  async members(m: EntityManager, unitIds: string[], on: string): Promise<PlanMember[]> {
    if (unitIds.length === 0) return [];
    return m.query(
      `SELECT p.id, ms.unit_id AS "unitId", p.employee_code AS "employeeCode", p.full_name AS "fullName"
         FROM person_membership ms JOIN person p ON p.id = ms.person_id
        WHERE ms.unit_id = ANY($1::uuid[]) AND ms.valid_from <= $2::date AND (ms.valid_to IS NULL OR ms.valid_to > $2::date)
        ORDER BY p.employee_code, p.id`,
      [unitIds, on],
    );
  }

  /** Active sub-units' codes per unit code (partial old units). */
  async childCodes(m: EntityManager, unitIds: string[]): Promise<Map<string, string[]>> {
    if (unitIds.length === 0) return new Map();
    const rows = await m.query<Array<{ parentCode: string; codes: string[] }>>(
      `SELECT p.code AS "parentCode", array_agg(k.code ORDER BY k.code) AS codes
         FROM org_unit k JOIN org_unit p ON p.id = k.parent_id
        WHERE k.parent_id = ANY($1::uuid[]) AND k.status = 'active'
        GROUP BY p.code`,
      [unitIds],
    );
    return new Map(rows.map((r) => [r.parentCode, r.codes]));
  }

  /** People per unit on `on` (full old units). */
  async headcounts(m: EntityManager, unitIds: string[], on: string): Promise<Map<string, number>> {
    if (unitIds.length === 0) return new Map();
    const rows = await m.query<Array<{ unitId: string; n: number }>>(
      `SELECT unit_id AS "unitId", count(*)::int AS n FROM person_membership
        WHERE unit_id = ANY($1::uuid[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)
        GROUP BY unit_id`,
      [unitIds, on],
    );
    return new Map(rows.map((r) => [r.unitId, r.n]));
  }

  /**
   * Declared headcounts follow the people: for each year from `fromYear` on, `share` of the source's figure is
   * added to the target's (created when missing), and the change is logged like a declaration.
   */
  async carryHeadcounts(
    m: EntityManager,
    moves: Array<{ fromUnitId: string; toUnitId: string; share: number; fromYear: number }>,
    by: string,
  ): Promise<number> {
    if (moves.length === 0) return 0;
    const rows = await m.query<Array<{ n: number }>>(
      `WITH s AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::int[]) AS s(from_id, to_id, share, from_year)
       ), add AS (
         SELECT s.to_id AS unit_id, h.role_id, h.year, sum(round(h.headcount * s.share))::int AS headcount
           FROM s JOIN unit_headcount h ON h.unit_id = s.from_id AND h.year >= s.from_year
          GROUP BY 1, 2, 3
       ), old AS (
         SELECT a.unit_id, a.role_id, a.year, h.headcount AS previous
           FROM add a LEFT JOIN unit_headcount h ON h.unit_id = a.unit_id AND h.role_id = a.role_id AND h.year = a.year
       ), up AS (
         INSERT INTO unit_headcount (unit_id, role_id, year, headcount, declared_by, declared_at)
         SELECT unit_id, role_id, year, headcount, $5::uuid, now() FROM add
         ON CONFLICT ON CONSTRAINT pk_unit_headcount
         DO UPDATE SET headcount = unit_headcount.headcount + excluded.headcount, declared_by = excluded.declared_by,
                       declared_at = excluded.declared_at
         RETURNING unit_id, role_id, year, headcount
       ), logged AS (
         INSERT INTO unit_headcount_change (unit_id, role_id, year, previous, headcount, declared_by)
         SELECT up.unit_id, up.role_id, up.year, old.previous, up.headcount, $5::uuid
           FROM up JOIN old USING (unit_id, role_id, year)
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM logged`,
      [
        moves.map((x) => x.fromUnitId),
        moves.map((x) => x.toUnitId),
        moves.map((x) => x.share),
        moves.map((x) => x.fromYear),
        by,
      ],
    );
    return rows[0].n;
  }

  /**
   * People keep their employee code unique per province: those of a province merged away now belong to its
   * successor (unless the successor already has someone with the same code: they stay, to be reviewed).
   */
  async followProvinces(m: EntityManager, merges: Array<{ fromUnitId: string; toUnitId: string }>): Promise<void> {
    if (merges.length === 0) return;
    await m.query(
      `UPDATE person p SET province_unit_id = s.to_id
         FROM unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id)
        WHERE p.province_unit_id = s.from_id
          AND (p.employee_code IS NULL OR NOT EXISTS (
                SELECT 1 FROM person o WHERE o.province_unit_id = s.to_id AND o.employee_code = p.employee_code))`,
      [merges.map((x) => x.fromUnitId), merges.map((x) => x.toUnitId)],
    );
  }

  /** Official codes for the units (by unit code) that have none yet. */
  async setAdminCodes(m: EntityManager, adminCodes: ReadonlyMap<string, string>): Promise<void> {
    await m.query(
      `UPDATE org_unit u SET admin_code = x.admin_code FROM unnest($1::text[], $2::text[]) AS x(code, admin_code)
        WHERE u.code = x.code AND u.admin_code IS NULL`,
      [[...adminCodes.keys()], [...adminCodes.values()]],
    );
  }

  /** Active units carrying one of the official codes. */
  activeByAdminCodes(m: EntityManager, adminCodes: string[]): Promise<Array<{ code: string; adminCode: string }>> {
    return m.query(
      `SELECT code, admin_code AS "adminCode" FROM org_unit WHERE admin_code = ANY($1::text[]) AND status = 'active'`,
      [adminCodes],
    );
  }

  async setAdminCode(m: EntityManager, unitId: string, adminCode: string): Promise<void> {
    await m.query(`UPDATE org_unit SET admin_code = $2 WHERE id = $1`, [unitId, adminCode]);
  }
}
