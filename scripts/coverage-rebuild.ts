// `npm run coverage:rebuild [-- --json]`
// Recomputes coverage's facts and today's rollup from the base tables (the roster, certificates, declarations, the
// unit tree and the targets), in one transaction: the same figures as the incremental fold of the change log (the
// property test in test/e2e/coverage checks both against the recount). Month-end snapshots are taken again by the
// upkeep. Works against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (running or not).
// Exit codes: 0 rebuilt, 1 failed, 2 bad configuration.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppConfig, Clock, ConfigError } from '@app/common';
import { rebuildCoverage } from '@app/coverage';
import { loadScriptConfig, withDatabase } from './script-database';

async function main(): Promise<number> {
  let config: AppConfig;
  let json: boolean;
  try {
    json = parseArgs({ options: { json: { type: 'boolean' } } }).values.json ?? false;
    config = loadScriptConfig('coverage-rebuild');
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : (e as Error).message);
    return 2;
  }
  return withDatabase(config, async (ds) => {
    const { ms } = await rebuildCoverage(ds, new Clock().today());
    console.log(json ? JSON.stringify({ rebuildMs: ms }) : `Coverage rebuilt in ${(ms / 1000).toFixed(1)} s.`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
