import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The units' people counts (issue 14): unit_people_count holds, per unit, the people on the roster today attached to
 * the unit itself (`own`, org's roster rule) and in its whole subtree (`subtree`, on org_unit_closure), kept by
 * UnitPeopleCountUpkeep from the roster change log, so the units page and API read a row per unit instead of counting
 * people live. unit_people_count_state (one row) says for which day they were counted and when.
 */
export class UnitPeopleCounts1765300900000 implements MigrationInterface {
  name = 'UnitPeopleCounts1765300900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE unit_people_count (
      unit_id uuid NOT NULL CONSTRAINT pk_unit_people_count PRIMARY KEY
        CONSTRAINT fk_unit_people_count_unit_id REFERENCES org_unit(id) ON DELETE CASCADE,
      own int NOT NULL DEFAULT 0,
      subtree int NOT NULL DEFAULT 0
    )`);
    // One row: the day the counts are for (Vietnam's day), when they were last brought up to date, and the last
    // full recount and how long it took.
    await q.query(`CREATE TABLE unit_people_count_state (
      id int NOT NULL CONSTRAINT pk_unit_people_count_state PRIMARY KEY
        CONSTRAINT ck_unit_people_count_state_id CHECK (id = 1),
      count_day date,
      counted_at timestamptz,
      recounted_at timestamptz,
      recount_ms int
    )`);
    await q.query(`INSERT INTO unit_people_count_state (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS unit_people_count_state`);
    await q.query(`DROP TABLE IF EXISTS unit_people_count`);
  }
}
