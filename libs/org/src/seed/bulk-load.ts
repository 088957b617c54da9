import type { EntityManager } from 'typeorm';

/** The roster tables a large seed fills: their foreign keys and plain indexes are set aside while it loads. */
const ROSTER_TABLES = ['person', 'person_membership', 'person_role', 'person_status_period', 'roster_change'];
/** The unit tables: only their foreign keys (the closure index serves the load itself). */
const UNIT_TABLES = ['org_unit_version', 'org_unit_closure'];

interface Definition {
  table: string;
  name: string;
  def: string;
}

/**
 * Drops the foreign keys of the roster and unit tables and the non-unique indexes of the roster tables, inside the caller's transaction, and
 * returns the function that puts them back exactly as the catalog had them (pg_get_indexdef/constraintdef):
 * indexes built once over the loaded rows, and each foreign key validated by one join instead of a check per row,
 * which is what pg_restore does. Primary keys and unique constraints stay, so duplicates still fail at once.
 * Takes ACCESS EXCLUSIVE locks on the tables until commit: for the CLI's large sizes, not for a running app.
 */
export async function setAsideConstraints(m: EntityManager): Promise<() => Promise<void>> {
  const fks = await m.query<Definition[]>(
    `SELECT c.conrelid::regclass::text AS "table", quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.conrelid = ANY($1::regclass[])
      ORDER BY c.conname`,
    [[...ROSTER_TABLES, ...UNIT_TABLES]],
  );
  const indexes = await m.query<Definition[]>(
    `SELECT i.indrelid::regclass::text AS "table", i.indexrelid::regclass::text AS name,
            pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 2`,
    [ROSTER_TABLES],
  );
  for (const fk of fks) await m.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await m.query(`DROP INDEX ${index.name}`);
  return async () => {
    await m.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const index of indexes) await m.query(index.def);
    for (const fk of fks) await m.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
  };
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A PostgreSQL array literal ('{"a","b",NULL}', '{1,NULL}'), passed as one text parameter and cast in SQL
 * (`$1::text[]`, `$1::uuid[]`, `$1::date[]`): several times faster than the driver's own array encoding.
 */
export function pgArray(values: ReadonlyArray<string | number | null>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
