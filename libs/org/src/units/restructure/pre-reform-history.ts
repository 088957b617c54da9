import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError, Permission, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { EntityManager } from 'typeorm';
import { OrgUnitRepository } from '../org-unit.repository';
import {
  isOldUnitCode,
  officialList,
  oldCommuneUnitCode,
  oldProvinceUnitCode,
  REFORM_DATE,
  ReformLink,
  reformMapping,
} from '../official/official-list';
import { officialCommuneUnitCode, officialProvinceUnitCode } from '../official/official-units-loader';
import { ROOT_UNIT_CODE, UnitType } from '../unit-type';
import { PlanRow } from './plan-rows';
import { RestructureEngine, RestructureReport } from './restructure.engine';
import { RestructureRepository } from './restructure.repository';

/** One row of vn-units-2025-mapping.csv, as libs/org's official list reads it. */
export type ReformMappingRow = ReformLink;

/** One official unit in force from 1 July 2025 (a province's parentCode is ''). */
export interface OfficialUnitRow {
  code: string;
  name: string;
  type: string;
  parentCode: string;
}

/**
 * The unit code (org_unit.code) of an official unit in force from 1 July 2025: the official-list loader's
 * ("VL", "VL-29239"); of a unit before the reform, the `national-2024` seed's ("CVL", "CVL-29239"). Both keep
 * the official code in admin_code.
 */
export function newUnitCode(adminCode: string): string {
  const parent = officialUnits().find((u) => u.code === adminCode)?.parentCode;
  if (parent === undefined) throw new Error(`${adminCode} is not an official unit`);
  return parent === '' ? officialProvinceUnitCode(adminCode) : officialCommuneUnitCode(parent, adminCode);
}
export const oldUnitCode = (level: 'province' | 'commune', adminCode: string): string =>
  level === 'province' ? oldProvinceUnitCode(adminCode) : oldCommuneUnitCode(adminCode);

let unitsCache: OfficialUnitRow[] | null = null;

/** The official units in force from 1 July 2025 (provinces, then communes), from the official list. */
export function officialUnits(): OfficialUnitRow[] {
  const { provinces, communes } = officialList();
  unitsCache ??= [...provinces, ...communes].map((u) => ({
    code: u.code,
    name: u.name,
    type: u.kind,
    parentCode: u.parentCode ?? '',
  }));
  return unitsCache;
}

/** The old provinces and communes of one new province, and the plan rows of its reform (one date). */
export function reformOfProvince(provinceCode: string): {
  province: OfficialUnitRow;
  oldProvinces: ReformMappingRow[];
  oldCommunes: ReformMappingRow[];
  rows: PlanRow[];
} {
  const units = officialUnits();
  const province = units.find((u) => u.code === provinceCode && u.parentCode === '');
  if (!province) {
    throw new ValidationError(`province: ${provinceCode} is not one of the 34 official provinces`, [
      { field: 'province', reason: 'unknown official province code' },
    ]);
  }
  const communes = new Set(units.filter((u) => u.parentCode === provinceCode).map((u) => u.code));
  const mapping = reformMapping();
  const oldProvinces = mapping.filter((r) => r.level === 'province' && r.newCode === provinceCode);
  const olds = new Set(oldProvinces.map((p) => p.oldCode));
  // Communes that crossed a province border (a handful, partial) are left to their old province's own load.
  const oldCommunes = mapping.filter(
    (r) => r.level === 'commune' && communes.has(r.newCode) && olds.has(r.oldProvinceCode ?? ''),
  );
  return { province, oldProvinces, oldCommunes, rows: planRowsOf(oldProvinces, oldCommunes) };
}

/** Plan rows (the plan engine's input) for mapping rows: provinces and communes, new communes under their province. */
export function planRowsOf(oldProvinces: ReformMappingRow[], oldCommunes: ReformMappingRow[]): PlanRow[] {
  const parentOf = new Map(officialUnits().map((u) => [u.code, u.parentCode]));
  let row = 1;
  const base = { effectiveFrom: REFORM_DATE, people: [] as string[] };
  return [
    ...oldProvinces.map((p) => ({
      ...base,
      row: ++row,
      oldCode: oldProvinceUnitCode(p.oldCode),
      newCode: officialProvinceUnitCode(p.newCode),
      newName: p.newName,
      kind: p.kind,
      newParentCode: null,
    })),
    ...oldCommunes.map((c) => {
      const province = parentOf.get(c.newCode)!;
      return {
        ...base,
        row: ++row,
        oldCode: oldCommuneUnitCode(c.oldCode),
        newCode: officialCommuneUnitCode(province, c.newCode),
        newName: c.newName,
        kind: c.kind,
        newParentCode: officialProvinceUnitCode(province),
      };
    }),
  ];
}

/** Official types to unit types (cities are provinces, wards and special zones communes). */
export const unitTypeOf = (officialType: string, level: 'province' | 'commune'): UnitType =>
  level === 'province' || officialType === 'city' || officialType === 'province' ? UnitType.Province : UnitType.Commune;

export interface PreReformHistoryResult {
  provinceCode: string;
  /** True when the old units were already there: nothing was done. */
  alreadyLoaded: boolean;
  oldProvinces: number;
  oldCommunes: number;
  report: RestructureReport | null;
}

/**
 * Item 2 of issue 13: the history of one province before the reform. Creates the old provinces and communes named
 * in the mapping (valid until 30 June 2025, their official codes in admin_code) under the country, then applies the
 * reform on 1 July 2025 through the plan engine (the real merge and split), so the tree as of 2024 shows the old
 * units. Official units already in the database (the official-list loader) are the targets; missing ones are
 * created by the plan. Idempotent: a province whose old units exist is left alone.
 */
@Injectable()
export class PreReformHistory {
  constructor(
    private readonly work: UnitOfWork,
    private readonly engine: RestructureEngine,
    private readonly unitRows: OrgUnitRepository,
    private readonly repo: RestructureRepository,
  ) {}

  async loadPreReformHistory(provinceCode: string, actorId?: string): Promise<PreReformHistoryResult> {
    const { province, oldProvinces, oldCommunes, rows } = reformOfProvince(provinceCode);
    const root = await this.unitRows.findByCode(ROOT_UNIT_CODE);
    if (!root) throw new NotFoundError('the country unit is missing');
    const result = { provinceCode, oldProvinces: oldProvinces.length, oldCommunes: oldCommunes.length };
    if (await this.unitRows.findByCode(oldProvinceUnitCode(oldProvinces[0].oldCode))) {
      return { ...result, alreadyLoaded: true, report: null };
    }
    const actor: Actor = {
      accountId: actorId ?? '00000000-0000-0000-0000-000000000000',
      grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
      via: 'api',
    };
    const report = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      await this.adoptOfficialUnits(m, province.code, rows);
      const provinceIds = new Map<string, string>();
      for (const p of oldProvinces) {
        const u = await this.unitRows.insert(m, {
          code: oldProvinceUnitCode(p.oldCode),
          name: p.oldName,
          type: UnitType.Province,
          parentId: root.id,
        });
        await this.repo.setAdminCode(m, u.id, p.oldCode);
        provinceIds.set(p.oldCode, u.id);
      }
      const seen = new Set<string>();
      for (const c of oldCommunes) {
        if (seen.has(c.oldCode)) continue;
        seen.add(c.oldCode);
        const u = await this.unitRows.insert(m, {
          code: oldCommuneUnitCode(c.oldCode),
          name: c.oldName,
          type: c.oldCode.length === 3 ? UnitType.District : UnitType.Commune,
          parentId: provinceIds.get(c.oldProvinceCode ?? '')!,
        });
        await this.repo.setAdminCode(m, u.id, c.oldCode);
      }
      const done = await this.engine.apply(tx, rows, 'first_for_review');
      await this.repo.setAdminCodes(m, newUnitCodes(province.code));
      await tx.audit({
        action: 'unit.pre_reform_history',
        entity: 'org_unit',
        entityId: root.id,
        details: { provinceCode, oldProvinces: oldProvinces.length, oldCommunes: seen.size, created: done.created },
      });
      return done;
    });
    return { ...result, oldCommunes: new Set(oldCommunes.map((c) => c.oldCode)).size, alreadyLoaded: false, report };
  }

  /**
   * Official units already in the database under another unit code (found by admin_code, active, and not the
   * pre-reform unit with the same official code) become the plan's targets: the plan's new codes are rewritten.
   */
  private async adoptOfficialUnits(m: EntityManager, provinceCode: string, rows: PlanRow[]): Promise<void> {
    const official = newUnitCodes(provinceCode);
    const found = await this.repo.activeByAdminCodes(m, [...official.values()]);
    const unitCode = new Map<string, string>();
    for (const f of found) {
      if (!isOldUnitCode(f.code, f.adminCode)) unitCode.set(newUnitCode(f.adminCode), f.code);
    }
    for (const r of rows) {
      r.newCode = unitCode.get(r.newCode) ?? r.newCode;
      if (r.newParentCode) r.newParentCode = unitCode.get(r.newParentCode) ?? r.newParentCode;
    }
  }
}

/** The official units of a new province: unit code → official code. */
function newUnitCodes(provinceCode: string): Map<string, string> {
  const codes = [
    provinceCode,
    ...officialUnits()
      .filter((u) => u.parentCode === provinceCode)
      .map((u) => u.code),
  ];
  return new Map(codes.map((c) => [newUnitCode(c), c]));
}
