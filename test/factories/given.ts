import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createExam, createQuestion, ExamSpec, QuestionSpec } from './exams';
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
import { createLearner, createPerson, GivenLearner, PersonOptions, roleId } from './roster';

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

  /** A person on the roster of `unit` with the given role codes (default PUBLIC_LEARNER). */
  person(o: PersonOptions): ReturnType<typeof createPerson> {
    return createPerson(this.app, this.db, unique('P'), o);
  }

  /** A person on the roster with a learner account linked to them: a learner of that unit. */
  learner(o: PersonOptions): Promise<GivenLearner> {
    return createLearner(this.app, this.db, unique('L'), o);
  }

  /** A question in a course's bank, through QuestionsService (default: single choice, "a" right, topic iccpr). */
  question(spec: QuestionSpec): ReturnType<typeof createQuestion> {
    return createQuestion(this.app, spec);
  }

  /** An exam of a course, through ExamsService (default: practice, 10 iccpr questions, 30 min, pass 70%). */
  exam(spec: ExamSpec): ReturnType<typeof createExam> {
    return createExam(this.app, spec);
  }

  /** A role id of the catalogue by its code. */
  roleId(code: string): Promise<string> {
    return roleId(this.db, code);
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
