import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent';
import { Actor, Permission } from '@app/common';
import { AccountResponse, AccountsService } from '@app/identity';
import { OrgUnitsService, UnitResponse, UnitType } from '@app/org';

const SYSTEM_ACCOUNT_ID = '00000000-0000-0000-0000-000000000000';

export interface UnitOptions {
  parent?: { id: string };
  type?: UnitType;
  code?: string;
  name?: string;
}

export interface AccountOptions {
  permission?: Permission;
  /** Default: the country unit. */
  scopeUnit?: { id: string };
  /** Default: the scope unit. */
  homeUnit?: { id: string };
  /** Extra grants beside the first. */
  also?: Array<{ permission: Permission; scopeUnit: { id: string } }>;
  password?: string;
  login?: string;
  displayName?: string;
  email?: string;
}

export interface GivenAccount extends AccountResponse {
  password: string;
}

export interface WebLogin {
  /** A supertest agent that keeps the session cookie. */
  agent: TestAgent;
  /** The session's CSRF token, for POST forms. */
  csrf: string;
}

/** An all-powerful actor for factories (the audit log records the zero id). */
export async function systemActor(app: INestApplicationContext): Promise<Actor> {
  const root = await app.get(OrgUnitsService).getRoot();
  return { accountId: SYSTEM_ACCOUNT_ID, grants: [{ permission: Permission.Admin, scopeUnitId: root.id }], via: 'api' };
}

/** A unit through the real service, created by the system actor. */
export async function createUnit(
  app: INestApplicationContext,
  _db: DataSource,
  suffix: string,
  o: UnitOptions,
): Promise<UnitResponse> {
  const units = app.get(OrgUnitsService);
  const parentId = o.parent?.id ?? (await units.getRoot()).id;
  return units.create(await systemActor(app), {
    code: o.code ?? suffix,
    name: o.name ?? `Đơn vị ${suffix}`,
    type: o.type ?? (o.parent ? UnitType.Commune : UnitType.Province),
    parentId,
  });
}

export async function createAccount(
  app: INestApplicationContext,
  suffix: string,
  o: AccountOptions,
): Promise<GivenAccount> {
  const scopeUnitId = o.scopeUnit?.id ?? (await app.get(OrgUnitsService).getRoot()).id;
  const password = o.password ?? `mật khẩu dài ${suffix}`;
  const created = await app.get(AccountsService).create(await systemActor(app), {
    login: o.login ?? suffix.toLowerCase(),
    displayName: o.displayName ?? `Người dùng ${suffix}`,
    email: o.email,
    password,
    homeUnitId: o.homeUnit?.id ?? scopeUnitId,
    grants: [
      { permission: o.permission ?? Permission.Learner, scopeUnitId },
      ...(o.also ?? []).map((g) => ({ permission: g.permission, scopeUnitId: g.scopeUnit.id })),
    ],
  });
  return { ...created, password };
}

export async function apiToken(
  app: INestApplicationContext,
  account: { login: string; password: string },
  totp?: string,
): Promise<string> {
  const server = (app as unknown as { getHttpServer(): Parameters<typeof request>[0] }).getHttpServer();
  const res = await request(server)
    .post('/api/v1/auth/login')
    .send({ login: account.login, password: account.password, totp });
  if (res.status !== 200) {
    throw new Error(`login of ${account.login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (res.body as { accessToken: string }).accessToken;
}

const hiddenCsrf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export async function webLogin(
  app: INestApplicationContext,
  account: { login: string; password: string },
): Promise<WebLogin> {
  const server = (app as unknown as { getHttpServer(): Parameters<typeof request.agent>[0] }).getHttpServer();
  const agent = request.agent(server);
  const form = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: hiddenCsrf(form.text), login: account.login, password: account.password, next: '/' });
  if (res.status !== 303) throw new Error(`web login of ${account.login} failed: ${res.status}`);
  const home = await agent.get('/').expect(200);
  return { agent, csrf: hiddenCsrf(home.text) };
}
