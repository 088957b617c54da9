import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrgUnits1763892200000 implements MigrationInterface {
  name = 'OrgUnits1763892200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE org_unit (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_org_unit PRIMARY KEY,
      code varchar(40) NOT NULL CONSTRAINT uq_org_unit_code UNIQUE,
      name varchar(200) NOT NULL,
      type varchar(30) NOT NULL CONSTRAINT ck_org_unit_type CHECK (type IN
        ('country','province','department','district','commune','socio_political_org','press_agency','other')),
      parent_id uuid CONSTRAINT fk_org_unit_parent_id REFERENCES org_unit(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_org_unit_root CHECK (parent_id IS NOT NULL OR type = 'country')
    )`);
    await q.query(`CREATE INDEX idx_org_unit_parent_id ON org_unit (parent_id)`);
    await q.query(`CREATE INDEX idx_org_unit_name_search ON org_unit USING gin (f_search_key(name) gin_trgm_ops)`);
    // Subtree index: one row per (ancestor, descendant), depth 0 for the unit itself.
    await q.query(`CREATE TABLE org_unit_closure (
      ancestor_id uuid NOT NULL CONSTRAINT fk_org_unit_closure_ancestor_id REFERENCES org_unit(id) ON DELETE CASCADE,
      descendant_id uuid NOT NULL CONSTRAINT fk_org_unit_closure_descendant_id REFERENCES org_unit(id) ON DELETE CASCADE,
      depth int NOT NULL,
      CONSTRAINT pk_org_unit_closure PRIMARY KEY (ancestor_id, descendant_id)
    )`);
    await q.query(`CREATE INDEX idx_org_unit_closure_descendant_id ON org_unit_closure (descendant_id)`);
    // The country is the root every scope hangs from.
    await q.query(`INSERT INTO org_unit (code, name, type) VALUES ('VN', 'Việt Nam', 'country')`);
    await q.query(`INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM org_unit`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE org_unit_closure`);
    await q.query(`DROP TABLE org_unit`);
  }
}
