import type { EntityManager } from 'typeorm';
import { PersonWriter } from '../people/person-writer';
import { UnitType } from '../units/unit-type';
import { planUnits } from './unit-plan';

export interface DemoPerson {
  id: string;
  unitId: string;
  fullName: string;
}

/**
 * What generated data outside org (libs/demo) needs of the roster, without touching org's tables itself: whether a
 * province is there, the generated demo province, a person to give an account to, and the link.
 */
export const DemoRoster = {
  /** True when any unit of type province exists (then the demo is not loaded on a first start). */
  async anyProvince(m: Pick<EntityManager, 'query'>): Promise<boolean> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM org_unit WHERE type = $1 LIMIT 1`, [UnitType.Province]);
    return rows.length > 0;
  },

  /** The generated demo province's id when it is there (by its stable id, not just its code), else null. */
  async demoProvinceId(m: Pick<EntityManager, 'query'>): Promise<string | null> {
    const plan = planUnits('demo', 1);
    const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE id = $1 AND type = $2`, [
      plan.units[plan.provinces[0].unit].id,
      UnitType.Province,
    ]);
    return rows[0]?.id ?? null;
  },

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
