import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  AccountOptions,
  apiToken,
  createAccount,
  createUnit,
  GivenAccount,
  UnitOptions,
  WebLogin,
  webLogin,
} from './identity';

let seq = 0;
/** A short unique suffix for codes and logins within a test file. */
export const unique = (prefix: string): string =>
  `${prefix}${(++seq).toString(36)}${Date.now().toString(36).slice(-4)}`;

/** Test data factories: each test builds what it needs through the real services. */
export class Given {
  constructor(
    readonly app: INestApplicationContext,
    readonly db: DataSource,
  ) {}

  /** A unit under `parent` (default: a province under the country). */
  unit(o: UnitOptions = {}): ReturnType<typeof createUnit> {
    return createUnit(this.app, this.db, unique('U'), o);
  }

  /** An account with one grant (default learner over the country) whose home unit is the scope unit. */
  account(o: AccountOptions = {}): Promise<GivenAccount> {
    return createAccount(this.app, unique('acc'), o);
  }

  /** A bearer token from POST /api/v1/auth/login. */
  tokenFor(account: { login: string; password: string }, totp?: string): Promise<string> {
    return apiToken(this.app, account, totp);
  }

  /** A logged-in browser: an agent with the session cookie, and the session's CSRF token. */
  webLogin(account: { login: string; password: string }): Promise<WebLogin> {
    return webLogin(this.app, account);
  }
}
