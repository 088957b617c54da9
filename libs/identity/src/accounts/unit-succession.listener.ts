import { Injectable, OnModuleInit } from '@nestjs/common';
import { RosterHooks } from '@app/org';
import { PrincipalCache } from '../auth/principal-cache';

/**
 * A unit merged or split into a successor (org's unit history, restructuring plans): grants scoped to it and
 * accounts whose home it was pass to the successor, in the same transaction. A grant the account already holds on
 * the successor is kept once. Cached bearer principals are dropped (their grants may name the old unit).
 */
@Injectable()
export class GrantUnitSuccessionListener implements OnModuleInit {
  constructor(
    private readonly hooks: RosterHooks,
    private readonly principals: PrincipalCache,
  ) {}

  onModuleInit(): void {
    this.hooks.registerUnitSuccession(async (successions, m) => {
      const from = successions.map((s) => s.fromUnitId);
      const to = successions.map((s) => s.toUnitId);
      this.principals.forgetAll();
      await m.query(
        `DELETE FROM account_grant g USING unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id)
          WHERE g.scope_unit_id = s.from_id
            AND EXISTS (SELECT 1 FROM account_grant o
                         WHERE o.account_id = g.account_id AND o.permission = g.permission AND o.scope_unit_id = s.to_id)`,
        [from, to],
      );
      await m.query(
        `UPDATE account_grant g SET scope_unit_id = s.to_id
           FROM unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id) WHERE g.scope_unit_id = s.from_id`,
        [from, to],
      );
      await m.query(
        `UPDATE account a SET home_unit_id = s.to_id
           FROM unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id) WHERE a.home_unit_id = s.from_id`,
        [from, to],
      );
    });
  }
}
