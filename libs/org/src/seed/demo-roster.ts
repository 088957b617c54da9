import type { EntityManager } from 'typeorm';
import { PersonWriter } from '../people/person-writer';

export interface DemoPerson {
  id: string;
  unitId: string;
  fullName: string;
}

/**
 * What generated data outside org (libs/demo's accounts) needs of the roster, without writing org's tables itself:
 * a person to give an account to, and the link.
 */
export const DemoRoster = {
  /** The first active person (by employee code) under the unit who has no account yet. */
  async firstUnlinkedPersonUnder(m: EntityManager, unitId: string): Promise<DemoPerson | null> {
    const rows = await m.query<DemoPerson[]>(
      `SELECT p.id, p.unit_id AS "unitId", p.full_name AS "fullName"
         FROM org_unit_closure c JOIN person p ON p.unit_id = c.descendant_id
        WHERE c.ancestor_id = $1 AND p.status = 'active' AND p.account_id IS NULL
        ORDER BY p.employee_code LIMIT 1`,
      [unitId],
    );
    return rows[0] ?? null;
  },

  /** Links the person to the account (one writer of person rows: PersonWriter). */
  linkAccount(m: EntityManager, personId: string, accountId: string): Promise<boolean> {
    return PersonWriter.linkAccount(m, personId, accountId);
  },
};
