import type {
  CoveragePeopleResponse,
  CoverageRow,
  CoverageTrendResponse,
  CoverageUnit,
  TargetResponse,
  UnitCoverageResponse,
} from '@app/coverage';
import type { Lang } from '../web/i18n';
import { translate } from '../web/i18n';
import { queryString } from '../web/page-helpers';
import { COVERAGE_LIST_SIZE } from './coverage.page.dto';

const pct = (v: number | null): string => (v === null ? '—' : `${v.toLocaleString('vi-VN')}%`);
const BY_NAME = new Intl.Collator('vi');
const TREND_W = 600;
const TREND_H = 120;

/** The filters every coverage page keeps in its links (empty ones left out). */
export interface CoverageFilters {
  unitId: string;
  roleId?: string;
  date: string;
  structure?: 'then' | 'now';
  sort?: 'name' | 'coverage' | 'gap';
}

const href = (path: string, f: Partial<CoverageFilters> & { page?: number }): string =>
  `${path}${queryString({
    unitId: f.unitId,
    roleId: f.roleId,
    date: f.date,
    structure: f.structure === 'now' ? 'now' : undefined,
    sort: f.sort && f.sort !== 'name' ? f.sort : undefined,
    page: f.page && f.page > 1 ? f.page : undefined,
  })}`;

/** The export of a list, with the same filters (libs/exports: trained, untrained and coverage kinds). */
const exportHref = (kind: 'trained' | 'untrained' | 'coverage', f: CoverageFilters): string =>
  `/api/v1/exports/${kind}.csv${queryString({ unitId: f.unitId, roleId: f.roleId, date: f.date })}`;

function rowModel(r: CoverageRow, lang: Lang, f: CoverageFilters) {
  const lists = { ...f, roleId: r.roleId, sort: undefined };
  return {
    name: r.roleName,
    code: r.roleCode,
    headcount: r.headcount,
    trained: r.trained,
    untrained: r.headcount - r.trained - r.declaredNotNamed,
    declaredNotNamed: r.declaredNotNamed,
    coverage: pct(r.coverage),
    bar: Math.min(100, r.coverage ?? 0),
    target: r.targetPercent,
    gap: r.gap,
    deadline: r.deadline,
    status: r.status ?? 'none',
    statusText: r.statusText ? r.statusText[lang] : null,
    trainedHref: href('/coverage/trained', lists),
    untrainedHref: href('/coverage/untrained', lists),
  };
}

/** Month by month, one small chart per series (roles, then all roles): SVG coordinates, no script. */
function trendModel(trend: CoverageTrendResponse, rows: CoverageRow[], lang: Lang) {
  const names = new Map(rows.map((r) => [r.roleId, { name: r.roleName, target: r.targetPercent }]));
  return trend.series.map((s) => {
    const step = s.points.length > 1 ? TREND_W / (s.points.length - 1) : 0;
    const y = (v: number) => Math.round(TREND_H - (v * TREND_H) / 100);
    const coords = s.points.map((p, i) => ({
      x: Math.round(i * step),
      y: y(p.coverage ?? 0),
      day: p.date,
      coverage: pct(p.coverage),
      trained: p.trained,
      headcount: p.headcount,
    }));
    const role = s.roleId ? names.get(s.roleId) : undefined;
    return {
      name: s.roleId === null ? translate(lang, 'coverage.allRoles') : (role?.name ?? s.roleCode ?? ''),
      targetY: role ? y(role.target) : null,
      width: TREND_W,
      height: TREND_H,
      polyline: coords.map((c) => `${c.x},${c.y}`).join(' '),
      points: coords,
      last: coords.at(-1),
    };
  });
}

/** The breadcrumb: the caller's scope unit down to this one, each a link but the last. */
function crumbs(path: CoverageUnit[], f: CoverageFilters) {
  return path.map((u, i) => ({
    name: u.name,
    href: i < path.length - 1 ? href('/coverage', { ...f, unitId: u.id, sort: f.sort }) : null,
  }));
}

/** Role filter options: the targeted roles, once each. */
function roleOptions(targets: TargetResponse[], roleId: string | undefined) {
  const seen = new Map<string, string>();
  for (const t of targets) if (!seen.has(t.roleId)) seen.set(t.roleId, t.roleName);
  return [...seen].map(([id, name]) => ({ id, name, selected: id === roleId }));
}

/** The dashboard's view model: only formatting and ordering, the figures are the API's. */
export function coverageDashboardModel(v: {
  data: UnitCoverageResponse;
  trend: CoverageTrendResponse;
  path: CoverageUnit[];
  targets: TargetResponse[];
  roleId?: string;
  sort: 'name' | 'coverage' | 'gap';
  lang: Lang;
}) {
  const { data, lang, sort } = v;
  const f: CoverageFilters = {
    unitId: data.unit.id,
    roleId: v.roleId,
    date: data.date,
    structure: data.structure,
    sort,
  };
  const oneRole = v.roleId ? data.rows.find((r) => r.roleId === v.roleId) : undefined;
  const children = data.children.map((c) => {
    const row = v.roleId ? c.rows.find((r) => r.roleId === v.roleId) : undefined;
    const figures = row ?? c.allRoles;
    const gap = row ? row.gap : c.allRoles.headcount - c.allRoles.trained;
    return {
      name: c.unit.name,
      href: href('/coverage', { ...f, unitId: c.unit.id }),
      headcount: figures.headcount,
      trained: figures.trained,
      declaredNotNamed: figures.declaredNotNamed,
      coverage: pct(figures.coverage),
      coverageValue: figures.coverage,
      gap,
    };
  });
  const byName = (a: { name: string }, b: { name: string }) => BY_NAME.compare(a.name, b.name);
  children.sort((a, b) =>
    sort === 'coverage'
      ? (a.coverageValue ?? 1e9) - (b.coverageValue ?? 1e9) || byName(a, b)
      : sort === 'gap'
        ? b.gap - a.gap || byName(a, b)
        : byName(a, b),
  );
  const notNamed = oneRole ? oneRole.declaredNotNamed : data.allRoles.declaredNotNamed;
  const sortLink = (key: 'name' | 'coverage' | 'gap') => ({
    key: `coverage.sort.${key}`,
    href: href('/coverage', { ...f, sort: key }) + '#children',
    current: key === sort,
  });
  const lists = { ...f, sort: undefined };
  return {
    title: `${translate(lang, 'coverage.title')}: ${data.unit.name}`,
    unit: data.unit,
    day: data.date, // not `date`: that is a helper's name in the views
    asOf: data.asOf.replace('T', ' ').slice(0, 16),
    crumbs: crumbs(v.path, f),
    roles: roleOptions(v.targets, v.roleId),
    structureNow: data.structure === 'now',
    sort,
    rows: data.rows.map((r) => rowModel(r, lang, f)),
    allRoles: {
      ...data.allRoles,
      untrained: data.allRoles.headcount - data.allRoles.trained - data.allRoles.declaredNotNamed,
      coverage: pct(data.allRoles.coverage),
      trainedHref: href('/coverage/trained', { ...lists, roleId: undefined }),
      untrainedHref: href('/coverage/untrained', { ...lists, roleId: undefined }),
    },
    showAllRoles: !v.roleId,
    notNamed,
    declareHref: `/units/${data.unit.id}/headcounts`,
    importHref: '/roster-import',
    statusRule: data.statusRule[lang],
    children,
    sortLinks: [sortLink('name'), sortLink('coverage'), sortLink('gap')],
    gapIsRole: Boolean(v.roleId),
    trend: trendModel(v.trend, data.rows, lang),
    untrainedHref: href('/coverage/untrained', lists),
    trainedHref: href('/coverage/trained', lists),
    exports: {
      coverage: exportHref('coverage', f),
      untrained: exportHref('untrained', f),
      trained: exportHref('trained', f),
    },
  };
}

const KIND_KEYS: Record<string, string> = {
  course: 'coverage.kind.course',
  session: 'coverage.kind.session',
  external: 'coverage.kind.external',
};

/** The "not yet trained" and "trained" pages: one unit, role and day, paged, with the matching export. */
export function coverageListModel(v: {
  kind: 'trained' | 'untrained';
  list: CoveragePeopleResponse;
  path: CoverageUnit[];
  targets: TargetResponse[];
  page: number;
  lang: Lang;
}) {
  const { list, lang, kind } = v;
  const f: CoverageFilters = { unitId: list.unit.id, roleId: list.roleId ?? undefined, date: list.date };
  const last = Math.max(1, Math.ceil(list.total / COVERAGE_LIST_SIZE));
  const path = `/coverage/${kind}`;
  const role = roleOptions(v.targets, f.roleId).find((r) => r.selected);
  const heading = translate(lang, `coverage.list.${kind}`);
  return {
    title: `${heading}: ${list.unit.name}`,
    heading,
    kind,
    isTrained: kind === 'trained',
    unit: list.unit,
    day: list.date,
    roleName: role ? role.name : translate(lang, 'coverage.allRoles'),
    roles: roleOptions(v.targets, f.roleId),
    crumbs: [
      ...crumbs(v.path, f).map((c, i, all) => (i === all.length - 1 ? { ...c, href: href('/coverage', f) } : c)),
      { name: heading, href: null },
    ],
    total: list.total,
    declaredNotNamed: list.declaredNotNamed ?? 0,
    dashboardHref: href('/coverage', f),
    otherHref: href(kind === 'trained' ? '/coverage/untrained' : '/coverage/trained', f),
    otherKey: kind === 'trained' ? 'coverage.list.untrained' : 'coverage.list.trained',
    exportHref: exportHref(kind, f),
    page: {
      number: v.page,
      last,
      prevHref: v.page > 1 ? href(path, { ...f, page: v.page - 1 }) : null,
      nextHref: v.page < last ? href(path, { ...f, page: v.page + 1 }) : null,
    },
    items: list.items.map((p) => ({
      personHref: `/people/${p.personId}`,
      fullName: p.fullName,
      unitName: p.unit.name,
      unitHref: href('/coverage', { ...f, unitId: p.unit.id }),
      recordKind: p.recordKind ? translate(lang, KIND_KEYS[p.recordKind] ?? p.recordKind) : null,
      recordHref:
        p.recordId && (p.recordKind === 'course' || p.recordKind === 'session') ? `/certificates/${p.recordId}` : null,
    })),
  };
}
