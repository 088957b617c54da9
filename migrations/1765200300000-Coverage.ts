import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coverage (libs/coverage): the targets as data, and the rollups that serve the dashboard.
 *
 * - coverage_target (+ coverage_target_course): per role, optionally only in units of some types and under a scope
 *   unit, the percentage, the deadline, yearly milestones and the courses whose certificates count. Seeded from the
 *   plans: 100/100/100/70 for the four target roles, deadline 2028-12-31 (courses are added by the demo seed or an
 *   admin: none exist when this runs).
 * - coverage_fact: per person, unit and role (and the "all roles" key), the periods in which the person is on the
 *   roster there with the role, and whether they are trained in it. Recomputed per person from the change log.
 * - coverage_unit_self / coverage_rollup: figures of each unit itself, and summed over its subtree, for one day
 *   (coverage_state.rollup_day) on the tree of that day.
 * - coverage_snapshot: the same subtree sums at month ends (trends and past dates).
 */
export class Coverage1765200300000 implements MigrationInterface {
  name = 'Coverage1765200300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE coverage_target (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_coverage_target PRIMARY KEY,
      role_id uuid NOT NULL CONSTRAINT fk_coverage_target_role_id REFERENCES role(id),
      unit_types text[],
      scope_unit_id uuid CONSTRAINT fk_coverage_target_scope_unit_id REFERENCES org_unit(id),
      percent numeric(5,1) NOT NULL CONSTRAINT ck_coverage_target_percent CHECK (percent >= 0 AND percent <= 100),
      deadline date NOT NULL,
      milestones jsonb NOT NULL DEFAULT '{}',
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_coverage_target_role_id_scope_unit_id UNIQUE NULLS NOT DISTINCT (role_id, scope_unit_id)
    )`);
    await q.query(`CREATE TABLE coverage_target_course (
      target_id uuid NOT NULL CONSTRAINT fk_coverage_target_course_target_id REFERENCES coverage_target(id) ON DELETE CASCADE,
      course_id uuid NOT NULL CONSTRAINT fk_coverage_target_course_course_id REFERENCES course(id),
      CONSTRAINT pk_coverage_target_course PRIMARY KEY (target_id, course_id)
    )`);
    await q.query(`CREATE INDEX idx_coverage_target_course_course_id ON coverage_target_course (course_id)`);
    await q.query(`INSERT INTO coverage_target (role_id, percent, deadline)
      SELECT id, CASE code WHEN 'SOCIO_POLITICAL_KEY' THEN 70 ELSE 100 END, DATE '2028-12-31' FROM role
       WHERE code IN ('HR_OFFICIAL', 'ICT_MANAGER', 'PRESS_FOREIGN_INFO', 'SOCIO_POLITICAL_KEY')`);

    // role_key: a role id, or the nil uuid for "all roles" (each person once). valid_to 'infinity' = still open.
    await q.query(`CREATE TABLE coverage_fact (
      person_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      role_key uuid NOT NULL,
      valid_from date NOT NULL,
      valid_to date NOT NULL,
      trained boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_coverage_fact_person_id ON coverage_fact (person_id)`);
    await q.query(`CREATE INDEX idx_coverage_fact_unit_id_role_key ON coverage_fact (unit_id, role_key, valid_from)`);
    await q.query(`CREATE TABLE coverage_unit_self (
      unit_id uuid NOT NULL,
      role_key uuid NOT NULL,
      named int NOT NULL,
      trained int NOT NULL,
      headcount int NOT NULL,
      declared_not_named int NOT NULL,
      CONSTRAINT pk_coverage_unit_self PRIMARY KEY (unit_id, role_key)
    )`);
    await q.query(`CREATE TABLE coverage_rollup (
      unit_id uuid NOT NULL,
      role_key uuid NOT NULL,
      parent_id uuid,
      named int NOT NULL,
      trained int NOT NULL,
      headcount int NOT NULL,
      declared_not_named int NOT NULL,
      CONSTRAINT pk_coverage_rollup PRIMARY KEY (unit_id, role_key)
    )`);
    await q.query(`CREATE INDEX idx_coverage_rollup_parent_id ON coverage_rollup (parent_id, role_key)`);
    await q.query(`CREATE TABLE coverage_snapshot (
      month_end date NOT NULL,
      unit_id uuid NOT NULL,
      role_key uuid NOT NULL,
      parent_id uuid,
      named int NOT NULL,
      trained int NOT NULL,
      headcount int NOT NULL,
      declared_not_named int NOT NULL,
      CONSTRAINT pk_coverage_snapshot PRIMARY KEY (month_end, unit_id, role_key)
    )`);
    await q.query(`CREATE INDEX idx_coverage_snapshot_unit_id ON coverage_snapshot (unit_id, role_key, month_end)`);
    await q.query(`CREATE INDEX idx_coverage_snapshot_parent_id ON coverage_snapshot (month_end, parent_id, role_key)`);
    // The month ends whose snapshot is complete.
    await q.query(`CREATE TABLE coverage_snapshot_month (
      month_end date NOT NULL CONSTRAINT pk_coverage_snapshot_month PRIMARY KEY,
      taken_at timestamptz NOT NULL
    )`);
    // One row: the rollup's day, when it was last brought up to date, and the targets' version folded into facts.
    await q.query(`CREATE TABLE coverage_state (
      id int NOT NULL CONSTRAINT pk_coverage_state PRIMARY KEY CONSTRAINT ck_coverage_state_id CHECK (id = 1),
      rollup_day date,
      refreshed_at timestamptz,
      targets_version int NOT NULL DEFAULT 1,
      folded_targets_version int NOT NULL DEFAULT 0
    )`);
    await q.query(`INSERT INTO coverage_state (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'coverage_state',
      'coverage_snapshot_month',
      'coverage_snapshot',
      'coverage_rollup',
      'coverage_unit_self',
      'coverage_fact',
      'coverage_target_course',
      'coverage_target',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
