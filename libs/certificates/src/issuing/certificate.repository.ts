import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inSubtree, inSubtrees, periodOpenOn } from '@app/org';
import { CertificateSnapshot } from './certificate-snapshot';

/** A completed enrolment due a certificate, with everything its snapshot needs. */
export interface DueCertificate {
  enrolmentId: string;
  personId: string;
  courseId: string;
  versionId: string;
  authorityUnitId: string;
  serialPrefix: string;
  validityMonths: number | null;
  snapshot: CertificateSnapshot;
}

/** A certificate to insert (serial and code already chosen). */
export interface NewCertificate {
  sourceKey: string;
  serial: string;
  code: string;
  personId: string;
  /** Null for a session certificate. */
  courseId: string | null;
  versionId: string | null;
  enrolmentId: string | null;
  /** 'course' unless said (a session certificate: 'session', with its session). */
  kind?: 'course' | 'session';
  sessionId?: string | null;
  authorityUnitId: string;
  completedOn: string;
  issuedOn: string;
  validityMonths: number | null;
  /** Overrides validityMonths (a re-issue keeps the original's expiry). */
  expiresOn?: string | null;
  replacesId?: string | null;
  snapshot: CertificateSnapshot;
}

export interface CertificateRow {
  id: string;
  kind: 'course' | 'session';
  serial: string;
  code: string;
  personId: string;
  courseId: string | null;
  versionId: string | null;
  enrolmentId: string | null;
  authorityUnitId: string;
  completedOn: string;
  issuedOn: string;
  expiresOn: string | null;
  issuedAt: Date;
  snapshot: CertificateSnapshot;
  revokedAt: Date | null;
  revokedOn: string | null;
  revokeReason: string | null;
  replacesId: string | null;
  replacedById: string | null;
  replacedByCode: string | null;
  pdfKey: string | null;
  pdfTemplate: number | null;
  /** The person's current unit (for scope checks). */
  personUnitId: string | null;
}

export interface CertificateListFilter {
  scopes: string[];
  unitId?: string;
  courseId?: string;
  status?: 'valid' | 'expired' | 'revoked';
  from?: string;
  to?: string;
  q?: string;
  /** yyyy-mm-dd: the day the status filter is judged on. */
  today: string;
  limit: number;
  offset: number;
}

/** The status filters on a day (placeholder p): the same rule as statusOn. */
const STATUS_SQL: Record<'valid' | 'expired' | 'revoked', (p: string) => string> = {
  revoked: (p) => `c.revoked_on <= ${p}::date`,
  expired: (p) => `(c.revoked_on IS NULL OR c.revoked_on > ${p}::date) AND c.expires_on <= ${p}::date`,
  valid: (p) =>
    `(c.revoked_on IS NULL OR c.revoked_on > ${p}::date) AND (c.expires_on IS NULL OR c.expires_on > ${p}::date)`,
};

/**
 * The person's unit (alias u) with its nearest commune or province (alias place), as a certificate prints it:
 * "Phòng Văn hóa - Xã hội, Xã Long Hồ". The place is left out when the unit's name already says it
 * ("Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long", not "…, Tỉnh Vĩnh Long").
 */
export const UNIT_PLACE_JOIN = `
         LEFT JOIN LATERAL (
           SELECT pu.name, regexp_replace(pu.name, '^(Tỉnh|Thành phố|Xã|Phường|Đặc khu) ', '') AS bare
             FROM org_unit_closure cl JOIN org_unit pu ON pu.id = cl.ancestor_id
            WHERE cl.descendant_id = u.id AND cl.depth > 0 AND pu.type IN ('commune', 'province')
            ORDER BY cl.depth LIMIT 1
         ) place ON true`;
export const UNIT_WITH_PLACE = `CASE WHEN u.id IS NULL THEN NULL
       WHEN place.name IS NULL OR strpos(lower(u.name), lower(place.bare)) > 0 THEN u.name
       ELSE u.name || ', ' || place.name END`;

/**
 * A certificate (alias c) has this status on the day in `dayParam` (a placeholder): the list's status filter, for
 * other contexts' queries of certificates (exports) so that the rule is written once.
 */
export const certificateStatusOn = (status: 'valid' | 'expired' | 'revoked', dayParam: string): string =>
  STATUS_SQL[status](dayParam);

const day = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;

const SELECT_CERTIFICATE = `
  SELECT c.id, c.kind, c.serial, c.code, c.person_id AS "personId", c.course_id AS "courseId",
         c.version_id AS "versionId", c.enrolment_id AS "enrolmentId", c.authority_unit_id AS "authorityUnitId",
         ${day('c.completed_on')} AS "completedOn", ${day('c.issued_on')} AS "issuedOn",
         ${day('c.expires_on')} AS "expiresOn", c.issued_at AS "issuedAt", c.snapshot,
         c.revoked_at AS "revokedAt", ${day('c.revoked_on')} AS "revokedOn", c.revoke_reason AS "revokeReason",
         c.replaces_id AS "replacesId", c.replaced_by_id AS "replacedById", r.code AS "replacedByCode",
         c.pdf_key AS "pdfKey", c.pdf_template AS "pdfTemplate", p.unit_id AS "personUnitId"
    FROM certificate c
    JOIN person p ON p.id = c.person_id
    LEFT JOIN certificate r ON r.id = c.replaced_by_id`;

/**
 * The certificates' SQL. Reads of other contexts' tables (enrolment, course, course_version, person, person_role,
 * role, org_unit, exam_attempt) are joins for the snapshot and for scoping, read-only.
 */
@Injectable()
export class CertificateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The authorities of the certifying courses of these completed enrolments that have no certificate yet, sorted
   * (the order in which their serial rows are locked, so two batches never deadlock).
   */
  async authoritiesDue(m: EntityManager, enrolmentIds: string[]): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT DISTINCT cc.authority_unit_id AS id
         FROM enrolment e JOIN course_certificate cc ON cc.course_id = e.course_id AND cc.enabled
        WHERE e.id = ANY($1::uuid[]) AND e.completed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.source_key = 'enrolment:' || e.id::text)
        ORDER BY 1`,
      [enrolmentIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes the serial rows of (authority, year) for update, creating them at 0: the lock serialises issuing per
   * authority and year, so numbers have no gaps and the "not issued yet" check that follows sees every
   * certificate committed before it.
   */
  async lockSerials(m: EntityManager, authorityIds: string[], year: number): Promise<void> {
    if (authorityIds.length === 0) return;
    await m.query(
      `INSERT INTO certificate_serial (authority_unit_id, year, last_no)
       SELECT a, $2, 0 FROM unnest($1::uuid[]) a ON CONFLICT DO NOTHING`,
      [authorityIds, year],
    );
    await m.query(
      `SELECT 1 FROM certificate_serial WHERE authority_unit_id = ANY($1::uuid[]) AND year = $2
        ORDER BY authority_unit_id FOR UPDATE`,
      [authorityIds, year],
    );
  }

  /** Takes `count` serial numbers of (authority, year) (its row locked by lockSerials); returns the first. */
  async takeSerials(m: EntityManager, authorityId: string, year: number, count: number): Promise<number> {
    const [rows] = await m.query<[Array<{ last: number }>, number]>(
      `UPDATE certificate_serial SET last_no = last_no + $3 WHERE authority_unit_id = $1 AND year = $2
       RETURNING last_no AS last`,
      [authorityId, year, count],
    );
    return rows[0].last - count + 1;
  }

  /**
   * The completed enrolments among these that are due a certificate (their course issues certificates and none
   * was issued for them), with their snapshot: the person's name, unit (with its commune or province), roles
   * held on the day of completion, the version's title, the best passed final-exam percent, the authority.
   */
  async due(m: EntityManager, enrolmentIds: string[]): Promise<DueCertificate[]> {
    return m.query<DueCertificate[]>(
      `SELECT e.id AS "enrolmentId", e.person_id AS "personId", e.course_id AS "courseId", e.version_id AS "versionId",
              a.unit_id AS "authorityUnitId", a.serial_prefix AS "serialPrefix", cc.validity_months AS "validityMonths",
              jsonb_build_object(
                'personName', p.full_name,
                'unitName', ${UNIT_WITH_PLACE},
                'roleNames', coalesce(roles.names, '[]'::jsonb),
                'title', v.title, 'courseCode', co.code, 'versionNo', v.version_no,
                'scorePercent', score.percent,
                'completedOn', to_char((e.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD'),
                'authority', jsonb_build_object('parentName', a.parent_name, 'name', a.name, 'placeName', a.place_name,
                                                'signatoryTitle', a.signatory_title, 'signatoryName', a.signatory_name),
                'sealKey', a.seal_key
              ) AS snapshot
         FROM enrolment e
         JOIN course_certificate cc ON cc.course_id = e.course_id AND cc.enabled
         JOIN certificate_authority a ON a.unit_id = cc.authority_unit_id
         JOIN course co ON co.id = e.course_id
         JOIN course_version v ON v.id = e.version_id
         JOIN person p ON p.id = e.person_id
         LEFT JOIN org_unit u ON u.id = p.unit_id
${UNIT_PLACE_JOIN}
         LEFT JOIN LATERAL (
           SELECT jsonb_agg(r.name_vi ORDER BY r.sort_order) AS names
             FROM person_role pr JOIN role r ON r.id = pr.role_id
            WHERE pr.person_id = p.id AND pr.valid_from <= (e.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
              AND (pr.valid_to IS NULL OR pr.valid_to > (e.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
         ) roles ON true
         LEFT JOIN LATERAL (
           SELECT max(at.percent)::float8 AS percent FROM exam_attempt at JOIN exam x ON x.id = at.exam_id
            WHERE at.enrolment_id = e.id AND x.kind = 'final' AND at.passed
         ) score ON true
        WHERE e.id = ANY($1::uuid[]) AND e.completed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.source_key = 'enrolment:' || e.id::text)
        ORDER BY e.completed_at, e.id`,
      [enrolmentIds],
    );
  }

  /**
   * The issuing authority nearest to a unit: the unit itself or its closest ancestor that has authority settings,
   * with what its certificates print today; null when no unit above has any.
   */
  async nearestAuthority(
    m: EntityManager,
    unitId: string,
  ): Promise<{
    unitId: string;
    serialPrefix: string;
    authority: CertificateSnapshot['authority'];
    sealKey: string | null;
  } | null> {
    const rows = await m.query<
      Array<{
        unitId: string;
        serialPrefix: string;
        authority: CertificateSnapshot['authority'];
        sealKey: string | null;
      }>
    >(
      `SELECT a.unit_id AS "unitId", a.serial_prefix AS "serialPrefix", a.seal_key AS "sealKey",
              jsonb_build_object('parentName', a.parent_name, 'name', a.name, 'placeName', a.place_name,
                                 'signatoryTitle', a.signatory_title, 'signatoryName', a.signatory_name) AS authority
         FROM org_unit_closure cl JOIN certificate_authority a ON a.unit_id = cl.ancestor_id
        WHERE cl.descendant_id = $1
        ORDER BY cl.depth LIMIT 1`,
      [unitId],
    );
    return rows[0] ?? null;
  }

  /**
   * The certificates of these source-key families (a family: the key itself and its later generations `<key>:<n>`,
   * issued after an earlier one was withdrawn), per family: how many were ever issued, and whether one is in force.
   */
  async sourceFamilies(
    m: EntityManager,
    baseKeys: string[],
  ): Promise<Map<string, { issued: number; inForce: boolean }>> {
    const rows = await m.query<Array<{ base: string; issued: number; inForce: boolean }>>(
      `SELECT b.base, count(c.id)::int AS issued, coalesce(bool_or(c.id IS NOT NULL AND c.revoked_at IS NULL), false) AS "inForce"
         FROM unnest($1::text[]) AS b(base)
         LEFT JOIN certificate c ON c.source_key = b.base OR c.source_key LIKE b.base || ':%'
        GROUP BY b.base`,
      [baseKeys],
    );
    return new Map(rows.map((r) => [r.base, { issued: r.issued, inForce: r.inForce }]));
  }

  /** The certificates not yet revoked among these source-key families (to withdraw them). */
  async unrevokedBySource(
    m: EntityManager,
    baseKeys: string[],
  ): Promise<Array<{ id: string; personId: string; courseId: string | null }>> {
    return m.query(
      `SELECT id, person_id AS "personId", course_id AS "courseId" FROM certificate c
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS b(base)
                       WHERE c.source_key = b.base OR c.source_key LIKE b.base || ':%')
          AND revoked_at IS NULL ORDER BY id FOR UPDATE`,
      [baseKeys],
    );
  }

  /** Completed enrolments of certifying courses with no certificate yet (the due sweep), oldest first. */
  async dueEnrolmentIds(limit: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT e.id FROM enrolment e JOIN course_certificate cc ON cc.course_id = e.course_id AND cc.enabled
        WHERE e.completed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.source_key = 'enrolment:' || e.id::text)
        ORDER BY e.completed_at, e.id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Inserts the certificates (one statement); returns their ids in the order given. */
  async insert(m: EntityManager, rows: NewCertificate[], issuedAt: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const col = <T>(f: (r: NewCertificate) => T): T[] => rows.map(f);
    const inserted = await m.query<Array<{ id: string; sourceKey: string }>>(
      `INSERT INTO certificate (source_key, kind, serial, code, person_id, course_id, version_id, enrolment_id,
                                authority_unit_id, completed_on, issued_on, expires_on, issued_at, snapshot, replaces_id,
                                session_id)
       SELECT x.source_key, x.kind, x.serial, x.code, x.person_id, x.course_id, x.version_id, x.enrolment_id,
              x.authority_unit_id, x.completed_on, x.issued_on,
              CASE WHEN x.has_expiry THEN x.expires_on
                   WHEN x.validity_months IS NULL THEN NULL
                   ELSE (x.issued_on + make_interval(months => x.validity_months))::date END,
              $16, x.snapshot, x.replaces_id, x.session_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[],
                     $9::date[], $10::date[], $11::int[], $12::bool[], $13::date[], $14::jsonb[], $15::uuid[],
                     $17::text[], $18::uuid[])
           AS x(source_key, serial, code, person_id, course_id, version_id, enrolment_id, authority_unit_id,
                completed_on, issued_on, validity_months, has_expiry, expires_on, snapshot, replaces_id, kind, session_id)
       RETURNING id, source_key AS "sourceKey"`,
      [
        col((r) => r.sourceKey),
        col((r) => r.serial),
        col((r) => r.code),
        col((r) => r.personId),
        col((r) => r.courseId),
        col((r) => r.versionId),
        col((r) => r.enrolmentId),
        col((r) => r.authorityUnitId),
        col((r) => r.completedOn),
        col((r) => r.issuedOn),
        col((r) => r.validityMonths),
        col((r) => r.expiresOn !== undefined),
        col((r) => r.expiresOn ?? null),
        col((r) => JSON.stringify(r.snapshot)),
        col((r) => r.replacesId ?? null),
        issuedAt,
        col((r) => r.kind ?? 'course'),
        col((r) => r.sessionId ?? null),
      ],
    );
    const byKey = new Map(inserted.map((r) => [r.sourceKey, r.id]));
    return rows.map((r) => byKey.get(r.sourceKey)!);
  }

  async findBySource(sourceKey: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM certificate WHERE source_key = $1`, [sourceKey]);
    return rows[0]?.id ?? null;
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<CertificateRow | null> {
    const rows = await m.query<CertificateRow[]>(
      `${SELECT_CERTIFICATE} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByCode(code: string): Promise<CertificateRow | null> {
    const rows = await this.db.query<CertificateRow[]>(`${SELECT_CERTIFICATE} WHERE c.code = $1`, [code]);
    return rows[0] ?? null;
  }

  async revoke(
    m: EntityManager,
    id: string,
    by: { accountId: string | null; reason: string; at: Date; on: string; replacedById?: string },
  ): Promise<void> {
    await m.query(
      `UPDATE certificate SET revoked_at = $2, revoked_on = $3, revoked_by = $4, revoke_reason = $5,
              replaced_by_id = coalesce($6, replaced_by_id)
        WHERE id = $1`,
      [id, by.at, by.on, by.accountId, by.reason, by.replacedById ?? null],
    );
  }

  async setPdf(id: string, key: string, template: number): Promise<void> {
    await this.db.query(`UPDATE certificate SET pdf_key = $2, pdf_template = $3 WHERE id = $1`, [id, key, template]);
  }

  /** Certificates whose PDF is missing or drawn with an older template, oldest first. */
  async needingPdf(template: number, limit: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM certificate WHERE pdf_key IS NULL OR pdf_template < $1 ORDER BY issued_at, id LIMIT $2`,
      [template, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The organisers' list: certificates of people whose current unit lies in one of `scopes` (and in `unitId`'s
   * subtree when given), filtered by course, status on `today`, issue dates and a name/serial/code search.
   */
  async list(f: CertificateListFilter): Promise<{ items: CertificateRow[]; total: number }> {
    const params: unknown[] = [f.scopes];
    const where = [inSubtrees('$1', 'p.unit_id')];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.unitId) add((p) => inSubtree(p, 'p.unit_id'), f.unitId);
    if (f.courseId) add((p) => `c.course_id = ${p}`, f.courseId);
    if (f.from) add((p) => `c.issued_on >= ${p}::date`, f.from);
    if (f.to) add((p) => `c.issued_on <= ${p}::date`, f.to);
    if (f.status) add((p) => STATUS_SQL[f.status!](p), f.today);
    if (f.q) {
      params.push(f.q);
      const p = `$${params.length}`;
      where.push(`(p.name_key LIKE '%' || f_search_key(${p}) || '%' OR c.serial = upper(${p})
                   OR c.code = upper(replace(${p}, '-', '')))`);
    }
    const sqlWhere = where.join(' AND ');
    const page = [...params, f.limit, f.offset];
    const [items, [count]] = await Promise.all([
      this.db.query<CertificateRow[]>(
        `${SELECT_CERTIFICATE} WHERE ${sqlWhere} ORDER BY c.issued_at DESC, c.serial DESC
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        page,
      ),
      this.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM certificate c JOIN person p ON p.id = c.person_id WHERE ${sqlWhere}`,
        params,
      ),
    ]);
    return { items, total: count.n };
  }

  /** Every certificate the filter matches, page by page (1,000 rows at a time): the CSV list and the bulk ZIP. */
  async *all(f: Omit<CertificateListFilter, 'limit' | 'offset'>): AsyncGenerator<CertificateRow> {
    const page = 1_000;
    for (let offset = 0; ; offset += page) {
      const { items } = await this.list({ ...f, limit: page, offset });
      yield* items;
      if (items.length < page) return;
    }
  }

  /** The person's certificates, newest first. */
  mine(personId: string): Promise<CertificateRow[]> {
    return this.db.query<CertificateRow[]>(
      `${SELECT_CERTIFICATE} WHERE c.person_id = $1 ORDER BY c.issued_at DESC, c.serial DESC`,
      [personId],
    );
  }

  /** The person's name, unit (with its place) and roles on a day, as a snapshot takes them (for a re-issue). */
  async personNow(
    m: EntityManager,
    personId: string,
    day: string,
  ): Promise<Pick<CertificateSnapshot, 'personName' | 'unitName' | 'roleNames'> | null> {
    const rows = await m.query<Array<Pick<CertificateSnapshot, 'personName' | 'unitName' | 'roleNames'>>>(
      `SELECT p.full_name AS "personName",
              ${UNIT_WITH_PLACE} AS "unitName",
              coalesce((SELECT jsonb_agg(r.name_vi ORDER BY r.sort_order) FROM person_role pr JOIN role r ON r.id = pr.role_id
                         WHERE pr.person_id = p.id AND ${periodOpenOn('$2', 'pr')}), '[]'::jsonb) AS "roleNames"
         FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id
${UNIT_PLACE_JOIN}
        WHERE p.id = $1`,
      [personId, day],
    );
    return rows[0] ?? null;
  }

  /** The person linked to the account (the learner's own certificates). */
  async personOfAccount(accountId: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ id: string }>>(`SELECT id FROM person WHERE account_id = $1`, [accountId]);
    return rows[0]?.id ?? null;
  }
}
