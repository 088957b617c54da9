import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ConflictError, effectiveDate, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { Policy } from '../access/policy';
import { UnitResponse } from './dto/unit.dto';
import {
  MergeUnitsDto,
  MoveUnitDto,
  RenameUnitDto,
  SplitUnitDto,
  UnitTreeNode,
  TREE_MAX_UNITS,
  UnitTreeQueryDto,
} from './dto/unit-change.dto';
import { RosterHooks } from '../people/roster-hooks';
import { OrgUnitRepository } from './org-unit.repository';
import { UnitHistoryRepository, UnitState } from './unit-history.repository';
import { OrgUnitsService, unitCodeTaken } from './org-units.service';
import { UnitType } from './unit-type';
import { RosterChangeLog } from '../changes/roster-change-log';

/**
 * Renames, moves, merges, splits and closes units, each effective from a date. The current tree
 * (org_unit + closure) changes at once; org_unit_version keeps every earlier state for "as of" reports.
 */
@Injectable()
export class UnitHistoryService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly units: OrgUnitsService,
    private readonly unitRows: OrgUnitRepository,
    private readonly history: UnitHistoryRepository,
    private readonly hooks: RosterHooks,
  ) {}

  async rename(actor: Actor, unitId: string, dto: RenameUnitDto): Promise<UnitResponse> {
    await this.assertRestructures(actor, unitId);
    return this.change(
      actor,
      'unit.rename',
      unitId,
      async (m, unit, on) => {
        await this.history.rename(m, unit.id, dto.name);
        await this.history.newVersion(m, unit.id, on, 'rename', actor.accountId);
        await RosterChangeLog.append(m, [{ kind: 'unit_renamed', effectiveFrom: on, unitId: unit.id }]);
        return { from: unit.name, to: dto.name };
      },
      dto.effectiveFrom,
    );
  }

  async move(actor: Actor, unitId: string, dto: MoveUnitDto): Promise<UnitResponse> {
    await this.assertRestructures(actor, unitId);
    await this.assertManages(actor, dto.parentId);
    return this.change(
      actor,
      'unit.move',
      unitId,
      async (m, unit, on) => {
        if (unit.parentId === null) throw new ConflictError('the country unit cannot move');
        if (await this.history.isWithin(m, unit.id, dto.parentId)) {
          throw new ConflictError('a unit cannot move under itself or one of its descendants', [
            { field: 'parentId', reason: 'inside the moved subtree' },
          ]);
        }
        await this.history.reparent(m, unit.id, dto.parentId);
        await this.history.newVersion(m, unit.id, on, 'move', actor.accountId);
        await RosterChangeLog.append(m, [
          {
            kind: 'unit_moved',
            effectiveFrom: on,
            unitId: unit.id,
            otherUnitId: unit.parentId,
            payload: { toParentId: dto.parentId },
          },
        ]);
        await this.hooks.subtreesChanged([unit.id], m);
        return { fromParentId: unit.parentId, toParentId: dto.parentId };
      },
      dto.effectiveFrom,
    );
  }

  /** Sources close; their sub-units, people and past figures pass to the target (the sources stay under it, closed). */
  async merge(actor: Actor, dto: MergeUnitsDto): Promise<UnitResponse> {
    const sourceIds = [...new Set(dto.sourceIds)];
    if (sourceIds.includes(dto.targetId)) {
      throw new ValidationError('sourceIds: a unit cannot be merged into itself', [
        { field: 'sourceIds', reason: 'contains targetId' },
      ]);
    }
    for (const id of sourceIds) await this.assertRestructures(actor, id);
    await this.assertManages(actor, dto.targetId);
    const on = this.effectiveDate(dto.effectiveFrom);
    return this.work.run(actor, async (tx) => {
      const people = await this.mergeWithin(tx.manager, actor.accountId, sourceIds, dto.targetId, on);
      const details = { sourceIds, effectiveFrom: on, people };
      await tx.audit({ action: 'unit.merge', entity: 'org_unit', entityId: dto.targetId, details });
      return this.requireUnit(dto.targetId);
    });
  }

  /**
   * The merge itself, in the caller's transaction (the API above, restructuring plans): sources close, their
   * sub-units and people pass to the target, and whatever follows units (grants, courses, assignments) is told.
   * Permission checks are the caller's. Returns how many people moved.
   */
  async mergeWithin(
    m: EntityManager,
    actorId: string,
    sourceIds: readonly string[],
    targetId: string,
    on: string,
  ): Promise<number> {
    const target = await this.activeState(m, targetId);
    let people = 0;
    for (const sourceId of sourceIds) {
      const source = await this.activeState(m, sourceId);
      this.assertNotBefore(source, on);
      if (await this.history.isWithin(m, source.id, target.id)) {
        throw new ConflictError(`unit ${source.code} contains the target and cannot be merged into it`);
      }
      for (const childId of await this.history.childIds(m, source.id)) {
        await this.history.reparent(m, childId, target.id);
        await this.history.newVersion(m, childId, on, 'move', actorId);
      }
      const moved = await this.history.transferMembers(m, source.id, target.id, on);
      people += moved;
      await RosterChangeLog.append(m, [
        {
          kind: 'unit_merged',
          effectiveFrom: on,
          unitId: source.id,
          otherUnitId: target.id,
          payload: { people: moved },
        },
      ]);
      await this.history.reparent(m, source.id, target.id);
      await this.history.close(m, source.id, on, target.id);
      await this.history.endVersion(m, source.id, on);
    }
    await this.hooks.unitsSucceeded(
      sourceIds.map((fromUnitId) => ({ fromUnitId, toUnitId: target.id, effectiveFrom: on })),
      m,
    );
    await this.hooks.subtreesChanged([target.id], m);
    return people;
  }

  /** The unit closes; new units take its place beside it, each with the people listed for it. */
  async split(actor: Actor, unitId: string, dto: SplitUnitDto): Promise<UnitResponse[]> {
    await this.assertRestructures(actor, unitId);
    const on = this.effectiveDate(dto.effectiveFrom);
    const audit = (parts: UnitResponse[]) => ({
      action: 'unit.split',
      entity: 'org_unit',
      entityId: unitId,
      details: { partIds: parts.map((p) => p.id), effectiveFrom: on },
    });
    return this.work.run(actor, { audit }, async ({ manager: m }) => {
      const unit = await this.activeState(m, unitId);
      this.assertNotBefore(unit, on);
      if (!unit.parentId) throw new ConflictError('the country unit cannot be split');
      if ((await this.history.childIds(m, unit.id)).length > 0) {
        throw new ConflictError('move or merge the sub-units of this unit before splitting it');
      }
      const parts: UnitResponse[] = [];
      for (const [i, part] of dto.parts.entries()) {
        if (await this.unitRows.findByCode(part.code)) throw unitCodeTaken(`parts.${i}.code`, part.code);
        const created = await this.unitRows.insert(
          m,
          {
            code: part.code,
            name: part.name,
            type: part.type ?? (unit.type as UnitType),
            parentId: unit.parentId,
          },
          on,
        );
        parts.push(created);
      }
      await this.splitWithin(
        m,
        unit,
        dto.parts.map((part, i) => ({ unitId: parts[i].id, personIds: part.personIds, field: `parts.${i}.personIds` })),
        on,
      );
      return parts;
    });
  }

  /**
   * The split itself, in the caller's transaction (the API above, restructuring plans): each part (an existing
   * unit) receives the people listed for it; the people left over go to `restTo` when given, else the split is
   * refused (409 naming how many). The unit then closes, unless it is one of the parts (it goes on, smaller).
   * Permission checks are the caller's. Returns the people moved per part and those moved as the rest.
   */
  async splitWithin(
    m: EntityManager,
    unit: UnitState,
    parts: ReadonlyArray<{ unitId: string; personIds: readonly string[]; field?: string }>,
    on: string,
    restTo?: string,
  ): Promise<{ moved: number[]; rest: string[] }> {
    this.assertNotBefore(unit, on);
    if (!unit.parentId) throw new ConflictError('the country unit cannot be split');
    const continues = parts.some((p) => p.unitId === unit.id);
    if (!continues && (await this.history.childIds(m, unit.id)).length > 0) {
      throw new ConflictError('move or merge the sub-units of this unit before splitting it');
    }
    const moved: number[] = [];
    for (const [i, part] of parts.entries()) {
      if (part.unitId === unit.id) {
        moved.push(0);
        continue;
      }
      const n = await this.history.transferPeople(m, [...part.personIds], unit.id, part.unitId, on);
      if (n !== new Set(part.personIds).size) {
        const field = part.field ?? `parts.${i}.personIds`;
        throw new ValidationError(`${field}: some people are not members of the split unit`, [
          { field, reason: 'not all members of the unit' },
        ]);
      }
      await RosterChangeLog.append(m, [
        { kind: 'unit_split', effectiveFrom: on, unitId: part.unitId, otherUnitId: unit.id, payload: { people: n } },
      ]);
      moved.push(n);
    }
    let rest: string[] = [];
    if (!continues) {
      rest = await this.history.activeMemberIds(m, unit.id, on);
      if (rest.length > 0 && !restTo) {
        throw new ConflictError(`${rest.length} people of the unit are not assigned to any part`, {
          unassigned: rest.length,
        });
      }
      if (rest.length > 0 && restTo) {
        const n = await this.history.transferPeople(m, rest, unit.id, restTo, on);
        await RosterChangeLog.append(m, [
          {
            kind: 'unit_split',
            effectiveFrom: on,
            unitId: restTo,
            otherUnitId: unit.id,
            payload: { people: n, forReview: true },
          },
        ]);
      }
      await this.history.close(m, unit.id, on, null);
      await this.history.endVersion(m, unit.id, on);
      const heir = restTo ?? parts[0]?.unitId;
      if (heir) await this.hooks.unitsSucceeded([{ fromUnitId: unit.id, toUnitId: heir, effectiveFrom: on }], m);
    }
    await this.hooks.subtreesChanged(
      parts.map((p) => p.unitId),
      m,
    );
    return { moved, rest };
  }

  async close(actor: Actor, unitId: string, effectiveFrom?: string): Promise<UnitResponse> {
    await this.assertRestructures(actor, unitId);
    return this.change(
      actor,
      'unit.close',
      unitId,
      async (m, unit, on) => {
        if (!unit.parentId) throw new ConflictError('the country unit cannot be closed');
        const people = await this.history.countActiveMembers(m, unit.id, on);
        if (people > 0) {
          throw new ConflictError(`the unit still has ${people} active people: move them or merge the unit`, {
            activePeople: people,
          });
        }
        if ((await this.history.childIds(m, unit.id)).length > 0) {
          throw new ConflictError('the unit still has active sub-units: close, move or merge them first');
        }
        await this.history.close(m, unit.id, on, null);
        await this.history.endVersion(m, unit.id, on);
        await RosterChangeLog.append(m, [{ kind: 'unit_closed', effectiveFrom: on, unitId: unit.id }]);
        return {};
      },
      effectiveFrom,
    );
  }

  /**
   * Cancels the unit's latest change when it is a rename (or a move) dated after today: the version it opened is
   * dropped and the one before it is open again, with its name and parent. For whoever may make that change.
   */
  async cancelFutureChange(actor: Actor, unitId: string, kind: 'rename' | 'move'): Promise<UnitResponse> {
    await this.assertRestructures(actor, unitId);
    await this.work.run(actor, async (tx) => {
      const { manager: m, today } = tx;
      const unit = await this.activeState(m, unitId);
      const open = await this.history.openVersion(m, unit.id);
      const previous = open ? await this.history.versionEndingOn(m, unit.id, open.validFrom) : null;
      if (!open || !previous || open.validFrom <= today || open.change !== kind) {
        throw new ConflictError(`unit ${unit.code} has no ${kind} dated after today to cancel`, [
          { field: 'id', reason: `no future-dated ${kind}` },
        ]);
      }
      if (previous.parentId !== unit.parentId) {
        if (!previous.parentId) throw new ConflictError('the country unit cannot move');
        await this.assertManages(actor, previous.parentId);
        const parent = await this.activeState(m, previous.parentId);
        if (await this.history.isWithin(m, unit.id, parent.id)) {
          throw new ConflictError('the earlier parent now lies inside this unit: move the unit instead');
        }
        await this.history.reparent(m, unit.id, parent.id);
        await this.hooks.subtreesChanged([unit.id], m);
      }
      await this.history.rename(m, unit.id, previous.name);
      await this.history.reopenVersion(m, unit.id, open.id, previous.id);
      // The reverse change on the day the cancelled one would have begun.
      await RosterChangeLog.append(m, [
        kind === 'rename'
          ? { kind: 'unit_renamed', effectiveFrom: open.validFrom, unitId: unit.id, payload: { cancels: true } }
          : {
              kind: 'unit_moved',
              effectiveFrom: open.validFrom,
              unitId: unit.id,
              otherUnitId: unit.parentId,
              payload: { toParentId: previous.parentId, cancels: true },
            },
      ]);
      const details = {
        cancelledEffectiveFrom: open.validFrom,
        name: { from: unit.name, to: previous.name },
        parentId: { from: unit.parentId, to: previous.parentId },
      };
      await tx.audit({ action: `unit.${kind}_cancel`, entity: 'org_unit', entityId: unit.id, details });
    });
    return this.requireUnit(unitId);
  }

  /**
   * The subtree as it stood on `asOf` (default today), down to `depth` levels. depth=1 (the unit and its children)
   * is always answered; the whole subtree, or a deeper level, only up to TREE_MAX_UNITS units (400 naming `depth`
   * above that: a tree is read level by level, never the whole country in one answer).
   */
  async treeAsOf(actor: Actor, rootId: string, query: UnitTreeQueryDto): Promise<UnitTreeNode[]> {
    await this.units.getVisibleUnit(actor, rootId);
    const on = query.asOf ?? this.work.today();
    const depth = query.depth ?? null;
    if (depth !== 1 && (await this.history.treeSize(rootId, on, depth, TREE_MAX_UNITS + 1)) > TREE_MAX_UNITS) {
      const which = depth === null ? 'the subtree' : `the tree to depth ${depth}`;
      throw new ValidationError(
        `depth: ${which} holds more than ${TREE_MAX_UNITS} units; read it level by level (depth=1: the children)`,
        [{ field: 'depth', reason: `at most ${TREE_MAX_UNITS} units below depth=1` }],
      );
    }
    return this.history.treeAsOf(rootId, on, depth);
  }

  /**
   * What each unit was formed from by `on` (merged or divided into it), for units the caller reads: the units named
   * are those of a tree the caller was allowed to read (treeAsOf), so only names and codes are given.
   */
  async formedFrom(
    actor: Actor,
    rootId: string,
    unitIds: readonly string[],
    on: string,
  ): Promise<Map<string, Array<{ id: string; code: string; name: string; on: string; partial: boolean }>>> {
    await this.units.getVisibleUnit(actor, rootId);
    const out = new Map<string, Array<{ id: string; code: string; name: string; on: string; partial: boolean }>>();
    for (const { unitId, ...source } of await this.history.formedFrom(unitIds, on)) {
      const list = out.get(unitId);
      if (list) list.push(source);
      else out.set(unitId, [source]);
    }
    return out;
  }

  private async change(
    actor: Actor,
    action: string,
    unitId: string,
    apply: (m: EntityManager, unit: UnitState, on: string) => Promise<Record<string, unknown>>,
    effectiveFrom?: string,
  ): Promise<UnitResponse> {
    const on = this.effectiveDate(effectiveFrom);
    await this.work.run(actor, async (tx) => {
      const unit = await this.activeState(tx.manager, unitId);
      this.assertNotBefore(unit, on);
      const details = await apply(tx.manager, unit, on);
      await tx.audit({ action, entity: 'org_unit', entityId: unitId, details: { ...details, effectiveFrom: on } });
    });
    return this.requireUnit(unitId);
  }

  /** One rule for every effective date (effectiveDate in @app/common): from 2000-01-01 to a year after today. */
  private effectiveDate(effectiveFrom?: string): string {
    return effectiveDate(effectiveFrom, this.work.today());
  }

  private assertNotBefore(unit: UnitState, on: string): void {
    if (on < unit.versionFrom) {
      throw new ValidationError(`effectiveFrom: the unit's current state began on ${unit.versionFrom}`, [
        { field: 'effectiveFrom', reason: `before ${unit.versionFrom}` },
      ]);
    }
  }

  private activeState(m: EntityManager, unitId: string): Promise<UnitState> {
    return this.history.lockActive(m, unitId);
  }

  /** Rename, move, merge (of a source), split and close: for the level above the unit (canRestructure). */
  private async assertRestructures(actor: Actor, unitId: string): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canRestructure(actor, unitId))) {
      throw new ForbiddenError(
        'changes to the structure of a unit (rename, move, merge, split, close) belong to the level above it',
      );
    }
  }

  private async assertManages(actor: Actor, unitId: string): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, Policy.RosterWrite))) {
      throw new ForbiddenError('the unit is outside the subtree you manage');
    }
  }

  private async requireUnit(unitId: string): Promise<UnitResponse> {
    const unit = await this.unitRows.findById(unitId);
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    return unit;
  }
}
