#!/usr/bin/env node
// Installs the locked dependencies when node_modules is missing or does not match the lockfile, so `npm start`
// and `npm test` work on a fresh clone. Uses only Node built-ins.
// `npm ci`: it installs exactly package-lock.json and never writes it, so a start leaves `git status` clean (the
// lockfile records every platform's optional binaries, which `npm ci` requires).
'use strict';
const { existsSync, lstatSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

/** Why `root`'s node_modules needs installing, or null when it holds what the lockfile locks. */
function staleness(root) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  const want = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(installed, 'utf8')).packages ?? {};
  for (const [path, pkg] of Object.entries(want)) {
    // The root entry, and other platforms' optional binaries, which npm does not install here.
    if (path === '' || pkg.link) continue;
    if (!have[path]) {
      if (pkg.optional) continue;
      return `${path} is missing`;
    }
    if (have[path].version !== pkg.version) return `${path} is ${have[path].version}, locked ${pkg.version}`;
  }
  return null;
}

function main() {
  const root = join(__dirname, '..');
  const modules = join(root, 'node_modules');
  const reason = staleness(root);
  if (!reason) return;
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    // A checkout borrowing another one's node_modules (a git worktree): reinstalling would change the other's.
    process.stderr.write(`node_modules (a link) does not match package-lock.json (${reason}): not reinstalling.\n`);
  } else {
    process.stderr.write(`Installing dependencies (npm ci: ${reason})…\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

if (require.main === module) main();
module.exports = { staleness };
