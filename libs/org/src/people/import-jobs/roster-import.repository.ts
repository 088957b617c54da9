import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RosterChangeLog } from '../../changes/roster-change-log';
import { CatalogueRole } from '../import/role-catalogue';
import { RosterColumnKey } from '../import/roster-columns';

/** A valid row, resolved to ids: `personId` is the existing person's, or a fresh id for a new one. */
export interface StagedRow {
  rowNumber: number;
  personId: string;
  provinceId: string;
  employeeCode: string;
  fullName: string;
  unitId: string;
  roleIds: string[];
  positionTitle: string | null;
  email: string | null;
  phone: string | null;
  gender: string | null;
  birthDate: string | null;
  status: string;
  statusFrom: string | null;
}

/** Who already holds an employee code in a province, and whether they are inside the uploader's subtree. */
export interface CodeHolder {
  /** 0-based index in the keys asked about. */
  index: number;
  personId: string;
  inScope: boolean;
}

export interface UnitInfo {
  id: string;
  active: boolean;
  inScope: boolean;
  provinceId: string;
}

/** Optional columns: only those present in the file are compared and written (an absent column keeps the data). */
export type PresentColumns = ReadonlySet<RosterColumnKey>;

const STAGE = 'roster_import_change';
// Lookups one row at a time, by index. A plain join is planned from statistics that know nothing of the rows this
// very transaction inserted (person looks empty): the planner then hashes a full scan of person for every batch,
// and the import slows down quadratically. LIMIT 1 keeps the subquery from being flattened into such a join.
const ONE_PERSON = `SELECT id, unit_id, full_name, position_title, email, phone, gender, birth_date, status FROM person`;
const OPTIONAL: ReadonlyArray<[RosterColumnKey, string]> = [
  ['position_title', 'position_title'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['gender', 'gender'],
  ['birth_date', 'birth_date'],
];

/**
 * Set-based SQL of a roster import, a batch of rows per statement (`INSERT … SELECT FROM unnest(…)`). New people
 * are inserted batch by batch; existing people whose row differs go into a temporary table (dropped at commit)
 * and are changed together at the end. People are matched by uq_person_province_unit_id_employee_code, periods
 * by idx_person_*_person_id. The caller runs a batch's writes in the background so that PostgreSQL writes while
 * the next batch is parsed.
 */
@Injectable()
export class RosterImportRepository {
  async createStage(m: EntityManager): Promise<void> {
    // New names go to idx_person_name_key's pending list and are merged into the index in bulk (by autovacuum or
    // a later insert) instead of one by one: the documented setting for bulk loads into a GIN index.
    await m.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
    await m.query(`CREATE TEMP TABLE ${STAGE} (
      person_id uuid NOT NULL, full_name text NOT NULL, unit_id uuid NOT NULL, role_ids uuid[] NOT NULL,
      position_title text, email text, phone text, gender text, birth_date date, status text NOT NULL,
      status_from date, unit_changed boolean NOT NULL, status_changed boolean NOT NULL, roles_changed boolean NOT NULL,
      unit_on date, status_on date
    ) ON COMMIT DROP`);
  }

  /** The active roles, in catalogue order (a role cell names them by code or name: RoleCatalogue). */
  async activeRoles(m: EntityManager): Promise<CatalogueRole[]> {
    return m.query<CatalogueRole[]>(
      `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn"
         FROM role WHERE retired_at IS NULL ORDER BY sort_order, code`,
    );
  }

  /** Units by code: active or not, inside the scope or not, and the province whose employee codes they share. */
  async unitsByCode(m: EntityManager, codes: string[], scopeUnitId: string): Promise<Map<string, UnitInfo>> {
    const rows = await m.query<Array<UnitInfo & { code: string }>>(
      `SELECT u.code, u.id, u.status = 'active' AS active,
              EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = $2 AND c.descendant_id = u.id) AS "inScope",
              (SELECT a.id FROM org_unit_closure c JOIN org_unit a ON a.id = c.ancestor_id
                WHERE c.descendant_id = u.id AND a.type IN ('province', 'country')
                ORDER BY (a.type = 'province') DESC, c.depth LIMIT 1) AS "provinceId"
         FROM org_unit u WHERE u.code = ANY($1::text[])`,
      [codes, scopeUnitId],
    );
    return new Map(rows.map(({ code, ...info }) => [code, info]));
  }

  /** The people who already hold these (province, employee code) keys. */
  async codeHolders(
    m: EntityManager,
    keys: Array<{ provinceId: string; employeeCode: string }>,
    scopeUnitId: string,
  ): Promise<CodeHolder[]> {
    if (keys.length === 0) return [];
    const rows = await m.query<Array<{ i: string; personId: string; inScope: boolean }>>(
      `SELECT k.i, p.id AS "personId",
              EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = $3 AND c.descendant_id = p.unit_id) AS "inScope"
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS k(province_id, code, i)
        CROSS JOIN LATERAL (${ONE_PERSON} WHERE province_unit_id = k.province_id AND employee_code = k.code LIMIT 1) p`,
      [keys.map((k) => k.provinceId), keys.map((k) => k.employeeCode), scopeUnitId],
    );
    return rows.map((r) => ({ index: Number(r.i) - 1, personId: r.personId, inScope: r.inScope }));
  }

  /** Compares rows of existing people with what is stored; keeps those that differ for applyChanges(). */
  async stageChanges(m: EntityManager, rows: StagedRow[], present: PresentColumns): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: StagedRow) => T): T[] => rows.map(f);
    const differs = OPTIONAL.filter(([key]) => present.has(key))
      .map(([, c]) => `OR p.${c} IS DISTINCT FROM x.${c}`)
      .join(' ');
    const status = present.has('status') ? `p.status IS DISTINCT FROM x.status` : 'false';
    await m.query(
      `INSERT INTO ${STAGE} (person_id, full_name, unit_id, role_ids, position_title, email, phone, gender, birth_date,
                             status, status_from, unit_changed, status_changed, roles_changed)
       SELECT x.person_id, x.full_name, x.unit_id, x.role_ids, x.position_title, x.email, x.phone, x.gender,
              x.birth_date, x.status, x.status_from, c.unit_changed, c.status_changed, c.roles_changed
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::date[], $10::text[], $11::date[])
              AS y(person_id, full_name, unit_id, roles, position_title, email, phone, gender, birth_date, status,
                   status_from)
        CROSS JOIN LATERAL (SELECT y.*, y.roles::uuid[] AS role_ids) x
        CROSS JOIN LATERAL (${ONE_PERSON} WHERE id = x.person_id LIMIT 1) p
         LEFT JOIN LATERAL (SELECT array_agg(pr.role_id) AS ids FROM person_role pr
                             WHERE pr.person_id = p.id AND pr.valid_to IS NULL) r ON true
        CROSS JOIN LATERAL (SELECT p.unit_id IS DISTINCT FROM x.unit_id AS unit_changed, ${status} AS status_changed,
                 NOT (coalesce(r.ids, '{}') @> x.role_ids AND x.role_ids @> coalesce(r.ids, '{}')) AS roles_changed) c
        WHERE p.full_name IS DISTINCT FROM x.full_name ${differs}
           OR c.unit_changed OR c.status_changed OR c.roles_changed`,
      [
        col((r) => r.personId),
        col((r) => r.fullName),
        col((r) => r.unitId),
        col((r) => `{${r.roleIds.join(',')}}`),
        col((r) => r.positionTitle),
        col((r) => r.email),
        col((r) => r.phone),
        col((r) => r.gender),
        col((r) => r.birthDate),
        col((r) => r.status),
        col((r) => r.statusFrom),
      ],
    );
  }

  async countChanges(m: EntityManager): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${STAGE}`);
    return row.n;
  }

  /** The existing people whose row differed (staged by stageChanges). */
  async changedPersonIds(m: EntityManager): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT person_id AS id FROM ${STAGE}`);
    return rows.map((r) => r.id);
  }

  /** Writes the staged changes: moves, status changes, roles ended and added, then the person rows. */
  async applyChanges(m: EntityManager, present: PresentColumns, today: string): Promise<void> {
    await m.query(`ANALYZE ${STAGE}`); // temporary tables are never auto-analysed
    // A move or status change takes effect on the file's date when that is after the current period's start, else
    // today: an unchanged "from" date (as exported) must not rewrite the earlier period away.
    for (const [flag, column, table] of [
      ['unit_changed', 'unit_on', 'person_membership'],
      ['status_changed', 'status_on', 'person_status_period'],
    ] as const) {
      await m.query(
        `UPDATE ${STAGE} s SET ${column} = CASE WHEN s.status_from > o.valid_from THEN s.status_from
                                               ELSE greatest($1::date, o.valid_from) END
           FROM ${table} o WHERE s.${flag} AND o.person_id = s.person_id AND o.valid_to IS NULL`,
        [today],
      );
      await m.query(
        `UPDATE ${STAGE} SET ${column} = coalesce(status_from, $1::date) WHERE ${flag} AND ${column} IS NULL`,
        [today],
      );
    }
    await this.logChanges(m, today);
    await this.closeAndOpen(m, 'person_membership', 'unit_changed', 'unit_on', 'unit_id');
    await this.closeAndOpen(m, 'person_status_period', 'status_changed', 'status_on', 'status');
    await m.query(
      `DELETE FROM person_role pr USING ${STAGE} s
        WHERE s.roles_changed AND pr.person_id = s.person_id AND pr.valid_to IS NULL
          AND NOT (pr.role_id = ANY (s.role_ids)) AND pr.valid_from >= $1::date`,
      [today],
    );
    await m.query(
      `UPDATE person_role pr SET valid_to = $1::date FROM ${STAGE} s
        WHERE s.roles_changed AND pr.person_id = s.person_id AND pr.valid_to IS NULL
          AND NOT (pr.role_id = ANY (s.role_ids))`,
      [today],
    );
    await m.query(
      `INSERT INTO person_role (person_id, role_id, valid_from)
       SELECT s.person_id, r.id, $1::date FROM ${STAGE} s CROSS JOIN LATERAL unnest(s.role_ids) AS r(id)
        WHERE s.roles_changed AND NOT EXISTS (SELECT 1 FROM person_role pr
                WHERE pr.person_id = s.person_id AND pr.role_id = r.id AND pr.valid_to IS NULL)`,
      [today],
    );
    const keep = (key: RosterColumnKey, c: string): string => `${c} = ${present.has(key) ? `s.${c}` : `p.${c}`}`;
    await m.query(
      `UPDATE person p SET full_name = s.full_name, ${OPTIONAL.map(([key, c]) => keep(key, c)).join(', ')},
              unit_id = s.unit_id,
              status = CASE WHEN s.status_changed THEN s.status ELSE p.status END,
              status_from = CASE WHEN s.status_changed THEN s.status_on ELSE p.status_from END,
              updated_at = now()
         FROM ${STAGE} s WHERE p.id = s.person_id`,
    );
  }

  /**
   * The staged changes into the roster change log, in one INSERT … SELECT (never a row at a time): moves (from the
   * unit still on the person row), status changes, and each role ended or added. Before the periods change.
   */
  private async logChanges(m: EntityManager, today: string): Promise<void> {
    await RosterChangeLog.appendSelected(
      m,
      `SELECT 'person_moved', s.unit_on, s.person_id, s.unit_id, p.unit_id, NULL::uuid, '{}'::jsonb
         FROM ${STAGE} s JOIN person p ON p.id = s.person_id WHERE s.unit_changed
       UNION ALL
       SELECT CASE WHEN s.status = 'left' THEN 'person_left' ELSE 'person_status' END, s.status_on, s.person_id,
              s.unit_id, NULL, NULL, jsonb_build_object('status', s.status)
         FROM ${STAGE} s WHERE s.status_changed
       UNION ALL
       SELECT 'person_role', $1::date, s.person_id, s.unit_id, NULL, pr.role_id, '{"change":"ended"}'
         FROM ${STAGE} s JOIN person_role pr ON pr.person_id = s.person_id AND pr.valid_to IS NULL
        WHERE s.roles_changed AND NOT (pr.role_id = ANY (s.role_ids))
       UNION ALL
       SELECT 'person_role', $1::date, s.person_id, s.unit_id, NULL, r.id, '{"change":"added"}'
         FROM ${STAGE} s CROSS JOIN LATERAL unnest(s.role_ids) AS r(id)
        WHERE s.roles_changed AND NOT EXISTS (SELECT 1 FROM person_role pr
                WHERE pr.person_id = s.person_id AND pr.role_id = r.id AND pr.valid_to IS NULL)`,
      [today],
    );
  }

  /** Ends the open period on the change date and opens the next one; a period that began that day is replaced. */
  private async closeAndOpen(
    m: EntityManager,
    table: 'person_membership' | 'person_status_period',
    flag: 'unit_changed' | 'status_changed',
    on: 'unit_on' | 'status_on',
    column: 'unit_id' | 'status',
  ): Promise<void> {
    await m.query(`DELETE FROM ${table} o USING ${STAGE} s
                    WHERE s.${flag} AND o.person_id = s.person_id AND o.valid_to IS NULL AND o.valid_from >= s.${on}`);
    await m.query(`UPDATE ${table} o SET valid_to = s.${on} FROM ${STAGE} s
                    WHERE s.${flag} AND o.person_id = s.person_id AND o.valid_to IS NULL`);
    await m.query(`INSERT INTO ${table} (person_id, ${column}, valid_from)
                   SELECT s.person_id, s.${column}, s.${on} FROM ${STAGE} s WHERE s.${flag}`);
  }
}
