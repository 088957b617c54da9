import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * SQL for public registration: the per-IP count (idx_registration_attempt_ip_at). Communes are found through org
 * (OrgUnitsService.findActiveCommunes) and the roster entry is written by org (PeopleService.createMany).
 */
@Injectable()
export class RegistrationRepository {
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
