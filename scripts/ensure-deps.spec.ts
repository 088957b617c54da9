import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script (no build step), CommonJS
const { staleness } = require('./ensure-deps.js') as { staleness: (root: string) => string | null };

type Packages = Record<string, { version?: string; optional?: boolean; link?: boolean }>;

describe('ensure-deps: does node_modules hold what package-lock.json locks?', () => {
  let root: string;
  const write = (locked: Packages, installed: Packages | null): void => {
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages: { '': {}, ...locked } }));
    rmSync(join(root, 'node_modules'), { recursive: true, force: true });
    if (installed === null) return;
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ packages: installed }));
  };
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'moc-deps-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const locked: Packages = {
    'node_modules/pg': { version: '8.23.1' },
    'node_modules/@swc/core-darwin-arm64': { version: '1.16.22', optional: true },
    'node_modules/@app/local': { link: true },
  };

  it('is fresh when every locked package is installed at its version (other platforms’ optional ones absent)', () => {
    write(locked, { 'node_modules/pg': { version: '8.23.1' } });
    expect(staleness(root)).toBeNull();
  });

  it('is stale without node_modules, with a package missing, or at another version', () => {
    write(locked, null);
    expect(staleness(root)).toBe('node_modules is missing');
    write(locked, {});
    expect(staleness(root)).toBe('node_modules/pg is missing');
    write(locked, { 'node_modules/pg': { version: '8.20.0' } });
    expect(staleness(root)).toBe('node_modules/pg is 8.20.0, locked 8.23.1');
  });
});
