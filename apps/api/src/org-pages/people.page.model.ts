import { PersonHistoryResponse, PersonListItemResponse, PersonResponse, RoleResponse, unitLabel } from '@app/org';
import { Lang, translate } from '../web/i18n';
import { queryString, roleName } from '../web/page-helpers';

export interface PeopleQuery {
  q?: string;
  unit?: string;
  role?: string;
  status?: string;
}

export interface PeoplePage {
  /** The page number when reached by number (?page=N), null when reached through a cursor. */
  number: number | null;
  size: number;
  items: PersonListItemResponse[];
  /** Exact up to 10,000 (totalCapped: "more than"), null when not counted (a filter over a large subtree). */
  total: number | null;
  totalCapped: boolean;
  next: string | null;
  prev: string | null;
}

const STATUSES = ['active', 'on_leave', 'left'];

/** The roster page: the filter form (kept as typed), the rows, and prev/next links that keep the filters. */
export function peopleListModel(v: {
  query: PeopleQuery;
  roles: RoleResponse[];
  lang: Lang;
  page: PeoplePage | null;
  problems?: Array<{ field: string; reason: string }>;
}): Record<string, unknown> {
  const { query, lang, page } = v;
  const names = new Map(v.roles.map((r) => [r.id, roleName(r, lang)]));
  const filters = { q: query.q, unit: query.unit, role: query.role, status: query.status };
  const cursorHref = (cursor: string | null): string | null =>
    cursor ? `/people${queryString({ ...filters, cursor })}` : null;
  // Page numbers only where they are cheap: reached by number, with an exact total.
  const lastPage =
    page && page.number !== null && page.total !== null && !page.totalCapped
      ? Math.max(1, Math.ceil(page.total / page.size))
      : null;
  const totalText = (p: PeoplePage): string =>
    p.total === null
      ? translate(lang, 'org.people.totalNotCounted')
      : p.totalCapped
        ? `${translate(lang, 'org.people.totalMore')} ${p.total.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN')}`
        : p.total.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN');
  return {
    title: translate(lang, 'org.people.title'),
    q: query.q ?? '',
    unit: query.unit ?? '',
    roles: v.roles.map((r) => ({
      id: r.id,
      name: roleName(r, lang),
      retired: r.retired,
      selected: r.id === query.role,
    })),
    statuses: STATUSES.map((s) => ({ value: s, key: `org.status.${s}`, selected: s === query.status })),
    problems: v.problems ?? [],
    unitProblem: v.problems?.find((p) => p.field === 'unit')?.reason ?? null,
    page: page
      ? {
          number: lastPage === null ? null : page.number,
          last: lastPage,
          total: totalText(page),
          prevHref: cursorHref(page.prev),
          nextHref: cursorHref(page.next),
          items: page.items.map((p) => ({
            id: p.id,
            fullName: p.fullName,
            employeeCode: p.employeeCode ?? '—',
            unitId: p.unitId,
            unitName: p.unitName ? unitLabel(p.unitName, p.unitPlace) : '—',
            roles: p.roleIds.map((id) => names.get(id) ?? id).join('; '),
            statusKey: `org.status.${p.status}`,
          })),
        }
      : null,
  };
}

const period = (p: { validFrom: string; validTo: string | null }) => ({ from: p.validFrom, to: p.validTo });

/** A person's page: current details and their membership, role and status periods. */
export function personModel(
  person: PersonResponse,
  history: PersonHistoryResponse,
  roles: RoleResponse[],
  lang: Lang,
): Record<string, unknown> {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const nameOf = (id: string, fallback: string): string => {
    const role = byId.get(id);
    return role ? roleName(role, lang) : fallback;
  };
  return {
    title: `${person.fullName} · ${translate(lang, 'org.people.title')}`,
    person: {
      ...person,
      statusKey: `org.status.${person.status}`,
      genderKey: person.gender ? `org.gender.${person.gender}` : null,
      roles: person.roleIds.map((id) => nameOf(id, id)),
    },
    memberships: history.memberships.map((m) => ({ ...period(m), unitId: m.unitId, unitName: m.unitName })),
    roleHistory: history.roles.map((r) => ({ ...period(r), name: nameOf(r.roleId, r.roleCode) })),
    statuses: history.statuses.map((s) => ({ ...period(s), key: `org.status.${s.status}` })),
  };
}
