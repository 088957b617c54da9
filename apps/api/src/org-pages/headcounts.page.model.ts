import {
  HEADCOUNT_FIRST_YEAR,
  HEADCOUNT_LAST_YEAR,
  HEADCOUNT_MAX,
  HeadcountChangeResponse,
  HeadcountItemDto,
  UnitHeadcountsResponse,
} from '@app/org';
import { Lang, translate } from '../web/i18n';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** What the form posted: the year and, per role, the typed figure ('' = keep the current one). */
export interface HeadcountForm {
  year: string;
  values: Record<string, string>;
}

const rowName = (r: { roleNameVi: string; roleNameEn: string }, lang: Lang): string =>
  lang === 'en' ? r.roleNameEn : r.roleNameVi;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const fieldOf = (roleId: string): string => `h_${roleId}`;

export function readHeadcountForm(body: Record<string, unknown>): HeadcountForm {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('h_') && typeof value === 'string') values[key.slice(2)] = value.trim();
  }
  return { year: typeof body.year === 'string' ? body.year.trim() : '', values };
}

/** The year and items of a posted form, or the problems found (each named after its form field). */
export function parseHeadcountForm(
  form: HeadcountForm,
  lang: Lang,
): { year: number; items: HeadcountItemDto[] } | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const year = /^\d{4}$/.test(form.year) ? Number(form.year) : NaN;
  if (!(year >= HEADCOUNT_FIRST_YEAR && year <= HEADCOUNT_LAST_YEAR)) {
    problems.push({ field: 'year', reason: `${HEADCOUNT_FIRST_YEAR}–${HEADCOUNT_LAST_YEAR}` });
  }
  const items: HeadcountItemDto[] = [];
  for (const [roleId, raw] of Object.entries(form.values)) {
    if (raw === '') continue;
    if (!UUID.test(roleId)) {
      problems.push({ field: fieldOf(roleId), reason: 'unknown role' });
      continue;
    }
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(n) && n <= HEADCOUNT_MAX) items.push({ roleId, headcount: n });
    else problems.push({ field: fieldOf(roleId), reason: translate(lang, 'headcounts.invalid') });
  }
  return problems.length ? problems : { year, items };
}

/** The headcount page: year selector, one row per role (declared beside named), the form state and the changes. */
export function headcountsPageModel(v: {
  figures: UnitHeadcountsResponse;
  changes: HeadcountChangeResponse[];
  canDeclare: boolean;
  lang: Lang;
  done?: string;
  form?: HeadcountForm;
  problems?: FieldProblem[];
}): Record<string, unknown> {
  const { figures, lang } = v;
  const problems = v.problems ?? [];
  const names = new Map(figures.rows.map((r) => [r.roleId, rowName(r, lang)]));
  const rows = figures.rows.map((r) => {
    const field = fieldOf(r.roleId);
    return {
      field,
      name: rowName(r, lang),
      nameVi: lang === 'en' ? r.roleNameVi : null,
      value: v.form?.values[r.roleId] ?? (r.declared === null ? '' : String(r.declared)),
      declared: r.declared,
      named: r.named,
      declaredNotNamed: r.declaredNotNamed,
      problem: problems.find((p) => p.field === field)?.reason ?? null,
    };
  });
  const sum = (pick: (r: (typeof figures.rows)[number]) => number): number =>
    figures.rows.reduce((s, r) => s + pick(r), 0);
  return {
    title: `${translate(lang, 'headcounts.title')} · ${figures.unit.name}`,
    unit: { ...figures.unit, href: `/units/${figures.unit.id}` },
    action: `/units/${figures.unit.id}/headcounts`,
    year: figures.year,
    asOf: figures.asOf,
    years: Array.from({ length: HEADCOUNT_LAST_YEAR - HEADCOUNT_FIRST_YEAR + 1 }, (_, i) => {
      const y = HEADCOUNT_FIRST_YEAR + i;
      return { value: y, selected: y === figures.year };
    }),
    rows,
    totals: {
      declared: sum((r) => r.declared ?? 0),
      named: sum((r) => r.named),
      declaredNotNamed: sum((r) => r.declaredNotNamed),
    },
    canDeclare: v.canDeclare,
    doneKey: v.done ? `headcounts.done.${v.done}` : null,
    problems: problems.map((p) => ({
      ...p,
      label: p.field.startsWith('h_')
        ? (names.get(p.field.slice(2)) ?? p.field)
        : translate(lang, `headcounts.${p.field}`),
    })),
    changes: v.changes.slice(0, 50).map((c) => ({
      when: c.declaredAt.replace('T', ' ').slice(0, 16),
      role: names.get(c.roleId) ?? c.roleCode,
      previous: c.previous ?? '—',
      headcount: c.headcount,
    })),
  };
}
