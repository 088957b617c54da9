import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The roster rule ("on the roster on day D": a membership open on D and an 'active' status period on D) has one
 * definition, onRosterOn in ./sql-fragments.ts. This test reads the source tree and fails on any other query that
 * reads person_status_period and tests its status for 'active', which is the rule's telltale: use onRosterOn (or
 * personOnRosterOn) from @app/org instead.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const FRAGMENTS = join(__dirname, 'sql-fragments.ts');
const SEARCHED = ['apps', 'libs', 'test', 'scripts', 'migrations'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.data', 'test-artifacts']);

/** A read of the status periods (FROM/JOIN) followed, within the same statement, by a test for 'active'. */
const TELLTALE = /\b(?:FROM|JOIN)\s+person_status_period\b[^;`]{0,400}?\bstatus\s*=\s*'active'/i;

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|sql)$/.test(e.name) ? [path] : [];
  });
}

describe('the roster rule has one definition', () => {
  it('recognises the rule where it is written (the fragment) and in a pasted copy', () => {
    expect(readFileSync(FRAGMENTS, 'utf8')).toMatch(TELLTALE);
    const copy = `JOIN person_membership m ON m.valid_to IS NULL
      AND EXISTS (SELECT 1 FROM person_status_period s WHERE s.person_id = m.person_id AND s.status = 'active')`;
    expect(copy).toMatch(TELLTALE);
    // Writing a status period is no copy of the rule.
    expect(`INSERT INTO person_status_period (person_id, status, valid_from) VALUES ($1, 'active', $2)`).not.toMatch(
      TELLTALE,
    );
  });

  it('finds no copy of it outside libs/org/src/access/sql-fragments.ts', () => {
    const self = __filename;
    const files = SEARCHED.flatMap((d) => sourceFiles(join(ROOT, d))).filter((f) => f !== FRAGMENTS && f !== self);
    expect(files.length).toBeGreaterThan(100);
    const copies = files.filter((f) => TELLTALE.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(copies).toEqual([]);
  });
});
