import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { vietnameseOrder } from '@app/db';
import { inSubtrees } from '../access/sql-fragments';
import type { StoredPerson } from './contact-policy';
import { PersonWriter } from './person-writer';
import { unitPlaceSql } from '../units/unit-place';
import { PersonHistoryResponse, PersonListItemResponse, PersonStatus } from './dto/person.dto';
import type { PageCursor, PageOrder } from './paging/page-cursor';

/** Exact totals of people lists up to this many; a subtree above it is "large" (walked by the name index). */
export const TOTAL_CAP = 10_000;
/** Subtrees of up to this many units are checked against the list of their units (hashed), larger ones probed. */
const UNIT_LIST_MAX = 20_000;

export interface PeoplePageFilter {
  unitId?: string;
  roleId?: string;
  status?: string;
  /** Already escaped for LIKE. */
  q?: string;
  limit: number;
  offset: number;
  cursor?: PageCursor;
}

export interface PeoplePageRows {
  /** The page's rows in order, each with the value of its sort key (for the cursors). */
  rows: Array<PersonListItemResponse & { sortKey: string }>;
  order: PageOrder;
  /** More rows lie beyond the page in the direction read. */
  hasMore: boolean;
  total: number | null;
  capped: boolean;
}

const COLUMNS = `p.id, p.employee_code AS "employeeCode", p.full_name AS "fullName", p.unit_id AS "unitId",
       u.name AS "unitName", p.position_title AS "positionTitle", p.gender, p.status, p.account_id AS "accountId",
       coalesce((SELECT array_agg(r.role_id ORDER BY r.role_id) FROM person_role r WHERE r.person_id = p.id AND r.valid_to IS NULL), '{}') AS "roleIds"`;
/** E-mail, phone and birth date: read for one person only, never by a list (people/contact-policy.ts). */
const CONTACT_COLUMNS = `p.email, p.phone, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate"`;
const FROM = `FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id`;

/** People and their periods (membership, roles, status). Scope checks happen in SQL through org_unit_closure. */
@Injectable()
export class PersonRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One person, contact details included: only ContactPolicy decides who sees them. */
  async findById(id: string, m: EntityManager = this.db.manager): Promise<StoredPerson | null> {
    const rows = await m.query<StoredPerson[]>(
      `SELECT ${COLUMNS}, ${unitPlaceSql('p.unit_id')} AS "unitPlace", ${CONTACT_COLUMNS} ${FROM} WHERE p.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The nearest province above (or at) the unit; employee codes are unique within it. Falls back to the root. */
  async provinceOf(m: EntityManager, unitId: string): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `SELECT a.id FROM org_unit_closure c JOIN org_unit a ON a.id = c.ancestor_id
        WHERE c.descendant_id = $1 AND a.type IN ('province', 'country')
        ORDER BY (a.type = 'province') DESC, c.depth LIMIT 1`,
      [unitId],
    );
    return row.id;
  }

  async codeTaken(m: EntityManager, provinceId: string, code: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM person WHERE province_unit_id = $1 AND employee_code = $2`, [
      provinceId,
      code,
    ]);
    return rows.length > 0;
  }

  /** Sets the person's account when they have none yet (PersonWriter.linkAccount). */
  linkAccount(m: EntityManager, personId: string, accountId: string): Promise<boolean> {
    return PersonWriter.linkAccount(m, personId, accountId);
  }

  /** Closes the open period of `table` for the person on `on` and opens the next one; same-day changes replace. */
  private async nextPeriod(
    m: EntityManager,
    table: 'person_membership' | 'person_status_period',
    personId: string,
    on: string,
    column: string,
    value: string,
  ): Promise<void> {
    await m.query(`DELETE FROM ${table} WHERE person_id = $1 AND valid_to IS NULL AND valid_from = $2::date`, [
      personId,
      on,
    ]);
    await m.query(`UPDATE ${table} SET valid_to = $2::date WHERE person_id = $1 AND valid_to IS NULL`, [personId, on]);
    await m.query(`INSERT INTO ${table} (person_id, ${column}, valid_from) VALUES ($1, $2, $3::date)`, [
      personId,
      value,
      on,
    ]);
  }

  async moveUnit(m: EntityManager, personId: string, unitId: string, on: string): Promise<void> {
    await this.nextPeriod(m, 'person_membership', personId, on, 'unit_id', unitId);
    await m.query(`UPDATE person SET unit_id = $2, updated_at = now() WHERE id = $1`, [personId, unitId]);
  }

  async changeStatus(m: EntityManager, personId: string, status: PersonStatus, on: string): Promise<void> {
    await this.nextPeriod(m, 'person_status_period', personId, on, 'status', status);
    await m.query(`UPDATE person SET status = $2, status_from = $3::date, updated_at = now() WHERE id = $1`, [
      personId,
      status,
      on,
    ]);
  }

  /** The open period's first day, to refuse changes dated before it. */
  async openPeriodStart(
    m: EntityManager,
    table: 'person_membership' | 'person_status_period',
    personId: string,
  ): Promise<string | null> {
    const rows = await m.query<Array<{ d: string }>>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS d FROM ${table} WHERE person_id = $1 AND valid_to IS NULL`,
      [personId],
    );
    return rows[0]?.d ?? null;
  }

  /**
   * A keyset page of people of the subtree(s) `rootIds` (inside the caller's `scopeIds` in any case), after or
   * before `cursor`, or from `offset` (small offsets only).
   *
   * The subtree's size decides the plan, never how much a request reads:
   * - up to TOTAL_CAP people ("small": a commune, a department): its units' people through idx_person_unit_id,
   *   filtered and sorted in Vietnamese name order; `q` matches anywhere in the name without diacritics (trigram);
   * - above ("large": a province, the country): the name index idx_person_full_name_vi is walked from the cursor in
   *   Vietnamese order, keeping the people inside the subtree (index-only: unit and status are in the index); `q`
   *   then matches the start of the name without diacritics ("nguyen van an"), walking idx_person_name_key_c, in
   *   the order of that key.
   * In both, `q` also matches an employee code exactly, or an e-mail address exactly for people under
   * `contactScopeIds` only (those the caller manages), so that the search is no oracle of contact details.
   * The total is exact up to TOTAL_CAP (`capped` above it, unfiltered); over a large subtree with a filter it is not
   * counted (null): no request aggregates live over more than a commune-sized subtree (DESIGN.md).
   */
  async page(scopeIds: string[], contactScopeIds: string[], f: PeoplePageFilter): Promise<PeoplePageRows> {
    const rootIds = f.unitId ? [f.unitId] : scopeIds;
    // The subtree's units, listed when there are not too many (a province: ~3,000): then each person is checked
    // against that list (hashed) instead of a probe of the closure table; the country is probed.
    const units = await this.db.query<Array<{ id: string }>>(
      `SELECT c.descendant_id AS id FROM org_unit_closure c WHERE c.ancestor_id = ANY($1::uuid[]) LIMIT $2`,
      [rootIds, UNIT_LIST_MAX + 1],
    );
    const listed = units.length <= UNIT_LIST_MAX;
    const subtree = listed ? `p.unit_id = ANY($1::uuid[])` : inSubtrees('$1', 'p.unit_id');
    const subtreeParam = listed ? units.map((u) => u.id) : rootIds;
    // People of the subtree, counted up to the cap (idx_person_unit_id).
    const [{ n }] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM person p WHERE ${subtree} LIMIT $2) t`,
      [subtreeParam, TOTAL_CAP + 1],
    );
    const small = n <= TOTAL_CAP;
    const filtered = Boolean(f.roleId || f.status || f.q);
    const email = f.q?.includes('@') ?? false;
    const order: PageOrder = !small && f.q && !email ? 'key' : 'name';
    if (f.cursor && f.cursor.order !== order) {
      throw new ValidationError('cursor: the list has changed size since: start again from the first page', [
        { field: 'cursor', reason: 'from a list ordered otherwise' },
      ]);
    }
    const backwards = f.cursor?.direction === 'prev';
    const cmp = backwards ? '<' : '>';
    const dir = backwards ? 'DESC' : 'ASC';
    const params: unknown[] = [
      subtreeParam,
      scopeIds,
      f.roleId ?? null,
      f.status ?? null,
      f.q ?? null,
      contactScopeIds,
      f.cursor?.key.name ?? null,
      f.cursor?.key.id ?? null,
      f.limit + 1,
      f.cursor ? 0 : f.offset,
    ];
    const sortKey = order === 'name' ? vietnameseOrder('p.full_name') : `(p.name_key COLLATE "C")`;
    const cursorKey = order === 'name' ? vietnameseOrder('$7::text') : `($7::text COLLATE "C")`;
    const common = `${inSubtrees('$2', 'p.unit_id')}
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role_id = $3 AND r.valid_to IS NULL))
          AND ($4::text IS NULL OR p.status = $4)`;
    const byEmail = `(lower(p.email) = lower($5) AND ${inSubtrees('$6', 'p.unit_id')})`;
    const matches = email
      ? byEmail
      : small
        ? `($5::text IS NULL OR p.name_key LIKE '%' || f_search_key($5) || '%' OR p.employee_code = $5 OR ${byEmail})`
        : `($5::text IS NULL OR (p.name_key COLLATE "C") LIKE f_search_key($5) || '%' OR p.employee_code = $5)
           AND $6::uuid[] IS NOT NULL`;
    const keyset = `($7::text IS NULL OR (${sortKey}, p.id) ${cmp} (${cursorKey}, $8::uuid))`;
    // A small subtree's people (≤ TOTAL_CAP) are read by their units first (idx_person_unit_id), then filtered and
    // sorted: a search inside a commune must not probe the country-wide trigram index (2,567 "nguyen van an" in the
    // country for 2 in the commune: 80 ms → under 1 ms). A large subtree is read through the name indexes.
    const people = small
      ? `(SELECT p.id, p.full_name, p.name_key, p.unit_id, p.status, p.employee_code, p.email
            FROM person p WHERE ${subtree} OFFSET 0) p`
      : `person p`;
    const inTree = small ? 'TRUE' : subtree;
    const orderBy = `${sortKey} ${dir}, p.id ${dir}`;
    // Over a large subtree, the name prefix and the employee code are two ordered reads merged (each by its index).
    const picked =
      !small && f.q && !email
        ? `SELECT id FROM (
             (SELECT p.id, p.name_key FROM person p
               WHERE (p.name_key COLLATE "C") LIKE f_search_key($5) || '%' AND ${subtree} AND ${common} AND ${keyset}
               ORDER BY ${orderBy} LIMIT $9::int + $10::int)
             UNION
             (SELECT p.id, p.name_key FROM person p
               WHERE p.employee_code = $5 AND $6::uuid[] IS NOT NULL AND ${subtree} AND ${common} AND ${keyset})
           ) p ORDER BY ${orderBy} LIMIT $9 OFFSET $10`
        : `SELECT p.id FROM ${people} WHERE ${inTree} AND ${common} AND ${matches} AND ${keyset}
            ORDER BY ${orderBy} LIMIT $9 OFFSET $10`;
    const rows = await this.db.query<Array<Omit<PersonListItemResponse, 'unitPlace'> & { sortKey: string }>>(
      `SELECT ${COLUMNS}, ${order === 'name' ? 'p.full_name' : 'p.name_key'} AS "sortKey" ${FROM}
        WHERE p.id IN (${picked})
        ORDER BY ${orderBy}`,
      params,
    );
    const hasMore = rows.length > f.limit;
    const shown = rows.slice(0, f.limit);
    if (backwards) shown.reverse();
    // The place of each unit on the page, once per unit, after the LIMIT (never for the whole list).
    const places = await this.placesOf([...new Set(shown.flatMap((r) => (r.unitId ? [r.unitId] : [])))]);
    const page = shown.map((r) => ({ ...r, unitPlace: r.unitId ? (places.get(r.unitId) ?? null) : null }));
    let total: number | null = small ? n : TOTAL_CAP;
    if (filtered) {
      total = small
        ? (
            await this.db.query<Array<{ n: number }>>(
              `SELECT count(*)::int AS n FROM ${people} WHERE ${inTree} AND ${common} AND ${matches}`,
              params.slice(0, 6),
            )
          )[0].n
        : null;
    }
    return { rows: page, order, hasMore, total, capped: !small && !filtered };
  }

  /** unitPlaceSql for a few units at once: unit id → the nearest commune or province above it. */
  private async placesOf(unitIds: string[]): Promise<Map<string, string | null>> {
    if (unitIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ id: string; place: string | null }>>(
      `SELECT u.id, ${unitPlaceSql('u.id')} AS place FROM org_unit u WHERE u.id = ANY($1::uuid[])`,
      [unitIds],
    );
    return new Map(rows.map((r) => [r.id, r.place]));
  }

  async history(personId: string): Promise<PersonHistoryResponse> {
    const [memberships, roles, statuses] = await Promise.all([
      this.db.query<PersonHistoryResponse['memberships']>(
        `SELECT m.unit_id AS "unitId", u.name AS "unitName", to_char(m.valid_from, 'YYYY-MM-DD') AS "validFrom",
                to_char(m.valid_to, 'YYYY-MM-DD') AS "validTo"
           FROM person_membership m JOIN org_unit u ON u.id = m.unit_id WHERE m.person_id = $1 ORDER BY m.valid_from, m.id`,
        [personId],
      ),
      this.db.query<PersonHistoryResponse['roles']>(
        `SELECT r.role_id AS "roleId", ro.code AS "roleCode", to_char(r.valid_from, 'YYYY-MM-DD') AS "validFrom",
                to_char(r.valid_to, 'YYYY-MM-DD') AS "validTo"
           FROM person_role r JOIN role ro ON ro.id = r.role_id WHERE r.person_id = $1 ORDER BY r.valid_from, ro.code`,
        [personId],
      ),
      this.db.query<PersonHistoryResponse['statuses']>(
        `SELECT status, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
           FROM person_status_period WHERE person_id = $1 ORDER BY valid_from, id`,
        [personId],
      ),
    ]);
    return { memberships, roles, statuses };
  }
}
