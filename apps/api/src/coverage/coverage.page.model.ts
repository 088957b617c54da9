import type { CoverageRow, CoverageTrendResponse, UnitCoverageResponse } from '@app/coverage';
import type { Lang } from '../web/i18n';

const pct = (v: number | null): string => (v === null ? '—' : `${v.toLocaleString('vi-VN')}%`);
const TREND_W = 600;
const TREND_H = 160;

function rowModel(r: CoverageRow, lang: Lang) {
  return {
    name: r.roleName,
    code: r.roleCode,
    headcount: r.headcount,
    trained: r.trained,
    declaredNotNamed: r.declaredNotNamed,
    coverage: pct(r.coverage),
    bar: Math.min(100, r.coverage ?? 0),
    target: r.targetPercent,
    gap: r.gap,
    deadline: r.deadline,
    status: r.status ?? 'none',
    statusText: r.statusText ? r.statusText[lang] : null,
  };
}

/** The month-by-month line of "all roles" as SVG coordinates (server-rendered, no script). */
function trendModel(trend: CoverageTrendResponse) {
  const all = trend.series.find((s) => s.roleId === null);
  const points = all?.points ?? [];
  const step = points.length > 1 ? TREND_W / (points.length - 1) : 0;
  const coords = points.map((p, i) => ({
    x: Math.round(i * step),
    y: Math.round(TREND_H - ((p.coverage ?? 0) * TREND_H) / 100),
    label: `${p.date}: ${pct(p.coverage)}`,
  }));
  return { width: TREND_W, height: TREND_H, polyline: coords.map((c) => `${c.x},${c.y}`).join(' '), points: coords };
}

/** The dashboard's view model: only formatting, the figures are the API's. */
export function coverageDashboardModel(data: UnitCoverageResponse, trend: CoverageTrendResponse, lang: Lang) {
  const q = (unitId: string) => `/coverage?unitId=${unitId}&date=${data.date}`;
  const children = data.children
    .map((c) => ({
      name: c.unit.name,
      href: q(c.unit.id),
      headcount: c.allRoles.headcount,
      trained: c.allRoles.trained,
      coverage: pct(c.allRoles.coverage),
      sortKey: c.allRoles.coverage ?? 1e9,
      declaredNotNamed: c.allRoles.declaredNotNamed,
    }))
    .sort((a, b) => a.sortKey - b.sortKey);
  const notNamed = data.rows.reduce((s, r) => s + r.declaredNotNamed, 0);
  return {
    title: data.unit.name,
    unit: data.unit,
    day: data.date, // not `date`: that is a helper's name in the views
    asOf: data.asOf.replace('T', ' ').slice(0, 16),
    rows: data.rows.map((r) => rowModel(r, lang)),
    allRoles: { ...data.allRoles, coverage: pct(data.allRoles.coverage) },
    notNamed,
    declareHref: `/units/${data.unit.id}/headcounts`,
    statusRule: data.statusRule[lang],
    children,
    trend: trendModel(trend),
    untrainedHref: `/api/v1/coverage/untrained?unitId=${data.unit.id}&date=${data.date}`,
    trainedHref: `/api/v1/coverage/trained?unitId=${data.unit.id}&date=${data.date}`,
  };
}
