import type { TestApp } from '../setup/test-app';

const HOUR = 3_600_000;

/** An instant `hours` from the test clock's now, as the API takes it. */
export const hoursFromNow = (t: TestApp, hours: number): string =>
  new Date(t.clock.now().getTime() + hours * HOUR).toISOString();

/** The body of a session as the API takes it. */
export interface SessionBody {
  title: string;
  kind: string;
  topics: string[];
  organiserUnitId: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  trainers: string;
  countingRoleIds: string[];
  capacity?: number;
  [field: string]: unknown;
}

/** A valid session body (a one-day training of unit `unitId` starting in `startsInHours`, two hours long). */
export function sessionBody(
  t: TestApp,
  unitId: string,
  o: { startsInHours?: number; hours?: number; countingRoleIds?: string[]; capacity?: number; title?: string } = {},
): SessionBody {
  const starts = o.startsInHours ?? 1;
  return {
    title: o.title ?? 'Tập huấn kỹ năng truyền thông về quyền con người',
    kind: 'training',
    topics: [],
    organiserUnitId: unitId,
    startsAt: hoursFromNow(t, starts),
    endsAt: hoursFromNow(t, starts + (o.hours ?? 2)),
    place: 'Hội trường UBND xã',
    trainers: 'TS. Lê Minh Tâm',
    countingRoleIds: o.countingRoleIds ?? [],
    ...(o.capacity ? { capacity: o.capacity } : {}),
  };
}

/** Creates a session through the API as `token`; returns its id. */
export async function createSession(t: TestApp, token: string, body: SessionBody): Promise<string> {
  const res = await t.http.post('/api/v1/training-sessions').auth(token, { type: 'bearer' }).send(body);
  if (res.status !== 201) throw new Error(`session not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The attendance rows of a session, straight from the table. */
export const attendanceRows = (t: TestApp, sessionId: string) =>
  t.db.query<Array<{ person_id: string; status: string; share: number; walk_in: boolean }>>(
    `SELECT person_id, status, share, walk_in FROM training_attendance WHERE session_id = $1 ORDER BY person_id`,
    [sessionId],
  );

/** Callers by name whose access tokens are renewed after the test clock moves (they last an hour). */
export class Callers<K extends string> {
  readonly tokens = {} as Record<K, string>;
  constructor(
    private readonly t: TestApp,
    private readonly accounts: Record<K, { login: string; password: string }>,
  ) {}

  /** Logs everyone in (again). */
  async login(): Promise<this> {
    for (const k of Object.keys(this.accounts) as K[]) this.tokens[k] = await this.t.given.tokenFor(this.accounts[k]);
    return this;
  }

  /** Moves the clock by `ms`, then logs everyone in again. */
  async advance(ms: number): Promise<void> {
    this.t.clock.advance(ms);
    await this.login();
  }
}
