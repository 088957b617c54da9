import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The two kinds of person period a change can be dated in the future for, and the column each one carries. */
export type PeriodKind = 'membership' | 'status';

const PERIODS = {
  membership: { table: 'person_membership', column: 'unit_id' },
  status: { table: 'person_status_period', column: 'status' },
} as const;

export interface PersonPeriod {
  id: string;
  /** The unit id (membership) or the status. */
  value: string;
  validFrom: string;
}

/**
 * Cancelling a future-dated move or status change: the open period is dropped and the one that ended on its first
 * day is open again, and the person row (unit_id, status) follows. Always inside the caller's transaction.
 */
@Injectable()
export class PersonPeriodsRepository {
  /** The person's current unit, locked for the rest of the transaction; null when there is no such person. */
  async lockPerson(m: EntityManager, personId: string): Promise<{ id: string; unitId: string | null } | null> {
    const rows = await m.query<Array<{ id: string; unitId: string | null }>>(
      `SELECT id, unit_id AS "unitId" FROM person WHERE id = $1 FOR UPDATE`,
      [personId],
    );
    return rows[0] ?? null;
  }

  async unitIsActive(m: EntityManager, unitId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM org_unit WHERE id = $1 AND status = 'active'`, [unitId]);
    return rows.length > 0;
  }

  /** The open period of `kind` and the period that ended on the day it began (null when none). */
  async openAndPrevious(
    m: EntityManager,
    kind: PeriodKind,
    personId: string,
  ): Promise<{ open: PersonPeriod | null; previous: PersonPeriod | null }> {
    const { table, column } = PERIODS[kind];
    const rows = await m.query<Array<PersonPeriod & { isOpen: boolean }>>(
      `WITH o AS (SELECT id, ${column}::text AS value, valid_from FROM ${table} WHERE person_id = $1 AND valid_to IS NULL)
       SELECT id, value, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", true AS "isOpen" FROM o
       UNION ALL
       (SELECT p.id, p.${column}::text, to_char(p.valid_from, 'YYYY-MM-DD'), false FROM ${table} p JOIN o ON p.valid_to = o.valid_from
         WHERE p.person_id = $1 ORDER BY p.valid_from DESC LIMIT 1)`,
      [personId],
    );
    const pick = (isOpen: boolean): PersonPeriod | null => {
      const row = rows.find((r) => r.isOpen === isOpen);
      return row ? { id: row.id, value: row.value, validFrom: row.validFrom } : null;
    };
    return { open: pick(true), previous: pick(false) };
  }

  /** Drops the open period and reopens the previous one; the person row takes the previous value again. */
  async reopen(
    m: EntityManager,
    kind: PeriodKind,
    personId: string,
    open: PersonPeriod,
    previous: PersonPeriod,
  ): Promise<void> {
    const { table } = PERIODS[kind];
    await m.query(`DELETE FROM ${table} WHERE person_id = $1 AND id = $2 AND valid_to IS NULL`, [personId, open.id]);
    await m.query(`UPDATE ${table} SET valid_to = NULL WHERE person_id = $1 AND id = $2`, [personId, previous.id]);
    if (kind === 'membership') {
      await m.query(`UPDATE person SET unit_id = $2, updated_at = now() WHERE id = $1`, [personId, previous.value]);
    } else {
      await m.query(`UPDATE person SET status = $2, status_from = $3::date, updated_at = now() WHERE id = $1`, [
        personId,
        previous.value,
        previous.validFrom,
      ]);
    }
  }
}
