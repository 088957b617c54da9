import { Injectable } from '@nestjs/common';
import { Actor, addDays, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { firstScopeFor, OrgUnitsService, Policy, RolesService, scopesFor } from '@app/org';
import { allRolesOf, coverageRows } from './coverage-figures';
import { CoverageRepository, FigureRow } from './coverage.repository';
import {
  CoveragePeopleQueryDto,
  CoveragePeopleResponse,
  CoverageQueryDto,
  CoverageRankingQueryDto,
  CoverageRankingResponse,
  CoverageTrendResponse,
  CoverageUnit,
  UnitCoverageResponse,
} from './dto/coverage.dto';
import { ALL_ROLES } from './records/counting-records';
import { coveragePercent, PROGRAMME_START, STATUS_RULE } from './rules/coverage-rules';
import { TargetRepository } from './targets/target.repository';

/** Trends start in January 2025 (the reform year); earlier month ends are still served as past dates. */
export const TREND_FROM = '2025-01-31';

interface Resolved {
  unit: CoverageUnit;
  on: string;
  roleId: string | null;
  structure: 'then' | 'now';
}

/**
 * Unit names in Vietnamese order. One collator: `localeCompare(x, 'vi')` builds one per call, which made sorting a
 * province's children the largest part of its dashboard's time (bench: p95 122 ms).
 */
const BY_NAME = new Intl.Collator('vi');

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The last day of the month of `day` (yyyy-mm-dd). */
const monthEnd = (day: string): string => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
};

/**
 * The coverage dashboard's reads (API and pages): figures per unit and role on a day, the children, the trend, the
 * ranking of the children, and the people behind the figures. Organisers, agencies and admins, over their subtrees.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly figures: CoverageRepository,
    private readonly targets: TargetRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  async unitCoverage(actor: Actor, query: CoverageQueryDto): Promise<UnitCoverageResponse> {
    const { unit, on, roleId, structure } = await this.resolve(actor, query);
    const { rows: figures, source, asOf } = await this.figuresOn(unit.id, on, structure);
    const childIds = [...new Set(figures.filter((f) => f.unitId !== unit.id).map((f) => f.unitId))];
    const [names, applying] = await Promise.all([
      this.figures.units(childIds),
      this.targets.applying([unit.id, ...childIds]),
    ]);
    // grouped once: a province has hundreds of children (filtering the whole list per child was quadratic)
    const figuresBy = groupBy(figures, (f) => f.unitId);
    const applyingBy = groupBy(
      applying.filter((t) => !roleId || t.roleId === roleId),
      (t) => t.unitId,
    );
    const rowsOf = (id: string) => coverageRows(figuresBy.get(id) ?? [], applyingBy.get(id) ?? [], on);
    const children = childIds
      .flatMap((id) => {
        const child = names.get(id);
        return child ? [{ unit: child, rows: rowsOf(id), allRoles: allRolesOf(figuresBy.get(id) ?? []) }] : [];
      })
      .sort((a, b) => BY_NAME.compare(a.unit.name, b.unit.name));
    return {
      unit,
      date: on,
      asOf,
      source,
      structure,
      rows: rowsOf(unit.id),
      allRoles: allRolesOf(figuresBy.get(unit.id) ?? []),
      children,
      statusRule: STATUS_RULE,
    };
  }

  /** The children ranked by coverage (lowest first) or gap (largest first), for one role or all roles. */
  async ranking(actor: Actor, query: CoverageRankingQueryDto): Promise<CoverageRankingResponse> {
    const dashboard = await this.unitCoverage(actor, query);
    const roleId = query.roleId ?? null;
    const ranked = dashboard.children.map((c) => {
      const row = roleId ? c.rows.find((r) => r.roleId === roleId) : undefined;
      const figures = row ?? c.allRoles;
      return {
        unit: c.unit,
        headcount: figures.headcount,
        trained: figures.trained,
        coverage: figures.coverage,
        gap: row ? row.gap : null,
      };
    });
    const by = query.by;
    // null coverage (nobody to train) last; ties by name.
    ranked.sort((a, b) =>
      by === 'gap'
        ? (b.gap ?? b.headcount - b.trained) - (a.gap ?? a.headcount - a.trained) ||
          BY_NAME.compare(a.unit.name, b.unit.name)
        : (a.coverage ?? 1e9) - (b.coverage ?? 1e9) || BY_NAME.compare(a.unit.name, b.unit.name),
    );
    return {
      unit: dashboard.unit,
      date: dashboard.date,
      asOf: dashboard.asOf,
      by,
      roleId,
      total: ranked.length,
      items: ranked.slice(query.offset, query.offset + query.limit),
    };
  }

  /** Month by month from January 2025 (month-end snapshots; a month not yet snapshotted is summed from facts). */
  async trend(actor: Actor, query: CoverageQueryDto): Promise<CoverageTrendResponse> {
    const { unit, on, roleId, structure } = await this.resolve(actor, query);
    const state = await this.figures.state();
    // today's tree: no snapshot follows it, every month is summed from the facts (mapped to today's units)
    const stored = structure === 'now' ? [] : await this.figures.snapshotSeries(unit.id, TREND_FROM);
    const points = new Map<string, FigureRow[]>();
    for (const row of stored) points.set(row.monthEnd, [...(points.get(row.monthEnd) ?? []), row]);
    const days: string[] = [];
    for (let d = TREND_FROM; d < on; d = monthEnd(addDays(d, 1))) days.push(d);
    days.push(on);
    for (const day of days) {
      if (!points.has(day)) {
        points.set(
          day,
          (await this.figuresOn(unit.id, day, structure)).rows.filter((r) => r.unitId === unit.id),
        );
      }
    }
    const applying = await this.targets.applying([unit.id]);
    const keys = [
      ...applying.filter((t) => !roleId || t.roleId === roleId).map((t) => ({ key: t.roleId, code: t.roleCode })),
      ...(roleId ? [] : [{ key: ALL_ROLES, code: null }]),
    ];
    return {
      unit,
      asOf: (state.refreshedAt ?? new Date()).toISOString(),
      series: keys.map(({ key, code }) => ({
        roleId: key === ALL_ROLES ? null : key,
        roleCode: code,
        points: days.map((day) => {
          const f = points.get(day)?.find((r) => r.roleKey === key);
          const headcount = f?.headcount ?? 0;
          const trained = f?.trained ?? 0;
          return { date: day, headcount, trained, coverage: coveragePercent(trained, headcount) };
        }),
      })),
    };
  }

  /** People counted as not trained (named), and the declared-but-not-named remainder as a number. */
  async untrained(actor: Actor, query: CoveragePeopleQueryDto): Promise<CoveragePeopleResponse> {
    const r = await this.resolve(actor, query);
    const page = await this.peoplePage(actor, r, query, false);
    const { rows } = await this.figuresOn(r.unit.id, r.on, 'then');
    const own = rows.find((f) => f.unitId === r.unit.id && f.roleKey === (r.roleId ?? ALL_ROLES));
    return { ...page, declaredNotNamed: own?.declaredNotNamed ?? 0 };
  }

  /** People counted as trained, each with a record that counts on the day. */
  async trained(actor: Actor, query: CoveragePeopleQueryDto): Promise<CoveragePeopleResponse> {
    const r = await this.resolve(actor, query);
    const page = await this.peoplePage(actor, r, query, true);
    const records = await this.figures.countingRecordOf(
      page.items.map((i) => i.personId),
      r.roleId,
      r.on,
    );
    return { ...page, items: page.items.map((i) => ({ ...i, ...records.get(i.personId) })) };
  }

  private async peoplePage(
    actor: Actor,
    r: Resolved,
    query: CoveragePeopleQueryDto,
    trained: boolean,
  ): Promise<CoveragePeopleResponse> {
    const { total, items } = await this.figures.people({
      unitId: r.unit.id,
      on: r.on,
      roleKey: r.roleId ?? ALL_ROLES,
      trained,
      scopes: scopesFor(actor, Policy.RosterRead),
      limit: query.limit,
      offset: query.offset,
    });
    const names = await this.figures.units([...new Set(items.map((i) => i.unitId))]);
    return {
      unit: r.unit,
      date: r.on,
      roleId: r.roleId,
      total,
      items: items.map((i) => ({
        personId: i.personId,
        fullName: i.fullName,
        unit: names.get(i.unitId) ?? { id: i.unitId, code: '', name: '' },
      })),
    };
  }

  /** Rollup for the rollup's day, a snapshot for a month end that has one, else the facts of that subtree. */
  private async figuresOn(
    unitId: string,
    on: string,
    structure: 'then' | 'now',
  ): Promise<{ rows: FigureRow[]; source: UnitCoverageResponse['source']; asOf: string }> {
    const state = await this.figures.state();
    const asOf = (state.refreshedAt ?? new Date()).toISOString();
    const today = this.work.today();
    if (structure === 'now' && on !== today) {
      return { rows: await this.figures.fromFactsOnTodaysTree(unitId, on, today), source: 'facts', asOf };
    }
    if (state.rollupDay === on) return { rows: await this.figures.fromRollup(unitId), source: 'rollup', asOf };
    if (monthEnd(on) === on && (await this.figures.hasSnapshot(on))) {
      return { rows: await this.figures.fromSnapshot(unitId, on), source: 'snapshot', asOf };
    }
    return { rows: await this.figures.fromFacts(unitId, on), source: 'facts', asOf };
  }

  /** Validates the query (400s), then the unit (404 outside the caller's subtrees). */
  private async resolve(actor: Actor, query: CoverageQueryDto): Promise<Resolved> {
    const today = this.work.today();
    const on = query.date ?? today;
    if (on < PROGRAMME_START || on > today) {
      const reason = `must be between ${PROGRAMME_START} and ${today}`;
      throw new ValidationError(`date: ${reason}`, [{ field: 'date', reason }]);
    }
    if (query.roleId) {
      try {
        await this.roles.get(query.roleId);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        throw new ValidationError('roleId: no such role', [{ field: 'roleId', reason: 'no such role' }]);
      }
    }
    const unitId = query.unitId ?? firstScopeFor(actor, Policy.RosterRead);
    if (!unitId) throw new ForbiddenError('coverage is for organisers, agencies and administrators');
    const unit = await this.units.getVisibleUnit(actor, unitId);
    return {
      unit: { id: unit.id, code: unit.code, name: unit.name },
      on,
      roleId: query.roleId ?? null,
      structure: query.structure ?? 'then',
    };
  }

  /**
   * The breadcrumb of a unit the caller reads (resolve() checked it): its ancestors on the tree of the day (today's
   * when that one does not lead to the caller), from the caller's highest scope unit down to the unit itself.
   */
  async breadcrumb(actor: Actor, unit: CoverageUnit, on: string): Promise<CoverageUnit[]> {
    const scopes = new Set(scopesFor(actor, Policy.RosterRead));
    for (const day of [on, this.work.today()]) {
      const path = await this.figures.ancestors(unit.id, day);
      const from = path.findIndex((u) => scopes.has(u.id));
      if (from >= 0) return path.slice(from).map(({ id, code, name }) => ({ id, code, name }));
    }
    return [unit];
  }
}
