import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
// eslint.config.mjs reads the same declaration (import-x/no-restricted-paths); this spec runs it in npm test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEPENDENCIES = require('../../../library-dependencies.cjs') as Record<string, string[]>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(path) ? [path] : [];
  });
}

/** The libraries a source file imports (`from '@app/<lib>'`, `import('@app/<lib>')`). */
export const importedLibraries = (source: string): string[] => [
  ...new Set([...source.matchAll(/(?:from\s+|import\(\s*)'@app\/([a-z]+)/g)].map((m) => m[1])),
];

describe('dependency direction between libraries (library-dependencies.cjs)', () => {
  const libraries = readdirSync(join(ROOT, 'libs')).filter((d) => statSync(join(ROOT, 'libs', d)).isDirectory());

  it('declares every library, and only allows libraries that exist, without cycles', () => {
    expect(Object.keys(DEPENDENCIES).sort()).toEqual([...libraries].sort());
    for (const deps of Object.values(DEPENDENCIES)) expect(deps.filter((d) => !libraries.includes(d))).toEqual([]);
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      DEPENDENCIES[from].some((d) => d === to || (!seen.has(d) && (seen.add(d), reaches(d, to, seen))));
    expect(libraries.filter((lib) => reaches(lib, lib))).toEqual([]);
  });

  it('finds no library importing one it may not, nor an app', () => {
    const wrong: string[] = [];
    for (const lib of libraries) {
      for (const file of filesUnder(join(ROOT, 'libs', lib, 'src'))) {
        const source = readFileSync(file, 'utf8');
        for (const used of importedLibraries(source)) {
          if (used !== lib && !DEPENDENCIES[lib].includes(used)) {
            wrong.push(`${relative(ROOT, file)} imports @app/${used}`);
          }
        }
        if (/from\s+'(?:\.\.\/)+apps\//.test(source)) wrong.push(`${relative(ROOT, file)} imports an app`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads the imports of a file', () => {
    const source = `import { A } from '@app/org';\nimport type { B } from '@app/common';\nconst c = import('@app/learning');`;
    expect(importedLibraries(source)).toEqual(['org', 'common', 'learning']);
  });
});
