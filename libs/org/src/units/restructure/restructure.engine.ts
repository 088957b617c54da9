import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ConflictError, ValidationError } from '@app/common';
import { Tx } from '@app/jobs';
import { Policy, scopesFor } from '../../access/policy';
import { RosterChangeLog } from '../../changes/roster-change-log';
import { UnitHistoryRepository } from '../unit-history.repository';
import { RosterHooks } from '../../people/roster-hooks';
import { analysePlan, KnownUnit, PlanAnalysis, PlanMember, PlanNewUnit, StaleUnit } from './plan-analysis';
import { PlanRow } from './plan-rows';
import { PartialRule, RestructureRepository } from './restructure.repository';
import { dividePartials, PartialUnit } from './plan-division';
import { RestructureWritesRepository, UnitPair } from './restructure-writes.repository';

/** What a committed plan did. */
export interface RestructureReport {
  effectiveFrom: string;
  created: number;
  renamed: number;
  moved: number;
  merged: number;
  split: number;
  people: number;
  headcountsCarried: number;
  /** People of partial units sent to the first named unit by the review rule (first 1,000). */
  forReview: Array<{ employeeCode: string | null; fullName: string; fromCode: string; toCode: string }>;
  forReviewCount: number;
}

/** Progress 0..100. */
export type Progress = (percent: number) => Promise<void>;

/**
 * The restructuring plan engine: judges a plan against the database (dry run) and applies it, in the caller's
 * transaction, set-based: the merge and split of UnitHistoryService done for every unit of the plan at once, so
 * that people, sub-units, grants, courses and assignments follow as for single changes, and the national reform
 * (10,000 old units) is a few dozen statements rather than tens of thousands.
 */
@Injectable()
export class RestructureEngine {
  constructor(
    private readonly repo: RestructureRepository,
    private readonly historyRows: UnitHistoryRepository,
    private readonly hooks: RosterHooks,
  ) {}

  private readonly writes = new RestructureWritesRepository();

  /** The dry run: every problem of the plan, and per new unit and per partial unit what would happen. */
  async analyse(
    m: EntityManager,
    actor: Actor,
    rows: readonly PlanRow[],
  ): Promise<{ analysis: PlanAnalysis; stale: StaleUnit[]; units: Map<string, KnownUnit>; members: PlanMember[] }> {
    const codes = [...new Set(rows.flatMap((r) => [r.oldCode, r.newCode, r.newParentCode ?? r.oldCode]))];
    const units = await this.repo.units(
      m,
      codes,
      scopesFor(actor, Policy.UnitRestructure),
      scopesFor(actor, Policy.RosterWrite),
    );
    const on = rows[0]?.effectiveFrom ?? '2000-01-01';
    const idOf = (code: string) => units.get(code)?.id;
    const partialIds = [...new Set(rows.filter((r) => r.kind === 'partial').map((r) => r.oldCode))]
      .map(idOf)
      .filter((id): id is string => !!id);
    const fullIds = [...new Set(rows.filter((r) => r.kind === 'full').map((r) => r.oldCode))]
      .map(idOf)
      .filter((id): id is string => !!id);
    const members = await this.repo.members(m, partialIds, on);
    const counted = await this.repo.headcounts(m, fullIds, on);
    const codeOf = new Map([...units.values()].map((u) => [u.id, u.code]));
    const byUnit = new Map<string, PlanMember[]>();
    for (const p of members) {
      const code = codeOf.get(p.unitId)!;
      const list = byUnit.get(code);
      if (list) list.push(p);
      else byUnit.set(code, [p]);
    }
    const headcounts = new Map([...counted].map(([id, n]) => [codeOf.get(id)!, n]));
    const children = await this.repo.childCodes(m, partialIds);
    const { analysis, stale } = analysePlan(rows, { units, members: byUnit, headcounts, children });
    return { analysis, stale, units, members };
  }

  /**
   * Applies the plan as of its date, in the caller's transaction, set-based (one statement per kind of change over
   * the whole plan: see RestructureWritesRepository): new units created, existing ones renamed or moved, old units
   * merged (full) or divided (partial), declared headcounts carried, and what follows units (grants, courses,
   * assignments) told once. Refused with nothing written when the plan has problems, names a unit whose current
   * state began after its date (400), or leaves people of a partial unit unplaced without the review rule (409).
   */
  apply(
    tx: Tx,
    rows: readonly PlanRow[],
    rule: PartialRule,
    progress: Progress = async () => undefined,
  ): Promise<RestructureReport> {
    return this.applyIn(tx.manager, tx.actor, rows, rule, progress);
  }

  /**
   * The same as apply, in a transaction the caller holds without a unit of work (the demo seed's): `actor` is
   * judged as in apply; the caller writes the audit entry.
   */
  async applyIn(
    m: EntityManager,
    actor: Actor,
    rows: readonly PlanRow[],
    rule: PartialRule,
    progress: Progress = async () => undefined,
  ): Promise<RestructureReport> {
    const { analysis, stale, units, members } = await this.analyse(m, actor, rows);
    assertApplicable(analysis, stale, rule);
    const on = analysis.effectiveFrom!;
    const ids = new Map([...units.values()].filter((u) => u.status === 'active').map((u) => [u.code, u.id]));
    const notActive = await this.writes.lockUnits(m, [...ids.values()]);
    if (notActive.length > 0) {
      const code = [...units.values()].find((u) => u.id === notActive[0])?.code ?? notActive[0];
      throw new ConflictError(`unit ${code} is closed`);
    }
    const byOld = groupBy(rows, (r) => r.oldCode);
    const report = emptyReport(on);

    const created = await this.createUnits(m, analysis, units, ids, byOld, on);
    report.created = created.size;
    const movedUnits = await this.updateExisting(m, actor.accountId, analysis, units, ids, on, report);
    await progress(10);

    // The old units: full ones close into their target, partial ones are divided (and close unless they go on).
    const merges: UnitPair[] = [];
    const partials: PartialUnit[] = [];
    for (const [code, group] of byOld) {
      const targets = [...new Set(group.map((r) => r.newCode))];
      if (group[0].kind === 'full') {
        if (targets[0] !== code) merges.push({ fromId: ids.get(code)!, toId: ids.get(targets[0])! });
      } else partials.push({ code, id: ids.get(code)!, targets, continues: targets.includes(code) });
    }
    const closingPartials = partials.filter((p) => !p.continues);
    const closing = [...merges.map((x) => x.fromId), ...closingPartials.map((p) => p.id)];
    const holding = await this.writes.sourcesHoldingTarget(m, merges);
    if (holding.length > 0) {
      const code = [...units.values()].find((u) => u.id === holding[0])?.code;
      throw new ConflictError(`unit ${code} contains the target and cannot be merged into it`);
    }
    const closingSet = new Set(closing);
    const left = (
      await this.writes.activeChildren(
        m,
        closingPartials.map((p) => p.id),
      )
    ).filter((k) => !closingSet.has(k.id));
    if (left.length > 0) {
      const code = partials.find((p) => p.id === left[0].parentId)?.code;
      throw new ConflictError(`move or merge the sub-units of unit ${code} before dividing it`);
    }

    report.people += await this.writes.mergeUnits(m, merges, closing, on, actor.accountId);
    report.merged = merges.length;
    await progress(50);
    const divided = await dividePartials(this.writes, m, { partials, byOld, members, ids, on, rule }, report);
    await progress(75);

    const heirs = [
      ...merges.map((x) => ({ fromUnitId: x.fromId, toUnitId: x.toId, effectiveFrom: on })),
      ...closingPartials.map((p) => ({ fromUnitId: p.id, toUnitId: ids.get(p.targets[0])!, effectiveFrom: on })),
    ];
    await this.hooks.unitsSucceeded(heirs, m);
    // Whoever changed place in the tree, told to the roster listeners page by page (the national reform: everyone).
    for await (const page of this.writes.changedPeople(m, merges.length > 0, divided.movedPeople)) {
      await this.hooks.peopleChanged(page, m);
    }
    await this.hooks.subtreesChanged(movedUnits, m);
    await progress(90);

    const year = Number(on.slice(0, 4));
    const fromYear = (id: string) => (created.has(id) ? year : year + 1);
    const carry = [
      ...merges.map((x) => ({ fromUnitId: x.fromId, toUnitId: x.toId, share: 1, fromYear: fromYear(x.toId) })),
      ...divided.shares.map((s) => ({ ...s, fromYear: fromYear(s.toUnitId) })),
    ];
    report.headcountsCarried = await this.repo.carryHeadcounts(m, carry, actor.accountId);
    await this.repo.followProvinces(
      m,
      carry.filter((c) => c.share === 1),
    );
    await progress(95);
    return report;
  }

  /**
   * New units, each round one statement for the units whose parent is known: the parent named, else the first
   * old unit's parent (or where that parent goes when the plan merges it away). Returns the ids created.
   */
  private async createUnits(
    m: EntityManager,
    analysis: PlanAnalysis,
    units: Map<string, KnownUnit>,
    ids: Map<string, string>,
    byOld: Map<string, PlanRow[]>,
    on: string,
  ): Promise<Set<string>> {
    const codeOfId = new Map([...units.values()].map((u) => [u.id, u.code]));
    const fullTarget = new Map<string, string>();
    for (const [code, group] of byOld) if (group[0].kind === 'full') fullTarget.set(code, group[0].newCode);
    const parentOf = (n: PlanNewUnit): string | undefined => {
      if (n.parentCode) return ids.get(n.parentCode);
      const first = units.get(n.sources[0].code)!;
      const parentCode = first.parentId ? codeOfId.get(first.parentId) : undefined;
      if (parentCode && fullTarget.has(parentCode) && fullTarget.get(parentCode) !== parentCode) {
        return ids.get(fullTarget.get(parentCode)!);
      }
      return first.parentId ?? undefined;
    };
    const created = new Set<string>();
    let pending = analysis.newUnits.filter((n) => !n.exists);
    while (pending.length > 0) {
      const ready = pending.flatMap((n) => {
        const parentId = parentOf(n);
        const type = units.get(n.sources[0].code)!.type;
        return parentId ? [{ code: n.code, name: n.name, type, parentId }] : [];
      });
      if (ready.length === 0) {
        throw new ConflictError(`the new units ${pending.map((n) => n.code).join(', ')} have no parent to go under`);
      }
      for (const [code, id] of await this.writes.insertUnits(m, ready, on)) {
        ids.set(code, id);
        created.add(id);
      }
      pending = pending.filter((n) => !ids.has(n.code));
    }
    return created;
  }

  /** Existing units that go on: renamed and moved as of the date (one by one: a plan renames or moves few). Returns those moved. */
  private async updateExisting(
    m: EntityManager,
    actorId: string,
    analysis: PlanAnalysis,
    units: Map<string, KnownUnit>,
    ids: Map<string, string>,
    on: string,
    report: RestructureReport,
  ): Promise<string[]> {
    const moved: string[] = [];
    for (const n of analysis.newUnits.filter((x) => x.exists)) {
      const known = units.get(n.code)!;
      const parentId = n.parentCode ? ids.get(n.parentCode) : undefined;
      if (n.name === known.name && (!parentId || parentId === known.parentId)) continue;
      const state = await this.historyRows.lockActive(m, known.id);
      if (n.name !== state.name) {
        await this.historyRows.rename(m, state.id, n.name);
        await this.historyRows.newVersion(m, state.id, on, 'rename', actorId);
        await RosterChangeLog.append(m, [{ kind: 'unit_renamed', effectiveFrom: on, unitId: state.id }]);
        report.renamed++;
      }
      if (parentId && parentId !== state.parentId) {
        if (await this.historyRows.isWithin(m, state.id, parentId)) {
          throw new ConflictError(`unit ${n.code} cannot move under itself or one of its descendants`);
        }
        await this.historyRows.reparent(m, state.id, parentId);
        await this.historyRows.newVersion(m, state.id, on, 'move', actorId);
        await RosterChangeLog.append(m, [
          {
            kind: 'unit_moved',
            effectiveFrom: on,
            unitId: state.id,
            otherUnitId: state.parentId,
            payload: { toParentId: parentId },
          },
        ]);
        report.moved++;
        moved.push(state.id);
      }
    }
    return moved;
  }
}

/** The checks a commit makes again inside its transaction (the database may have changed since the dry run). */
export function assertApplicable(analysis: PlanAnalysis, stale: StaleUnit[], rule: PartialRule): void {
  if (stale.length > 0) {
    const first = stale[0];
    throw new ValidationError(
      `effective_date: the current state of unit ${first.code} began on ${first.versionFrom}, after ${analysis.effectiveFrom}`,
      stale.map((s) => ({ field: 'effective_date', reason: `before ${s.versionFrom} (unit ${s.code})` })),
    );
  }
  if (analysis.problems.length > 0) {
    throw new ConflictError(`the plan has ${analysis.problems.length} row problems: nothing was applied`, {
      problems: analysis.problems.slice(0, 100),
    });
  }
  if (analysis.counts.unassigned > 0 && rule !== 'first_for_review') {
    throw new ConflictError(
      `${analysis.counts.unassigned} people of partial units are not placed: list them in the plan or choose the review rule`,
      { unassigned: analysis.counts.unassigned },
    );
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function emptyReport(effectiveFrom: string): RestructureReport {
  return {
    effectiveFrom,
    created: 0,
    renamed: 0,
    moved: 0,
    merged: 0,
    split: 0,
    people: 0,
    headcountsCarried: 0,
    forReview: [],
    forReviewCount: 0,
  };
}
