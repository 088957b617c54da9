import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { onRosterOn } from '@app/org';
import { COUNTED_ORDER } from '../attempts/attempt-rule';
import type { AttemptRule } from '../exams/dto/exam.dto';

export interface IndividualRow {
  rank: number;
  personId: string;
  fullName: string;
  unitName: string | null;
  percent: number;
  seconds: number;
}

export interface UnitRow {
  unitId: string;
  name: string;
  roster: number;
  participants: number;
  averagePercent: number | null;
}

export interface OpenContestRow {
  id: string;
  title: string;
  opensAt: Date | null;
  closesAt: Date | null;
  timeLimitMinutes: number;
}

/**
 * Each participant's counted attempt (attempt-rule.ts) at the contest `$1`, with the time it took (a graded
 * attempt's submitted_at is its deadline when it expired).
 */
const counted = (rule: AttemptRule) => `counted AS (
  SELECT DISTINCT ON (b.person_id) b.person_id, b.percent::float8 AS percent,
         extract(epoch FROM b.submitted_at - b.started_at)::int AS seconds
    FROM exam_attempt b
   WHERE b.exam_id = $1 AND b.status <> 'in_progress'
   ORDER BY b.person_id, ${COUNTED_ORDER[rule]})`;

/** Contests: who may take part (the course owner's subtree), the leaderboards, the contests open to a person. */
@Injectable()
export class ContestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The unit whose people a contest is for: the owner unit of its course. */
  async ownerUnitId(examId: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT c.owner_unit_id AS id FROM exam e JOIN course c ON c.id = e.course_id WHERE e.id = $1`,
      [examId],
    );
    return rows[0]?.id ?? null;
  }

  /** The person's unit lies in the subtree of the contest's owner unit. */
  async inAudience(examId: string, personId: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM exam e JOIN course c ON c.id = e.course_id
         JOIN person p ON p.id = $2
         JOIN org_unit_closure uc ON uc.ancestor_id = c.owner_unit_id AND uc.descendant_id = p.unit_id
        WHERE e.id = $1`,
      [examId, personId],
    );
    return rows.length > 0;
  }

  /** Participants ranked by percentage, then time taken (equal on both: the same rank); a page of them. */
  async individuals(
    examId: string,
    rule: AttemptRule,
    page: { limit: number; offset: number },
  ): Promise<{ items: IndividualRow[]; total: number }> {
    const ranked = `WITH ${counted(rule)},
      ranked AS (SELECT c.*, rank() OVER (ORDER BY c.percent DESC, c.seconds) AS rank FROM counted c)`;
    const [items, [count]] = await Promise.all([
      this.db.query<IndividualRow[]>(
        `${ranked}
         SELECT r.rank::int AS rank, r.person_id AS "personId", p.full_name AS "fullName", u.name AS "unitName",
                r.percent, r.seconds
           FROM ranked r JOIN person p ON p.id = r.person_id LEFT JOIN org_unit u ON u.id = p.unit_id
          ORDER BY r.rank, p.full_name, r.person_id
          LIMIT $2 OFFSET $3`,
        [examId, page.limit, page.offset],
      ),
      this.db.query<Array<{ n: number }>>(
        `SELECT count(DISTINCT person_id)::int AS n FROM exam_attempt WHERE exam_id = $1 AND status <> 'in_progress'`,
        [examId],
      ),
    ]);
    return { items, total: count.n };
  }

  /** The rank of one participant (null before their first graded attempt). */
  async rankOf(examId: string, rule: AttemptRule, personId: string): Promise<IndividualRow | null> {
    const rows = await this.db.query<IndividualRow[]>(
      `WITH ${counted(rule)},
            ranked AS (SELECT c.*, rank() OVER (ORDER BY c.percent DESC, c.seconds) AS rank FROM counted c)
       SELECT r.rank::int AS rank, r.person_id AS "personId", p.full_name AS "fullName", u.name AS "unitName",
              r.percent, r.seconds
         FROM ranked r JOIN person p ON p.id = r.person_id LEFT JOIN org_unit u ON u.id = p.unit_id
        WHERE r.person_id = $2`,
      [examId, personId],
    );
    return rows[0] ?? null;
  }

  /**
   * Per unit directly under the owner unit (the owner itself when it has none): people on its roster on `today`
   * (the roster rule), participants (people of its subtree with a graded attempt) and their average percentage.
   */
  units(examId: string, ownerUnitId: string, rule: AttemptRule, today: string): Promise<UnitRow[]> {
    return this.db.query<UnitRow[]>(
      `WITH ${counted(rule)},
            board AS (SELECT u.id, u.name FROM org_unit u WHERE u.parent_id = $2
                      UNION ALL
                      SELECT u.id, u.name FROM org_unit u
                       WHERE u.id = $2 AND NOT EXISTS (SELECT 1 FROM org_unit x WHERE x.parent_id = $2))
       SELECT g.id AS "unitId", g.name,
              (SELECT count(DISTINCT m.person_id)::int FROM person_membership m
                 JOIN org_unit_closure mc ON mc.ancestor_id = g.id AND mc.descendant_id = m.unit_id
                WHERE ${onRosterOn('$3')}) AS roster,
              count(c.person_id)::int AS participants,
              round(avg(c.percent)::numeric, 2)::float8 AS "averagePercent"
         FROM board g
         LEFT JOIN (counted c JOIN person p ON p.id = c.person_id
                    JOIN org_unit_closure pc ON pc.descendant_id = p.unit_id) ON pc.ancestor_id = g.id
        GROUP BY g.id, g.name`,
      [examId, ownerUnitId, today],
    );
  }

  /** Contests for the person's unit (its course's owner subtree), published course, not closed at `now`. */
  openContests(personId: string, now: Date): Promise<OpenContestRow[]> {
    return this.db.query<OpenContestRow[]>(
      `SELECT e.id, e.title, e.opens_at AS "opensAt", e.closes_at AS "closesAt", e.time_limit_minutes AS "timeLimitMinutes"
         FROM exam e JOIN course c ON c.id = e.course_id
         JOIN person p ON p.id = $1
         JOIN org_unit_closure uc ON uc.ancestor_id = c.owner_unit_id AND uc.descendant_id = p.unit_id
        WHERE e.kind = 'contest' AND c.status = 'published' AND (e.closes_at IS NULL OR e.closes_at > $2)
        ORDER BY e.opens_at NULLS FIRST, e.title, e.id
        LIMIT 100`,
      [personId, now],
    );
  }
}
