import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as ClassValidatorError } from 'class-validator';
import { Actor, Permission } from '@app/common';
import { AccountListResponse, ADMIN_GRANTABLE, CreateAccountDto, ORGANISER_GRANTABLE } from '@app/identity';
import { admits, Policy, UnitResponse } from '@app/org';

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface CreateAccountForm {
  login: string;
  displayName: string;
  email: string;
  password: string;
  unitCode: string;
  permission: string;
}

export const readCreateForm = (body: Record<string, unknown>): CreateAccountForm => {
  const s = (k: string): string => {
    const v = body[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    login: s('login').trim(),
    displayName: s('displayName'),
    email: s('email').trim(),
    password: s('password'),
    unitCode: s('unitCode').trim(),
    permission: s('permission'),
  };
};

// Form fields are named after what the person types (a unit code), the DTO after ids.
const FORM_FIELD: Record<string, string> = {
  homeUnitId: 'unitCode',
  'grants.0.permission': 'permission',
  'grants.0.scopeUnitId': 'unitCode',
};

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field: FORM_FIELD[field] ?? field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The DTO for a create form, or the problems found (the same rules as the API). */
export async function toCreateDto(
  form: CreateAccountForm,
  unit: UnitResponse | null,
): Promise<CreateAccountDto | FieldProblem[]> {
  const dto = plainToInstance(CreateAccountDto, {
    login: form.login,
    displayName: form.displayName,
    email: form.email || undefined,
    password: form.password,
    homeUnitId: unit?.id ?? '00000000-0000-0000-0000-000000000000',
    grants: [{ permission: form.permission, scopeUnitId: unit?.id ?? '00000000-0000-0000-0000-000000000000' }],
  });
  const problems = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  if (!unit) problems.push({ field: 'unitCode', reason: 'no unit with this code inside your scope' });
  return problems.length ? problems : dto;
}

const lockedAt = (d: Date | undefined): string | null => (d ? `${d.toISOString().slice(11, 16)} UTC` : null);

/** The accounts page: rows, paging, the create form and its problems. Plain values only. */
export function accountsPageModel(
  actor: Actor,
  page: AccountListResponse,
  units: UnitResponse[],
  view: {
    q?: string;
    offset: number;
    limit: number;
    done?: string;
    form?: Partial<CreateAccountForm>;
    problems?: FieldProblem[];
    /** Accounts locked by failed logins, with when the lock opens. */
    lockedUntil?: Map<string, Date>;
  },
): Record<string, unknown> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const isAdmin = admits(actor, Policy.AccountAdminister);
  const grantable = isAdmin ? ADMIN_GRANTABLE : ORGANISER_GRANTABLE;
  const form = view.form ?? {};
  const chosen: string = form.permission || Permission.Learner;
  return {
    title: 'Tài khoản',
    q: view.q ?? '',
    total: page.total,
    items: page.items.map((a) => ({
      ...a,
      isActive: a.status === 'active',
      isSelf: a.id === actor.accountId,
      lockedUntil: lockedAt(view.lockedUntil?.get(a.id)),
      canUnlock: isAdmin && view.lockedUntil?.has(a.id) === true,
      statusKey: `accounts.status.${a.status}`,
      grants: a.grants.map((g) => {
        const unit = byId.get(g.scopeUnitId);
        return {
          permissionKey: `permission.${g.permission}`,
          unit: unit ? `${unit.name} (${unit.code})` : g.scopeUnitId,
        };
      }),
    })),
    prevOffset: view.offset > 0 ? Math.max(0, view.offset - view.limit) : null,
    nextOffset: view.offset + view.limit < page.total ? view.offset + view.limit : null,
    permissions: grantable.map((p) => ({ value: p, key: `permission.${p}`, selected: (p as string) === chosen })),
    form,
    problems: view.problems ?? [],
    doneKey: view.done ? `accounts.done.${view.done}` : null,
  };
}
