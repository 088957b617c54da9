import { Controller, Get, Param, Query, Render, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Actor, IsCalendarDate, NotFoundError } from '@app/common';
import {
  OrgUnitsService,
  Policy,
  scopesFor,
  UnitHistoryService,
  UnitPeopleCountsService,
  UnitResponse,
} from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { Lang, translate } from '../web/i18n';
import { FormText, langOf, queryString, SearchPageQueryDto } from '../web/page-helpers';
import './org-pages.messages';

export class UnitsPageQueryDto extends SearchPageQueryDto {
  @IsOptional()
  @FormText()
  @IsCalendarDate()
  asOf?: string;
}

const CHILDREN_SHOWN = 500;
/** The last day a unit closed on `on` (yyyy-mm-dd) stood: its link shows it then. */
const dayBefore = (on: string): string =>
  new Date(Date.parse(`${on}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const unitLink = (u: { id: string; code: string; name: string; place?: string | null }, asOf?: string) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  place: u.place ?? null,
  href: `/units/${u.id}${queryString({ asOf })}`,
});

/** /units and /units/:id: the unit tree inside the caller's scope, with drill-down, search and "as of" a date. */
@ApiExcludeController()
@Controller('units')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class UnitsPageController {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly history: UnitHistoryService,
    private readonly counts: UnitPeopleCountsService,
  ) {}

  @Get()
  @Render('org/units')
  async index(
    @CurrentActor() actor: Actor,
    @Query() query: UnitsPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const lang = langOf(res);
    const scopeIds = scopesFor(actor, Policy.RosterRead);
    if (!query.q && scopeIds.length === 1) return this.unitPage(actor, scopeIds[0], query, lang);
    const base = { title: translate(lang, 'org.units.title'), q: query.q ?? '', asOf: query.asOf ?? '' };
    if (query.q) return { ...base, results: await this.search(actor, query.q) };
    const scopes = await this.units.findByIds(scopeIds);
    return { ...base, scopes: scopes.map((u) => unitLink(u)) };
  }

  @Get(':id')
  @Render('org/units')
  show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: UnitsPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    return this.unitPage(actor, id, query, langOf(res));
  }

  private async unitPage(
    actor: Actor,
    id: string,
    query: UnitsPageQueryDto,
    lang: Lang,
  ): Promise<Record<string, unknown>> {
    const unit = await this.units.getVisibleUnit(actor, id);
    if (!(await this.units.canActOn(actor, id, Policy.RosterRead))) throw new NotFoundError(`unit ${id} not found`);
    const page = {
      title: `${unit.name} · ${translate(lang, 'org.units.title')}`,
      unit: { ...unitLink(unit), typeKey: `org.type.${unit.type}` },
      breadcrumb: (await this.ancestors(actor, unit)).map((u) => unitLink(u, query.asOf)),
      q: query.q ?? '',
      asOf: query.asOf ?? '',
      results: query.q ? await this.search(actor, query.q) : null,
      // the same people as the count beside it (active today); the whole roster one link further
      peopleHref: `/people${queryString({ unit: unit.code, status: 'active' })}`,
      allPeopleHref: `/people${queryString({ unit: unit.code })}`,
      headcountsHref: `/units/${unit.id}/headcounts`,
    };
    if (query.asOf) return { ...page, past: await this.pastTree(actor, unit.id, query.asOf) };
    // People from the maintained counts (a row per unit shown), never counted live over the subtree.
    const children = await this.counts.list(actor, { parentId: unit.id, limit: CHILDREN_SHOWN, offset: 0 });
    const people = await this.counts.peopleOf([unit.id]);
    return {
      ...page,
      people: people.of(unit.id),
      countedAt: people.countedAt,
      children: children.items.map((c) => ({ ...unitLink(c), typeKey: `org.type.${c.type}`, people: c.people })),
      more: children.total > children.items.length,
    };
  }

  /** The unit and its direct children as they stood on `asOf`, from the unit history. */
  private async pastTree(actor: Actor, id: string, asOf: string): Promise<Record<string, unknown>> {
    const nodes = await this.history.treeAsOf(actor, id, { asOf, depth: 1 });
    const root = nodes.find((n) => n.depth === 0);
    if (!root) return { missing: true };
    // "Formed from": the units merged or divided into each one by that day (e.g. the 2025 reform's communes).
    const from = await this.history.formedFrom(
      actor,
      id,
      nodes.map((n) => n.id),
      asOf,
    );
    const formedFrom = (unitId: string) =>
      (from.get(unitId) ?? []).map((s) => ({ ...unitLink(s, dayBefore(s.on)), on: s.on, partial: s.partial }));
    return {
      unit: { ...unitLink(root, asOf), typeKey: `org.type.${root.type}`, formedFrom: formedFrom(root.id) },
      children: nodes
        .filter((n) => n.depth === 1)
        .map((n) => ({ ...unitLink(n, asOf), typeKey: `org.type.${n.type}`, formedFrom: formedFrom(n.id) })),
    };
  }

  /** Ancestors of the unit up to the top of the caller's readable scope, outermost first. */
  private async ancestors(actor: Actor, unit: UnitResponse): Promise<UnitResponse[]> {
    const chain: UnitResponse[] = [];
    let parentId = unit.parentId;
    while (parentId && (await this.units.canActOn(actor, parentId, Policy.RosterRead))) {
      const [parent] = await this.units.findByIds([parentId]);
      if (!parent) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  private async search(actor: Actor, q: string): Promise<Array<Record<string, unknown>>> {
    const found = await this.units.list(actor, { q, limit: 50, offset: 0 });
    return found.items.map((u) => ({ ...unitLink(u), typeKey: `org.type.${u.type}` }));
  }
}
