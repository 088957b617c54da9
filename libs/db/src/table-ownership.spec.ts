import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_OWNERS } from '../../../migrations/table-owners';

const ROOT = join(__dirname, '..', '..', '..');

/** A statement that writes `table` (uppercase keywords, as all SQL here is written), at a line of a file. */
export interface TableWrite {
  table: string;
  line: number;
  statement: string;
}

// INSERT INTO t, UPDATE t, DELETE FROM t, COPY t, TRUNCATE [TABLE] t, MERGE INTO t. Not `FOR UPDATE OF t`,
// `DO UPDATE SET` or `FOR UPDATE SKIP LOCKED` (no table follows), nor `${…}` names (checked at their constant).
const WRITE =
  /\b(INSERT\s+INTO|(?<!FOR\s)(?<!DO\s)UPDATE|DELETE\s+FROM|COPY|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO)\s+([a-z_][a-z0-9_]*)\b/g;
const NOT_A_TABLE = new Set(['of', 'set', 'skip', 'nowait']);

/** The tables a piece of source text writes to. */
export function tableWrites(source: string): TableWrite[] {
  const writes: TableWrite[] = [];
  for (const m of source.matchAll(WRITE)) {
    if (NOT_A_TABLE.has(m[2])) continue;
    const line = source.slice(0, m.index).split('\n').length;
    writes.push({ table: m[2], line, statement: m[1].replace(/\s+/g, ' ') });
  }
  return writes;
}

/**
 * Writes to another library's table that cannot go through its owner, each with the reason. Keep it empty; an
 * entry is `<lib>:<table>`.
 */
const ALLOWED_FOREIGN_WRITES: Readonly<Record<string, string>> = {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(path) ? [path] : [];
  });
}

const createdTables = (): string[] =>
  readdirSync(join(ROOT, 'migrations'))
    .filter((f) => /^\d+-.+\.ts$/.test(f))
    .flatMap((f) =>
      [...readFileSync(join(ROOT, 'migrations', f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g)].map(
        (m) => m[1],
      ),
    );

describe('table ownership', () => {
  const libraries = readdirSync(join(ROOT, 'libs'));

  it('knows the owner of every table a migration creates, and each owner is a library', () => {
    const created = new Set(createdTables());
    expect([...created].filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !created.has(t))).toEqual([]);
    expect([...new Set(Object.values(TABLE_OWNERS))].filter((lib) => !libraries.includes(lib))).toEqual([]);
  });

  it("finds no library SQL that writes another library's table", () => {
    const foreign: string[] = [];
    for (const lib of libraries) {
      for (const file of filesUnder(join(ROOT, 'libs', lib, 'src'))) {
        for (const w of tableWrites(readFileSync(file, 'utf8'))) {
          const owner = TABLE_OWNERS[w.table];
          if (!owner || owner === lib || `${lib}:${w.table}` in ALLOWED_FOREIGN_WRITES) continue;
          foreign.push(`${relative(ROOT, file)}:${w.line} ${w.statement} ${w.table} (owned by ${owner})`);
        }
      }
    }
    expect(foreign).toEqual([]);
  });

  it('recognises writes in the forms the code uses, and not the locking clauses', () => {
    const sql = `INSERT INTO person (id) VALUES ($1);
      UPDATE account SET x = 1 FROM account_grant g;
      DELETE FROM web_session WHERE id = $1;
      SELECT 1 FROM job_run FOR UPDATE OF job_run SKIP LOCKED;
      INSERT INTO lesson_progress (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2;
      SELECT 1 FROM outbox_message FOR UPDATE SKIP LOCKED;
      COPY audit_log FROM STDIN;
      TRUNCATE TABLE course`;
    expect(tableWrites(sql).map((w) => `${w.statement} ${w.table}`)).toEqual([
      'INSERT INTO person',
      'UPDATE account',
      'DELETE FROM web_session',
      'INSERT INTO lesson_progress',
      'COPY audit_log',
      'TRUNCATE TABLE course',
    ]);
  });
});
