import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommuneChoice } from './dto/register.dto';

export const PUBLIC_LEARNER_ROLE = 'PUBLIC_LEARNER';

/**
 * SQL for public registration: commune lookup, the per-IP count (idx_registration_attempt_ip_at) and the
 * roster entry of a public learner. The roster tables belong to org; PeopleService needs an actor and a unit,
 * which a member of the public registering without a commune has neither of, so the rows are written here.
 */
@Injectable()
export class RegistrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Active communes whose code equals the text (ignoring case) or whose name equals it ignoring diacritics. */
  async findCommunes(text: string, limit = 6): Promise<CommuneChoice[]> {
    return this.db.query<CommuneChoice[]>(
      `SELECT u.id, u.code, u.name, p.name AS "parentName"
         FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id
        WHERE u.type = 'commune' AND u.status = 'active'
          AND (lower(u.code) = lower($1) OR f_search_key(u.name) = f_search_key($1))
        ORDER BY (lower(u.code) = lower($1)) DESC, u.name, u.code
        LIMIT $2`,
      [text, limit],
    );
  }

  /** Serialises registrations from one IP so parallel posts cannot slip past the count. */
  async lockIp(m: EntityManager, ip: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`register:${ip}`]);
  }

  /** The attempts from `ip` since `since`, oldest first. */
  async attemptsSince(m: EntityManager, ip: string, since: Date): Promise<Date[]> {
    const rows = await m.query<Array<{ at: Date }>>(
      `SELECT at FROM registration_attempt WHERE ip = $1 AND at >= $2 ORDER BY at`,
      [ip, since],
    );
    return rows.map((r) => r.at);
  }

  async recordAttempt(m: EntityManager, ip: string, at: Date, outcome: 'registered' | 'conflict'): Promise<void> {
    await m.query(`INSERT INTO registration_attempt (ip, at, outcome) VALUES ($1, $2, $3)`, [ip, at, outcome]);
  }

  async publicLearnerRoleId(m: EntityManager): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = $1 AND retired_at IS NULL`, [
      PUBLIC_LEARNER_ROLE,
    ]);
    return rows[0]?.id ?? null;
  }

  /** The province above the commune (employee codes are per province); null without a commune. */
  async provinceOf(m: EntityManager, unitId: string): Promise<string | null> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT a.id FROM org_unit_closure c JOIN org_unit a ON a.id = c.ancestor_id
        WHERE c.descendant_id = $1 AND a.type = 'province' ORDER BY c.depth LIMIT 1`,
      [unitId],
    );
    return rows[0]?.id ?? null;
  }

  /** A public learner on the roster: active from `on`, with the role, a membership period when in a commune. */
  async insertPerson(
    m: EntityManager,
    p: {
      fullName: string;
      email: string;
      unitId: string | null;
      provinceId: string | null;
      roleId: string;
      accountId: string;
      on: string;
      now: Date;
    },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO person (province_unit_id, full_name, email, unit_id, status, status_from, account_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'active', $5::date, $6, $7, $7) RETURNING id`,
      [p.provinceId, p.fullName, p.email, p.unitId, p.on, p.accountId, p.now],
    );
    if (p.unitId) {
      await m.query(`INSERT INTO person_membership (person_id, unit_id, valid_from) VALUES ($1, $2, $3::date)`, [
        row.id,
        p.unitId,
        p.on,
      ]);
    }
    await m.query(`INSERT INTO person_role (person_id, role_id, valid_from) VALUES ($1, $2, $3::date)`, [
      row.id,
      p.roleId,
      p.on,
    ]);
    await m.query(`INSERT INTO person_status_period (person_id, status, valid_from) VALUES ($1, 'active', $2::date)`, [
      row.id,
      p.on,
    ]);
    return row.id;
  }
}
