import { coveragePercent } from '@app/coverage';
import { AssignmentProgressResponse, AssignmentResponse } from '@app/learning';
import { RoleResponse } from '@app/org';
import { queryString, roleName } from '../../web/page-helpers';
import type { ConfirmPage } from '../../web/confirm';
import { dayField, formatDay, formatNumber } from '../../web/format';
import { Lang, translate } from '../../web/i18n';

/** The "new assignment" form as typed (re-shown with the problems after a refused POST). */
export interface AssignmentForm {
  courseId: string;
  unitCode: string;
  roleIds: string[];
  dueDate: string;
}

export interface FieldProblem {
  field: keyof AssignmentForm | 'form';
  reason: string;
}

export const PAGE_SIZE = 50;

const roleList = (roles: AssignmentResponse['roles'], lang: Lang): string =>
  roles.map((r) => (lang === 'en' ? r.nameEn : r.nameVi)).join('; ');

/** /assignments: the form (organisers) and the assignments in scope. */
export function assignmentsListModel(v: {
  lang: Lang;
  canAssign: boolean;
  courses: Array<{ id: string; code: string; title: string }>;
  roles: RoleResponse[];
  form: AssignmentForm;
  problems: FieldProblem[];
  today: string;
  done?: string;
  page: { number: number; items: AssignmentResponse[]; total: number };
}): Record<string, unknown> {
  const { lang, form, page } = v;
  const problem = (field: FieldProblem['field']): string | null =>
    v.problems
      .filter((p) => p.field === field)
      .map((p) => p.reason)
      .join('; ') || null;
  const last = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const href = (n: number): string => `/assignments${queryString({ page: n > 1 ? n : undefined })}`;
  return {
    title: translate(lang, 'assign.title'),
    canAssign: v.canAssign,
    doneKey: v.done === 'cancelled' ? 'assign.cancelledOk' : null,
    today: formatDay(lang, v.today),
    problems: v.problems.map((p) => ({
      ...p,
      label: p.field === 'form' ? '' : translate(lang, FIELD_LABELS[p.field]),
      anchor: p.field === 'form' ? null : `f-${p.field}`,
    })),
    form: {
      unitCode: form.unitCode,
      dueDate: dayField(lang, form.dueDate),
      courses: v.courses.map((c) => ({ ...c, selected: c.id === form.courseId })),
      roles: v.roles
        .filter((r) => !r.retired)
        .map((r) => ({ id: r.id, name: roleName(r, lang), checked: form.roleIds.includes(r.id) })),
      courseProblem: problem('courseId'),
      unitProblem: problem('unitCode'),
      rolesProblem: problem('roleIds'),
      dueProblem: problem('dueDate'),
    },
    page: {
      number: page.number,
      last,
      total: page.total,
      prevHref: page.number > 1 ? href(page.number - 1) : null,
      nextHref: page.number < last ? href(page.number + 1) : null,
      items: page.items.map((a) => ({
        id: a.id,
        courseTitle: a.courseTitle,
        courseCode: a.courseCode,
        unitName: a.unitName,
        unitCode: a.unitCode,
        roles: roleList(a.roles, lang),
        dueDate: a.dueDate,
        statusKey: `assign.status.${a.status}`,
        cancelled: a.status === 'cancelled',
        memberCount: a.memberCount,
        fromAbove: a.assignedFromAbove,
      })),
    },
  };
}

const FIELD_LABELS: Record<keyof AssignmentForm, string> = {
  courseId: 'assign.course',
  unitCode: 'assign.unitCode',
  roleIds: 'assign.roles',
  dueDate: 'assign.dueDate',
};

/**
 * /assignments/:id: the assignment, its enrol job while it runs, and progress by unit with drill-down links. For an
 * assignment from above the progress, its path and its links start at the caller's own scope (the service's part).
 */
export function assignmentModel(v: {
  lang: Lang;
  assignment: AssignmentResponse;
  progress: AssignmentProgressResponse;
  canCancel: boolean;
  done?: string;
}): Record<string, unknown> {
  const { lang, assignment: a, progress: p } = v;
  const base = `/assignments/${a.id}`;
  const drill = (unitId: string): string => (unitId === a.unitId ? base : `${base}?unitId=${unitId}`);
  const job = a.job;
  return {
    title: `${a.courseTitle} · ${translate(lang, 'assign.title')}`,
    doneKey: v.done === 'created' ? 'assign.createdOk' : null,
    a: {
      ...a,
      roles: roleList(a.roles, lang),
      statusKey: `assign.status.${a.status}`,
      active: a.status === 'active',
      fromAbove: a.assignedFromAbove,
      createdAt: a.createdAt.slice(0, 10),
    },
    job: job
      ? {
          ...job,
          key: `assign.job.${job.status}`,
          busy: job.status === 'queued' || job.status === 'running',
          failed: job.status === 'failed',
        }
      : null,
    canCancel: v.canCancel && a.status === 'active',
    cancelAction: `${base}/cancel`,
    selfHref: p.unit.id === a.unitId ? base : drill(p.unit.id),
    path: p.path.map((u, i) => ({ ...u, href: drill(u.id), current: i === p.path.length - 1 })),
    asOf: p.asOf,
    unit: p.unit,
    totals: { ...p.totals, ...shares(p.totals) },
    rows: p.rows.map((r) => ({ ...r, ...shares(r), href: r.child && r.hasChildren ? drill(r.unitId) : null })),
    elsewhere: p.elsewhere,
  };
}

/** A count as a share of the assigned, one decimal, floored like coverage (never 100% before everyone); "—" for 0. */
const share = (n: number, of: number): string => {
  const v = coveragePercent(n, of);
  return v === null ? '—' : `${v.toLocaleString('vi-VN')}%`;
};

function shares(c: { assigned: number; started: number; completed: number; overdue: number; notStarted: number }) {
  return {
    startedPct: share(c.started, c.assigned),
    completedPct: share(c.completed, c.assigned),
    overduePct: share(c.overdue, c.assigned),
    notStartedPct: share(c.notStarted, c.assigned),
  };
}

/** The cancel confirmation: who stops being assigned (with the count), and what is kept. */
export function cancelConfirmModel(
  lang: Lang,
  a: AssignmentResponse,
  totals: AssignmentProgressResponse['totals'],
): ConfirmPage {
  const n = (v: number): string => formatNumber(lang, v);
  const say = (key: string, values: Record<string, string>): string =>
    Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), translate(lang, key));
  return {
    title: translate(lang, 'assign.cancel.title'),
    subject: `${a.courseTitle} (${a.courseCode}) · ${a.unitName} · ${translate(lang, 'assign.dueDate')} ${formatDay(lang, a.dueDate)}`,
    consequences: [
      say('assign.cancel.members', { n: n(a.memberCount) }),
      say('assign.cancel.kept', { started: n(totals.started), completed: n(totals.completed) }),
      translate(lang, 'assign.cancel.final'),
    ],
    action: `/assignments/${a.id}/cancel`,
    button: translate(lang, 'assign.cancel.button'),
    backHref: `/assignments/${a.id}`,
  };
}
