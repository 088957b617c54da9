import { Permission } from '@app/common';
import { InProcessJobExecutor, JobDispatcher } from '@app/jobs';
import {
  LoggedRosterChange,
  ROSTER_CHANGES_READ_JOB,
  RosterChangeFeed,
  RosterChangeLog,
  RosterHooks,
  ROSTER_COLUMNS,
} from '@app/org';
import { unique } from '../../factories/given';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * The roster change log: every roster change appends its rows in its own transaction, and the feed job reads them
 * in order from a stored cursor. The feed only reads rows of transactions older than every running one (on the
 * whole server, other test files included), so reads are retried until the expected rows show up.
 */
describe('roster change log', () => {
  let t: TestApp;
  let feed: RosterChangeFeed;
  let admin: string;
  const seen: LoggedRosterChange[] = [];
  const auth = { type: 'bearer' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    feed = t.app.get(RosterChangeFeed);
    feed.register('test.recorder', async (changes) => {
      seen.push(...changes);
      return Promise.resolve();
    });
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
  });
  afterAll(() => t.close());

  /** Runs the read job until `n` changes were seen in all (or fails after ~20 s). */
  async function readUntil(n: number): Promise<LoggedRosterChange[]> {
    for (let i = 0; seen.length < n; i++) {
      if (i > 200) throw new Error(`only ${seen.length} of ${n} changes read`);
      await t.app
        .get(JobDispatcher)
        .dispatch(ROSTER_CHANGES_READ_JOB, `roster-changes:test.recorder:${i}:${Date.now()}`, {
          consumer: 'test.recorder',
        });
      await t.app.get(InProcessJobExecutor).onIdle();
      if (seen.length < n) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return seen;
  }
  const logged = async (): Promise<number> =>
    (await t.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM roster_change`))[0].n;

  it('records each roster change in order, and the job reads each one once', async () => {
    const hr = await t.given.roleId('HR_OFFICIAL');
    const province = await t.given.unit();
    const [a, b] = [await t.given.unit({ parent: province }), await t.given.unit({ parent: province })];
    const created = await t.http
      .post('/api/v1/people')
      .auth(admin, auth)
      .send({ fullName: 'Trần Văn Lộc', unitId: a.id, roleIds: [hr], effectiveFrom: '2026-01-05' })
      .expect(201);
    const id = created.body.id as string;
    await t.http
      .post(`/api/v1/people/${id}/move`)
      .auth(admin, auth)
      .send({ unitId: b.id, effectiveFrom: '2026-02-01' })
      .expect(200);
    await t.http
      .post(`/api/v1/people/${id}/status`)
      .auth(admin, auth)
      .send({ status: 'left', effectiveFrom: '2026-03-01' })
      .expect(200);
    await t.http
      .put(`/api/v1/units/${b.id}/headcounts/2026`)
      .auth(admin, auth)
      .send({ items: [{ roleId: hr, headcount: 7 }] })
      .expect(200);
    await t.http.post(`/api/v1/units/${a.id}/rename`).auth(admin, auth).send({ name: 'Xã Mới' }).expect(200);

    const changes = await readUntil(5);
    expect(changes.map((c) => [c.kind, c.personId, c.unitId, c.otherUnitId, c.effectiveFrom])).toEqual([
      ['person_joined', id, a.id, null, '2026-01-05'],
      ['person_moved', id, b.id, a.id, '2026-02-01'],
      ['person_left', id, b.id, null, '2026-03-01'],
      ['headcount_declared', null, b.id, null, '2026-01-01'],
      ['unit_renamed', null, a.id, null, t.clock.today()],
    ]);
    expect(changes[0].payload).toMatchObject({ roleIds: [hr] });
    expect(changes[3]).toMatchObject({ roleId: hr, payload: { year: 2026, previous: null, headcount: 7 } });
    // In order, each once: a second run finds nothing new and the cursor sits on the last row.
    expect(new Set(changes.map((c) => c.id)).size).toBe(5);
    expect(changes.map((c) => BigInt(c.id))).toEqual(changes.map((c) => BigInt(c.id)).sort((x, y) => (x < y ? -1 : 1)));
    await expect(feed.drain('test.recorder')).resolves.toEqual({ read: 0 });
    expect(seen).toHaveLength(5);
    const [cursor] = await t.db.query<Array<{ id: string }>>(
      `SELECT last_id::text AS id FROM roster_change_cursor WHERE consumer = 'test.recorder'`,
    );
    expect(cursor.id).toBe(changes[4].id);
  });

  it('leaves no row for a roster change that rolls back', async () => {
    const hr = await t.given.roleId('HR_OFFICIAL');
    const [a, b] = [await t.given.unit(), await t.given.unit()];
    const person = await t.http
      .post('/api/v1/people')
      .auth(admin, auth)
      .send({ fullName: 'Lê Thị Hoa', unitId: a.id, roleIds: [hr] })
      .expect(201);
    const before = await logged();
    // A roster listener that fails after the change and its log row are written: the whole move rolls back.
    const remove = t.app.get(RosterHooks).register(() => Promise.reject(new Error('listener failed')));
    try {
      await t.http.post(`/api/v1/people/${person.body.id}/move`).auth(admin, auth).send({ unitId: b.id }).expect(500);
    } finally {
      remove();
    }
    expect(await logged()).toBe(before);
    const [row] = await t.db.query<Array<{ unitId: string }>>(`SELECT unit_id AS "unitId" FROM person WHERE id = $1`, [
      person.body.id,
    ]);
    expect(row.unitId).toBe(a.id);
  });

  it('never skips a change that commits after a later one: the reader waits for the older transaction', async () => {
    const unit = await t.given.unit();
    await readUntil(seen.length + 1); // the unit's person_joined of the test above, and anything else before
    const start = seen.length;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const written = new Promise<void>((resolve) => (appended = resolve));
    // An older transaction appends a row and stays open …
    const slow = t.db.transaction(async (m) => {
      await RosterChangeLog.append(m, [{ kind: 'unit_closed', effectiveFrom: '2026-01-01', unitId: unit.id }]);
      appended();
      await held;
    });
    await written;
    // … while a later one appends and commits.
    await t.db.transaction((m) =>
      RosterChangeLog.append(m, [{ kind: 'unit_renamed', effectiveFrom: '2026-01-02', unitId: unit.id }]),
    );
    await feed.drain('test.recorder');
    expect(seen.slice(start).filter((c) => c.unitId === unit.id)).toEqual([]);
    release();
    await slow;
    const all = await readUntil(start + 2);
    expect(all.slice(start).map((c) => [c.kind, c.unitId])).toEqual([
      ['unit_closed', unit.id],
      ['unit_renamed', unit.id],
    ]);
  });

  it('the roster import appends its changes set-based: one row per new person, per move and per role', async () => {
    const hr = await t.given.roleId('HR_OFFICIAL');
    const province = await t.given.unit();
    const [a, b] = [await t.given.unit({ parent: province }), await t.given.unit({ parent: province })];
    const code = unique('C');
    const header = ROSTER_COLUMNS.map((c) => c.headerVi);
    const row = (unit: string, role: string, n: number): string[] =>
      ROSTER_COLUMNS.map(
        (c) =>
          ({ employee_code: `${code}-${n}`, full_name: `Người Số ${n}`, unit_code: unit, roles: role })[
            c.key as string
          ] ?? '',
      );
    const upload = async (rows: string[][]): Promise<void> => {
      const res = await t.http
        .post('/api/v1/roster-imports')
        .query({ mode: 'commit' })
        .auth(admin, auth)
        .attach('file', csvBuffer([header, ...rows]), 'ds.csv')
        .expect(202);
      await t.app.get(InProcessJobExecutor).onIdle();
      const done = await t.http.get(`/api/v1/roster-imports/${res.body.id}`).auth(admin, auth).expect(200);
      expect(done.body.status).toBe('done');
    };
    const kinds = async (): Promise<string[]> =>
      (
        await t.db.query<Array<{ kind: string; n: number }>>(
          `SELECT kind || ':' || count(*) AS kind FROM roster_change c
            WHERE c.unit_id = ANY($1) GROUP BY kind ORDER BY kind`,
          [[a.id, b.id]],
        )
      ).map((r) => r.kind);
    await upload([1, 2, 3].map((n) => row(a.code, 'HR_OFFICIAL', n)));
    expect(await kinds()).toEqual(['person_joined:3']);
    // Person 1 moves to b, person 2 takes another role instead of HR_OFFICIAL, person 3 stays as is.
    await upload([row(b.code, 'HR_OFFICIAL', 1), row(a.code, 'PROPAGANDIST', 2), row(a.code, 'HR_OFFICIAL', 3)]);
    expect(await kinds()).toEqual(['person_joined:3', 'person_moved:1', 'person_role:2']);
    const roles = await t.db.query<Array<{ roleId: string; change: string }>>(
      `SELECT role_id AS "roleId", payload->>'change' AS change FROM roster_change
        WHERE kind = 'person_role' AND unit_id = $1 ORDER BY change`,
      [a.id],
    );
    expect(roles).toEqual([
      { roleId: await t.given.roleId('PROPAGANDIST'), change: 'added' },
      { roleId: hr, change: 'ended' },
    ]);
  });
});
