import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { inSubtree, inSubtrees } from '../access/sql-fragments';
import type { StoredPerson } from './contact-policy';
import { PersonWriter } from './person-writer';
import { PersonHistoryResponse, PersonListItemResponse, PersonStatus } from './dto/person.dto';

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
    const rows = await m.query<StoredPerson[]>(`SELECT ${COLUMNS}, ${CONTACT_COLUMNS} ${FROM} WHERE p.id = $1`, [id]);
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
   * People of the scopes, without e-mail, phone or birth date. `q` matches an e-mail address only for people under
   * `contactScopeIds` (those the caller manages), so that the search is no oracle of contact details for agencies.
   */
  async list(
    scopeIds: string[],
    contactScopeIds: string[],
    f: { unitId?: string; roleId?: string; status?: string; q?: string; limit: number; offset: number },
  ): Promise<{ items: PersonListItemResponse[]; total: number }> {
    const rows = await this.db.query<Array<PersonListItemResponse & { total: number }>>(
      `SELECT count(*) OVER ()::int AS total, ${COLUMNS} ${FROM}
        WHERE ${inSubtrees('$1', 'p.unit_id')}
          AND ($2::uuid IS NULL OR ${inSubtree('$2', 'p.unit_id')})
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role_id = $3 AND r.valid_to IS NULL))
          AND ($4::text IS NULL OR p.status = $4)
          AND ($5::text IS NULL OR p.name_key LIKE '%' || f_search_key($5) || '%' OR p.employee_code = $5
               OR (lower(p.email) = lower($5) AND ${inSubtrees('$8', 'p.unit_id')}))
        ORDER BY ${vietnameseOrder('p.full_name')}, p.id
        LIMIT $6 OFFSET $7`,
      [scopeIds, f.unitId ?? null, f.roleId ?? null, f.status ?? null, f.q ?? null, f.limit, f.offset, contactScopeIds],
    );
    return { items: rows.map(({ total: _t, ...p }) => p), total: rows[0]?.total ?? 0 };
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
