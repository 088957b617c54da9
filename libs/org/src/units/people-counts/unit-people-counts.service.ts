import { Injectable } from '@nestjs/common';
import { Actor, Clock } from '@app/common';
import { ListUnitsQueryDto, UnitListResponse } from '../dto/unit.dto';
import { UnitTreeNodeResponse, UnitTreeQueryDto } from '../dto/unit-change.dto';
import { OrgUnitsService } from '../org-units.service';
import { UnitHistoryService } from '../unit-history.service';
import { UnitPeopleCountRepository } from './unit-people-count.repository';

/** The people of some units, from the maintained counts. */
export interface UnitPeople {
  /** People on the roster today in the unit's subtree; null before the counts were first made. */
  of(unitId: string): number | null;
  /** When the counts were last brought up to date; null before they were first made. */
  countedAt: Date | null;
}

/**
 * The units with their people (GET /api/v1/units, GET /api/v1/units/:id/tree, the units page): the figures are read
 * from the counts UnitPeopleCountUpkeep maintains (a row per unit shown), never counted live, so a unit with
 * 3,000,000 people below it costs what a commune costs. Who may see which unit is OrgUnitsService's and
 * UnitHistoryService's rule: counts are only read for the units they return.
 */
@Injectable()
export class UnitPeopleCountsService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly history: UnitHistoryService,
    private readonly counts: UnitPeopleCountRepository,
    private readonly clock: Clock,
  ) {}

  /** Units inside the caller's scopes (OrgUnitsService.list), each with its people. */
  async list(actor: Actor, query: ListUnitsQueryDto): Promise<UnitListResponse> {
    const page = await this.units.list(actor, query);
    const people = await this.peopleOf(page.items.map((u) => u.id));
    return {
      ...page,
      items: page.items.map((u) => ({ ...u, people: people.of(u.id) })),
      peopleCountedAt: people.countedAt?.toISOString() ?? null,
    };
  }

  /**
   * The tree of UnitHistoryService.treeAsOf (level by level: depth=1 always, deeper up to TREE_MAX_UNITS units),
   * each node with its people: today's counts for today's tree, null for another day's.
   */
  async tree(actor: Actor, rootId: string, query: UnitTreeQueryDto): Promise<UnitTreeNodeResponse[]> {
    const nodes = await this.history.treeAsOf(actor, rootId, query);
    if (query.asOf !== undefined && query.asOf !== this.clock.today()) {
      return nodes.map((n) => ({ ...n, people: null }));
    }
    const people = await this.peopleOf(nodes.map((n) => n.id));
    return nodes.map((n) => ({ ...n, people: people.of(n.id) }));
  }

  /**
   * The people of units the caller already may see (the callers check: a page shows the units OrgUnitsService
   * returned). A unit without a row has had nobody since the counts were made: 0.
   */
  async peopleOf(unitIds: string[]): Promise<UnitPeople> {
    const [state, counts] = await Promise.all([this.counts.state(), this.counts.subtreeCounts(unitIds)]);
    if (!state.countDay) return { of: () => null, countedAt: null };
    return { of: (id) => counts.get(id) ?? 0, countedAt: state.countedAt };
  }
}
