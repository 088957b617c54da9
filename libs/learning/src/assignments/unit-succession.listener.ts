import { Injectable, OnModuleInit } from '@nestjs/common';
import { RosterHooks } from '@app/org';

/**
 * A unit merged or split into a successor (org's unit history, restructuring plans): the courses it owned and the
 * active assignments made to its subtree pass to the successor, in the same transaction. Cancelled assignments
 * keep the unit they were made to (their history).
 */
@Injectable()
export class LearningUnitSuccessionListener implements OnModuleInit {
  constructor(private readonly hooks: RosterHooks) {}

  onModuleInit(): void {
    this.hooks.registerUnitSuccession(async (successions, m) => {
      const from = successions.map((s) => s.fromUnitId);
      const to = successions.map((s) => s.toUnitId);
      await m.query(
        `UPDATE course c SET owner_unit_id = s.to_id
           FROM unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id) WHERE c.owner_unit_id = s.from_id`,
        [from, to],
      );
      await m.query(
        `UPDATE assignment a SET unit_id = s.to_id
           FROM unnest($1::uuid[], $2::uuid[]) AS s(from_id, to_id)
          WHERE a.unit_id = s.from_id AND a.status = 'active'`,
        [from, to],
      );
    });
  }
}
