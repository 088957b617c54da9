// `npm run units:load-official [-- --province <code>] [--dry-run] [--effective-from <yyyy-mm-dd>] [--json]`
// Loads the official administrative units of 1 July 2025 (data/units: 34 provinces and cities, 3,321 communes,
// wards and special zones) under the country unit: creates the missing ones with their official code (admin_code),
// renames, from --effective-from (default today), those whose official name changed, never duplicates, and reports
// what it did and what in the database is not in the list. --province takes an official code (86) or a unit code
// (VL). --dry-run writes nothing. Works against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR.
// Exit codes: 0 done, 1 failed, 2 bad arguments or configuration.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from '@app/audit';
import { AppConfig, Clock, ConfigError, DomainError, effectiveDate, isCalendarDate } from '@app/common';
import { formatOfficialLoadReport, isEmptyLoad, loadOfficialUnits, officialLoadSummary } from '@app/org';
import { loadScriptConfig, withDatabase } from './script-database';

const USAGE =
  'usage: npm run units:load-official -- [--province <official or unit code>] [--dry-run] [--effective-from <yyyy-mm-dd>] [--json]';

async function main(): Promise<number> {
  let args: { province?: string; 'dry-run'?: boolean; 'effective-from'?: string; json?: boolean };
  let config: AppConfig;
  let on: string;
  try {
    args = parseArgs({
      options: {
        province: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'effective-from': { type: 'string' },
        json: { type: 'boolean' },
      },
    }).values;
    const given = args['effective-from'];
    if (given !== undefined && !isCalendarDate(given)) throw new Error('--effective-from: not a yyyy-mm-dd date');
    on = effectiveDate(given, new Clock().today(), '--effective-from');
    config = loadScriptConfig('units-load-official');
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const dryRun = args['dry-run'] ?? false;
  try {
    return await withDatabase(config, (ds) =>
      ds.transaction(async (m) => {
        const report = await loadOfficialUnits(m, {
          province: args.province,
          effectiveFrom: on,
          dryRun,
          actorAccountId: null,
        });
        if (!dryRun && !isEmptyLoad(report)) {
          const [root] = await m.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`);
          const details = { ...officialLoadSummary(report), via: 'cli' };
          await new AuditService(ds).record(
            { action: 'unit.load_official', entity: 'org_unit', entityId: root.id, details },
            {},
            m,
          );
        }
        console.log(args.json ? JSON.stringify(report) : formatOfficialLoadReport(report));
        return 0;
      }),
    );
  } catch (e) {
    if (e instanceof DomainError && e.status === 400) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`units:load-official failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
