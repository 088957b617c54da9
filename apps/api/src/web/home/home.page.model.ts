import type { UnitCoverageResponse } from '@app/coverage';
import { coveragePercent } from '@app/coverage';
import type { AssignmentResponse, LearnerProfileResponse, ProgressCounts } from '@app/learning';
import { formatDay, formatNumber } from '../format';
import { Lang, translate } from '../i18n';

/** What the home page shows a logged-in caller (null parts are not theirs to see). */
export interface HomeWork {
  learning: LearnerProfileResponse['learning'];
  units: UnitCoverageResponse[];
  assignments: { items: Array<{ assignment: AssignmentResponse; totals: ProgressCounts }>; total: number } | null;
}

type Target = { percent: number; deadline: string; nameVi: string; nameEn: string };

const percentText = (lang: Lang, v: number | null): string =>
  v === null ? '—' : `${v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%`;

const say = (lang: Lang, key: string, values: Record<string, string>): string =>
  Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), translate(lang, key));

function unitModel(lang: Lang, u: UnitCoverageResponse) {
  const n = (v: number) => formatNumber(lang, v);
  const behind = u.children.filter((c) => c.rows.some((r) => r.status === 'behind')).length;
  const declaredNotNamed = u.rows.reduce((sum, r) => sum + r.declaredNotNamed, 0);
  const attention = [
    ...(behind > 0
      ? [{ text: say(lang, 'home.work.behind', { n: n(behind) }), href: `/coverage?unitId=${u.unit.id}&sort=gap` }]
      : []),
    ...(declaredNotNamed > 0
      ? [
          {
            text: say(lang, 'home.work.declaredNotNamed', { n: n(declaredNotNamed) }),
            href: `/units/${u.unit.id}/headcounts`,
          },
        ]
      : []),
  ];
  return {
    name: u.unit.name,
    dashboardHref: `/coverage?unitId=${u.unit.id}`,
    day: formatDay(lang, u.date),
    rows: u.rows.map((r) => ({
      role: r.roleName,
      trained: n(r.trained),
      headcount: n(r.headcount),
      coverage: percentText(lang, r.coverage),
      target: percentText(lang, r.targetPercent),
      status: r.status ?? 'none',
      statusText: r.statusText ? r.statusText[lang] : '—',
      untrainedHref: `/coverage/untrained?unitId=${u.unit.id}&roleId=${r.roleId}`,
    })),
    attention,
  };
}

/** The home page: the programme's targets for everyone, and the caller's work when logged in. */
export function homeModel(lang: Lang, targets: Target[], work: HomeWork | null): Record<string, unknown> {
  const n = (v: number) => formatNumber(lang, v);
  const learning = work?.learning ?? null;
  return {
    title: translate(lang, 'home.title'),
    targets,
    learning: learning && {
      inProgress: n(learning.inProgress),
      notStarted: n(learning.notStarted),
      overdue: learning.overdue > 0 ? n(learning.overdue) : null,
      completed: n(learning.completed),
    },
    units: (work?.units ?? []).map((u) => unitModel(lang, u)),
    assignments: work?.assignments && {
      total: n(work.assignments.total),
      more: work.assignments.total > work.assignments.items.length,
      allText: say(lang, 'home.work.allAssignments', { n: n(work.assignments.total) }),
      items: work.assignments.items.map(({ assignment: a, totals }) => ({
        href: `/assignments/${a.id}`,
        course: a.courseTitle,
        unit: a.unitName,
        due: formatDay(lang, a.dueDate),
        completed: say(lang, 'home.work.completedOf', { done: n(totals.completed), of: n(totals.assigned) }),
        completedPct: percentText(lang, coveragePercent(totals.completed, totals.assigned)),
        overdue: totals.overdue > 0 ? n(totals.overdue) : null,
      })),
    },
  };
}
