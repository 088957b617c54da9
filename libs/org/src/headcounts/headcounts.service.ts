import { Injectable } from '@nestjs/common';
import { Actor, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { Policy, scopesFor } from '../access/policy';
import { RolesService } from '../roles/roles.service';
import { UnitResponse } from '../units/dto/unit.dto';
import { OrgUnitsService } from '../units/org-units.service';
import {
  DeclareHeadcountsDto,
  HEADCOUNT_FIRST_YEAR,
  HEADCOUNT_LAST_YEAR,
  HeadcountChangeResponse,
  HeadcountQueryDto,
  HeadcountRow,
  HeadcountUnit,
  UnitHeadcountsResponse,
} from './dto/headcount.dto';
import { HeadcountChange, HeadcountRepository } from './headcount.repository';
import { Declaration, headcountRows, namedAsOf } from './headcount-rows';
import { RosterChangeLog } from '../changes/roster-change-log';

const toUnit = (u: UnitResponse): HeadcountUnit => ({ id: u.id, code: u.code, name: u.name });

/**
 * Declared headcounts: an organiser says how many people a unit has per role and year (the roster is often
 * incomplete); the figures are shown beside the people the roster names. Every change is kept.
 */
@Injectable()
export class HeadcountsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly headcounts: HeadcountRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  /** The unit's figures per role for a year (default this year), and with `children` those of each child unit. */
  async forUnit(actor: Actor, unitId: string, query: HeadcountQueryDto = {}): Promise<UnitHeadcountsResponse> {
    const unit = await this.visible(actor, unitId, Policy.RosterRead);
    const year = query.year ?? this.currentYear();
    const asOf = namedAsOf(year, this.work.today());
    const children = query.children
      ? (await this.units.list(actor, { parentId: unit.id, limit: 500, offset: 0 })).items
      : [];
    const rowsByUnit = await this.rowsFor([unit.id, ...children.map((c) => c.id)], year, asOf);
    return {
      unit: toUnit(unit),
      year,
      asOf,
      rows: rowsByUnit.get(unit.id) ?? [],
      ...(query.children
        ? { children: children.map((c) => ({ unit: toUnit(c), rows: rowsByUnit.get(c.id) ?? [] })) }
        : {}),
    };
  }

  /** Sets the declared headcount of each listed role for the year; unchanged figures write nothing. */
  async declare(
    actor: Actor,
    unitId: string,
    year: number,
    dto: DeclareHeadcountsDto,
  ): Promise<UnitHeadcountsResponse> {
    await this.visible(actor, unitId, Policy.RosterRead);
    if (!(await this.units.canActOn(actor, unitId, Policy.RosterWrite))) {
      throw new ForbiddenError('only organisers and administrators of the unit declare its headcounts');
    }
    this.assertYear(year);
    await this.assertRoles(dto);
    await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      await this.headcounts.lock(m, unitId, year);
      const current = new Map((await this.headcounts.declared([unitId], year, m)).map((d) => [d.roleId, d.headcount]));
      const changes: HeadcountChange[] = dto.items
        .filter((i) => current.get(i.roleId) !== i.headcount)
        .map((i) => ({ roleId: i.roleId, previous: current.get(i.roleId) ?? null, headcount: i.headcount }));
      if (changes.length === 0) return;
      await this.headcounts.save(m, unitId, year, changes, { accountId: actor.accountId, at: tx.now });
      await RosterChangeLog.append(
        m,
        changes.map((c) => ({
          kind: 'headcount_declared',
          effectiveFrom: `${year}-01-01`, // a declaration is for the whole year
          unitId,
          roleId: c.roleId,
          payload: { year, previous: c.previous, headcount: c.headcount },
        })),
      );
      await tx.audit({ action: 'headcount.declare', entity: 'org_unit', entityId: unitId, details: { year, changes } });
    });
    return this.forUnit(actor, unitId, { year });
  }

  /** Every change of the unit's declarations (who, when, from, to), newest first; optionally one year. */
  async history(actor: Actor, unitId: string, year?: number): Promise<HeadcountChangeResponse[]> {
    await this.visible(actor, unitId, Policy.RosterRead);
    return this.headcounts.history(unitId, year ?? null);
  }

  /** Whether the actor may declare headcounts for the unit (to show or hide the form). */
  canDeclare(actor: Actor, unitId: string): Promise<boolean> {
    return this.units.canActOn(actor, unitId, Policy.RosterWrite);
  }

  /** People on the roster today in the subtree of each unit; units outside the actor's scopes are left out. */
  peopleInSubtrees(actor: Actor, unitIds: string[]): Promise<Map<string, number>> {
    const scopes = scopesFor(actor, Policy.RosterRead);
    return this.headcounts.peopleInSubtrees(scopes, unitIds, this.work.today());
  }

  currentYear(): number {
    const year = Number(this.work.today().slice(0, 4));
    return Math.min(HEADCOUNT_LAST_YEAR, Math.max(HEADCOUNT_FIRST_YEAR, year));
  }

  private async rowsFor(unitIds: string[], year: number, asOf: string): Promise<Map<string, HeadcountRow[]>> {
    const [roles, declared, named] = await Promise.all([
      this.roles.list({ includeRetired: true }),
      this.headcounts.declared(unitIds, year),
      this.headcounts.named(unitIds, asOf),
    ]);
    const result = new Map<string, HeadcountRow[]>();
    for (const id of unitIds) {
      const own: Declaration[] = declared.filter((d) => d.unitId === id);
      const namedByRole = new Map(named.filter((n) => n.unitId === id).map((n) => [n.roleId, n.named]));
      result.set(id, headcountRows(roles, own, namedByRole));
    }
    return result;
  }

  private assertYear(year: number): void {
    if (!Number.isInteger(year) || year < HEADCOUNT_FIRST_YEAR || year > HEADCOUNT_LAST_YEAR) {
      throw new ValidationError(`year: must be between ${HEADCOUNT_FIRST_YEAR} and ${HEADCOUNT_LAST_YEAR}`, [
        { field: 'year', reason: `must be between ${HEADCOUNT_FIRST_YEAR} and ${HEADCOUNT_LAST_YEAR}` },
      ]);
    }
  }

  private async assertRoles(dto: DeclareHeadcountsDto): Promise<void> {
    const problems: Array<{ field: string; reason: string }> = [];
    const seen = new Set<string>();
    const active = await this.roles.activeIds(dto.items.map((i) => i.roleId));
    dto.items.forEach((item, i) => {
      const reason = seen.has(item.roleId)
        ? 'role listed twice'
        : active.has(item.roleId)
          ? null
          : 'unknown or retired role';
      if (reason) problems.push({ field: `items.${i}.roleId`, reason });
      seen.add(item.roleId);
    });
    if (problems.length) {
      throw new ValidationError(problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
    }
  }

  /** The unit if it lies inside a scope where the actor holds a grant the policy admits; NotFoundError otherwise. */
  private async visible(actor: Actor, unitId: string, policy: Policy): Promise<UnitResponse> {
    const unit = await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, policy))) throw new NotFoundError(`unit ${unitId} not found`);
    return unit;
  }
}
