import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommuneChoice } from './dto/register.dto';

export const PUBLIC_LEARNER_ROLE = 'PUBLIC_LEARNER';

/**
 * SQL for public registration: commune lookup and the per-IP count (idx_registration_attempt_ip_at). The roster
 * entry is written by org (PeopleService.createMany), which owns the roster tables.
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
}
