import type { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { RosterChangeLog } from '../../changes/roster-change-log';
import { PROVINCES } from '../../seed/provinces';
import { UnitHistoryRepository } from '../unit-history.repository';
import { ROOT_UNIT_CODE, UnitType } from '../unit-type';
import { isOldUnitCode, OfficialList, officialList, OfficialUnit, REFORM_DATE } from './official-list';

export interface OfficialLoadOptions {
  /** One province only: its official code ("86") or its unit code ("VL"); every province when absent. */
  province?: string;
  /** The day renames take effect (YYYY-MM-DD, already validated). */
  effectiveFrom: string;
  /** Plan only: nothing is written. */
  dryRun: boolean;
  /** Who renames (org_unit_version.changed_by); null from the command line. */
  actorAccountId: string | null;
}

export interface OfficialUnitRef {
  code: string;
  adminCode: string | null;
  name: string;
  type: string;
}

export interface OfficialLoadReport {
  dryRun: boolean;
  province: string | null;
  effectiveFrom: string;
  /** Official units in the part of the list loaded. */
  listed: { provinces: number; communes: number };
  /** Units created (or that would be), with their unit code and official code. */
  created: Array<{ code: string; adminCode: string; name: string; level: 'province' | 'commune' }>;
  /** Units renamed to their official name, from the effective date. */
  renamed: Array<{ code: string; adminCode: string; from: string; to: string }>;
  /** Units with the expected unit code and no official code, which get the official code. */
  adopted: Array<{ code: string; adminCode: string }>;
  /** Official units that could not be loaded (their expected code is taken by another unit). */
  conflicts: Array<{ adminCode: string; name: string; reason: string }>;
  /** Communes found under another parent than their official province (left where they are). */
  elsewhere: Array<{ code: string; adminCode: string; name: string }>;
  /** Active provinces and communes in the database that are not in the official list. */
  notInList: OfficialUnitRef[];
  /** Official units already in the database with their official name. */
  unchanged: number;
}

export const isEmptyLoad = (r: OfficialLoadReport): boolean =>
  r.created.length === 0 && r.renamed.length === 0 && r.adopted.length === 0;

interface DbUnit {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  parentId: string | null;
  adminCode: string | null;
}

const LETTERS = new Map(PROVINCES.map((p) => [p.adminCode, p.code]));

/** The unit code an official province gets: the letters of provinces.ts ("VL"), or "DVHC-<code>" for another. */
export const officialProvinceUnitCode = (adminCode: string): string => LETTERS.get(adminCode) ?? `DVHC-${adminCode}`;

/** The unit code an official commune gets: its province's letters and its official code ("VL-29239"). */
export const officialCommuneUnitCode = (provinceAdminCode: string, adminCode: string): string =>
  `${officialProvinceUnitCode(provinceAdminCode)}-${adminCode}`;

/** The part of the official list to load: every province, or the one named by its official or unit code. */
export function officialSelection(list: OfficialList, province?: string): OfficialList {
  if (!province) return list;
  const wanted = province.trim().toUpperCase();
  const found = list.provinces.find((p) => p.code === wanted || officialProvinceUnitCode(p.code) === wanted);
  if (!found) {
    throw new ValidationError(`province: ${province} is not an official province code (e.g. 86 or VL)`, [
      { field: 'province', reason: 'not an official province code' },
    ]);
  }
  return { provinces: [found], communes: list.communes.filter((c) => c.parentCode === found.code) };
}

const LOCK_KEY = 0x6d6f63_0d; // one loader at a time (pg_advisory_xact_lock)

/**
 * Loads the official administrative units (data/units) into the tree, in the caller's transaction: creates the
 * missing provinces under the country unit and the missing communes under their province, each with its official
 * code (admin_code) and opened on 1 July 2025; renames, through the unit history, the ones whose official name
 * changed; never duplicates (units are found by their official code, then by the expected unit code); and lists
 * what in the database is not in the list. With `dryRun` it only reads. Running it twice changes nothing.
 */
export async function loadOfficialUnits(m: EntityManager, options: OfficialLoadOptions): Promise<OfficialLoadReport> {
  const selection = officialSelection(officialList(), options.province);
  await m.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_KEY]);
  const [root] = await m.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = $1`, [ROOT_UNIT_CODE]);
  if (!root) throw new Error('the country unit is missing: run the migrations');
  const report: OfficialLoadReport = {
    dryRun: options.dryRun,
    province: options.province ? selection.provinces[0].code : null,
    effectiveFrom: options.effectiveFrom,
    listed: { provinces: selection.provinces.length, communes: selection.communes.length },
    created: [],
    renamed: [],
    adopted: [],
    conflicts: [],
    elsewhere: [],
    notInList: [],
    unchanged: 0,
  };

  const expectedCodes = [
    ...selection.provinces.map((p) => officialProvinceUnitCode(p.code)),
    ...selection.communes.map((c) => officialCommuneUnitCode(c.parentCode ?? '', c.code)),
  ];
  const existing = await m.query<DbUnit[]>(
    `SELECT id, code, name, type, parent_id AS "parentId", admin_code AS "adminCode"
       FROM org_unit
      WHERE status = 'active' AND type IN ('province', 'commune')
        AND (admin_code = ANY($1::text[]) OR code = ANY($2::text[]))`,
    [[...selection.provinces, ...selection.communes].map((u) => u.code), expectedCodes],
  );
  const byAdmin = new Map<string, DbUnit>();
  // A unit before the reform may carry the same official code (a new commune often keeps an old one's code).
  for (const u of existing) {
    if (u.adminCode && !isOldUnitCode(u.code, u.adminCode)) byAdmin.set(`${u.type}:${u.adminCode}`, u);
  }
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const takenCodes = new Set(
    (
      await m.query<Array<{ code: string }>>(`SELECT code FROM org_unit WHERE code = ANY($1::text[])`, [expectedCodes])
    ).map((r) => r.code),
  );

  /** The unit standing for an official one, or null (and whether its expected code is free). */
  const match = (unit: OfficialUnit, type: UnitType, code: string): DbUnit | 'taken' | null => {
    const found = byAdmin.get(`${type}:${unit.code}`);
    if (found) return found;
    const sameCode = byCode.get(code);
    if (sameCode && sameCode.type === type && !sameCode.adminCode) {
      report.adopted.push({ code, adminCode: unit.code });
      sameCode.adminCode = unit.code;
      return sameCode;
    }
    return takenCodes.has(code) ? 'taken' : null;
  };
  const renames: Array<{ unit: DbUnit; to: string }> = [];
  const compare = (unit: OfficialUnit, found: DbUnit): void => {
    if (found.name !== unit.name) {
      renames.push({ unit: found, to: unit.name });
      report.renamed.push({ code: found.code, adminCode: unit.code, from: found.name, to: unit.name });
    } else report.unchanged++;
  };

  // Provinces: their unit id (found or planned) by official code.
  const provinceIds = new Map<string, string | null>();
  const newProvinces: Array<{ code: string; unit: OfficialUnit }> = [];
  for (const p of selection.provinces) {
    const code = officialProvinceUnitCode(p.code);
    const found = match(p, UnitType.Province, code);
    if (found === 'taken') {
      report.conflicts.push({ adminCode: p.code, name: p.name, reason: `unit code ${code} is taken by another unit` });
      continue;
    }
    if (found) {
      compare(p, found);
      provinceIds.set(p.code, found.id);
    } else {
      newProvinces.push({ code, unit: p });
      provinceIds.set(p.code, null);
      report.created.push({ code, adminCode: p.code, name: p.name, level: 'province' });
    }
  }
  const newCommunes: Array<{ code: string; unit: OfficialUnit }> = [];
  for (const c of selection.communes) {
    const parentCode = c.parentCode ?? '';
    if (!provinceIds.has(parentCode)) {
      report.conflicts.push({ adminCode: c.code, name: c.name, reason: `its province ${parentCode} is not loaded` });
      continue;
    }
    const code = officialCommuneUnitCode(parentCode, c.code);
    const found = match(c, UnitType.Commune, code);
    if (found === 'taken') {
      report.conflicts.push({ adminCode: c.code, name: c.name, reason: `unit code ${code} is taken by another unit` });
      continue;
    }
    if (found) {
      compare(c, found);
      const provinceId = provinceIds.get(parentCode);
      if (found.parentId !== provinceId) report.elsewhere.push({ code: found.code, adminCode: c.code, name: c.name });
    } else {
      newCommunes.push({ code, unit: c });
      report.created.push({ code, adminCode: c.code, name: c.name, level: 'commune' });
    }
  }
  report.notInList = await notInList(m, selection, root.id, !options.province);

  if (options.dryRun) return report;

  const adopted = report.adopted.map((a) => a.code);
  if (adopted.length) {
    await m.query(
      `UPDATE org_unit SET admin_code = x.admin_code, updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS x(code, admin_code) WHERE org_unit.code = x.code`,
      [adopted, report.adopted.map((a) => a.adminCode)],
    );
  }
  const provinceRows = newProvinces.map(({ code, unit }) => ({ code, unit, parentId: root.id }));
  const createdProvinces = await insertOfficialUnits(m, UnitType.Province, provinceRows);
  for (const [adminCode, id] of createdProvinces) provinceIds.set(adminCode, id);
  const communeRows = newCommunes.map(({ code, unit }) => ({
    code,
    unit,
    parentId: provinceIds.get(unit.parentCode ?? '') as string,
  }));
  await insertOfficialUnits(m, UnitType.Commune, communeRows);

  const history = new UnitHistoryRepository(m.connection);
  for (const { unit, to } of renames) {
    const state = await history.lockState(m, unit.id);
    if (!state) continue;
    // The history code's rule: a change never starts before the unit's current state.
    const on = options.effectiveFrom < state.versionFrom ? state.versionFrom : options.effectiveFrom;
    await history.rename(m, unit.id, to);
    await history.newVersion(m, unit.id, on, 'rename', options.actorAccountId);
    await RosterChangeLog.append(m, [
      { kind: 'unit_renamed', effectiveFrom: on, unitId: unit.id, payload: { official: true } },
    ]);
  }
  return report;
}

/** Creates the units (one statement: the unit, its first version from 1 July 2025, its closure rows). */
async function insertOfficialUnits(
  m: EntityManager,
  type: UnitType,
  rows: Array<{ code: string; unit: OfficialUnit; parentId: string }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const created = await m.query<Array<{ id: string; admin_code: string }>>(
      `WITH x AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS x(code, name, parent_id, admin_code)
       ), u AS (
         INSERT INTO org_unit (code, name, type, parent_id, opened_on, admin_code)
         SELECT code, name, $5, parent_id, $6::date, admin_code FROM x
         RETURNING id, code, name, type, parent_id, opened_on, admin_code
       ), v AS (
         INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
         SELECT id, opened_on, code, name, type, parent_id, 'create' FROM u
       ), c AS (
         INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
         SELECT c.ancestor_id, u.id, c.depth + 1 FROM u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
         UNION ALL SELECT u.id, u.id, 0 FROM u
       )
       SELECT id, admin_code FROM u`,
      [
        part.map((r) => r.code),
        part.map((r) => r.unit.name),
        part.map((r) => r.parentId),
        part.map((r) => r.unit.code),
        type,
        REFORM_DATE,
      ],
    );
    for (const r of created) ids.set(r.admin_code, r.id);
  }
  return ids;
}

/**
 * Active provinces and communes that are not in the official list: every province and commune for the whole list;
 * for one province, the communes under it.
 */
async function notInList(
  m: EntityManager,
  selection: OfficialList,
  rootId: string,
  whole: boolean,
): Promise<OfficialUnitRef[]> {
  const provinceCodes = selection.provinces.map((p) => p.code);
  const communeCodes = selection.communes.map((c) => c.code);
  return m.query<OfficialUnitRef[]>(
    `SELECT u.code, u.admin_code AS "adminCode", u.name, u.type
       FROM org_unit u
      WHERE u.status = 'active'
        AND ((u.type = 'province' AND $4 AND (u.admin_code IS NULL OR NOT u.admin_code = ANY($1::text[])))
          OR (u.type = 'commune' AND (u.admin_code IS NULL OR NOT u.admin_code = ANY($2::text[]))
              AND ($4 OR EXISTS (SELECT 1 FROM org_unit_closure c JOIN org_unit p ON p.id = c.ancestor_id
                                  WHERE c.descendant_id = u.id AND p.type = 'province'
                                    AND p.admin_code = ANY($1::text[])))))
        AND EXISTS (SELECT 1 FROM org_unit_closure r WHERE r.ancestor_id = $3 AND r.descendant_id = u.id)
      ORDER BY u.type DESC, u.code`,
    [provinceCodes, communeCodes, rootId, whole],
  );
}

/** The counts of a load, for the audit log and the command line's last line. */
export function officialLoadSummary(r: OfficialLoadReport): Record<string, unknown> {
  return {
    province: r.province,
    effectiveFrom: r.effectiveFrom,
    dryRun: r.dryRun,
    created: {
      provinces: r.created.filter((c) => c.level === 'province').length,
      communes: r.created.filter((c) => c.level === 'commune').length,
    },
    renamed: r.renamed.length,
    adopted: r.adopted.length,
    conflicts: r.conflicts.length,
    elsewhere: r.elsewhere.length,
    notInList: r.notInList.length,
    unchanged: r.unchanged,
  };
}

/** The report as text for the command line: what was (or would be) done, then what is not in the list. */
export function formatOfficialLoadReport(r: OfficialLoadReport, limit = 50): string {
  const lines: string[] = [];
  const verb = r.dryRun ? 'would be' : 'were';
  const scope = r.province ? `province ${r.province}` : 'the whole country';
  lines.push(`Official units (1 July 2025), ${scope}: ${r.listed.provinces} provinces, ${r.listed.communes} communes.`);
  const list = <T>(title: string, items: T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) lines.push(`  ${line(item)}`);
    if (items.length > limit) lines.push(`  … and ${items.length - limit} more`);
  };
  const provinces = r.created.filter((c) => c.level === 'province');
  const communes = r.created.filter((c) => c.level === 'commune');
  lines.push(`Created (${verb}): ${provinces.length} provinces, ${communes.length} communes.`);
  list(`Provinces created`, provinces, (c) => `${c.adminCode} ${c.name} (unit code ${c.code})`);
  list(`Renamed from ${r.effectiveFrom}`, r.renamed, (c) => `${c.adminCode} ${c.from} → ${c.to}`);
  list('Given their official code', r.adopted, (c) => `${c.code} → ${c.adminCode}`);
  list('Not loaded', r.conflicts, (c) => `${c.adminCode} ${c.name}: ${c.reason}`);
  list(
    'Under another parent than their official province (left there)',
    r.elsewhere,
    (c) => `${c.adminCode} ${c.name}`,
  );
  list('In the database but not in the official list', r.notInList, (u) => `${u.code} ${u.name} (${u.type})`);
  lines.push(`Already official and unchanged: ${r.unchanged}.`);
  return lines.join('\n');
}
