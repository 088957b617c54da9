import { Permission } from '@app/common';
import { HeadcountsService, UnitPeopleCountUpkeep, UnitResponse, UnitType } from '@app/org';
import { systemActor } from '../../factories/identity';
import { CHANGE_LOG_WAIT_MS, changeLogReadable, peopleCountsCaughtUp } from '../../factories/people-counts';
import { createTestApp, TestApp } from '../../setup/test-app';

// The change log is read behind the oldest transaction running on the (shared) server: waits may be long.
jest.setTimeout(CHANGE_LOG_WAIT_MS + 120_000);

interface Node {
  id: string;
  depth: number;
  hasChildren: boolean;
  people: number | null;
}

/*
 * The units' people counts (issue 14): GET /api/v1/units and GET /api/v1/units/:id/tree give each unit the people on
 * the roster today in its subtree, read from unit_people_count, which UnitPeopleCountUpkeep keeps from the roster
 * change log. The figures must agree with the live count (HeadcountsService.peopleInSubtrees, org's roster rule)
 * after every kind of change; the tree is read level by level.
 */
describe('units with their people counts', () => {
  let t: TestApp;
  let province: UnitResponse;
  let communeA: UnitResponse;
  let hamlet: UnitResponse;
  let communeB: UnitResponse;
  let admin: string;
  let organiser: string;
  const people: Record<string, string> = {};

  const api = (token: string, path: string, query: Record<string, string | number> = {}) =>
    t.http.get(path).query(query).auth(token, { type: 'bearer' });

  async function tree(token: string, unitId: string, query: Record<string, string | number> = {}): Promise<Node[]> {
    return (await api(token, `/api/v1/units/${unitId}/tree`, query).expect(200)).body as Node[];
  }

  /** The people of each unit as the tree of the province (depth 2) gives them, by unit. */
  async function counted(): Promise<Record<string, number | null>> {
    const nodes = await tree(admin, province.id, { depth: 2 });
    return Object.fromEntries(nodes.map((n) => [n.id, n.people]));
  }

  /** The same figures counted live over the roster. */
  async function live(): Promise<Record<string, number>> {
    const ids = [province.id, communeA.id, hamlet.id, communeB.id];
    const found = await t.app.get(HeadcountsService).peopleInSubtrees(await systemActor(t.app), ids);
    return Object.fromEntries(ids.map((id) => [id, found.get(id) ?? 0]));
  }

  async function expectCounts(expected: { P: number; A: number; H: number; B: number }): Promise<void> {
    await peopleCountsCaughtUp(t);
    const want = { [province.id]: expected.P, [communeA.id]: expected.A, [hamlet.id]: expected.H };
    expect(await counted()).toMatchObject(want);
    const now = await live();
    expect(now).toMatchObject(want);
    // B by the list (after the merge it is closed: in no tree of today, still a unit of the list).
    const found = await api(admin, '/api/v1/units', { q: communeB.code }).expect(200);
    const b = (found.body.items as Array<{ id: string; people: number }>).find((u) => u.id === communeB.id);
    expect([b?.people, now[communeB.id]]).toEqual([expected.B, expected.B]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Đếm Người' });
    communeA = await t.given.unit({ parent: province, name: 'Xã An Bình' });
    hamlet = await t.given.unit({ parent: communeA, name: 'Thôn Một' });
    communeB = await t.given.unit({ parent: province, name: 'Xã Bình Minh' });
    organiser = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    for (const [key, unit] of [
      ['a1', communeA],
      ['a2', communeA],
      ['h1', hamlet],
      ['b1', communeB],
    ] as const) {
      people[key] = (await t.given.person({ unit })).id;
    }
  });
  afterAll(() => t.close());

  it('has no figures before the first fill, which counts everything and skips the log instead of replaying it', async () => {
    const before = await api(organiser, '/api/v1/units', { parentId: province.id }).expect(200);
    expect(before.body.peopleCountedAt).toBeNull();
    expect(before.body.items.map((u: { people: number | null }) => u.people)).toEqual([null, null]);

    await changeLogReadable(t);
    // The people above were written with their change rows: the fill counts them and reads none of those rows.
    expect(await t.app.get(UnitPeopleCountUpkeep).run()).toEqual({ recounted: true, folded: 0 });
    const [cursor] = await t.db.query<Array<{ behind: number }>>(
      `SELECT count(*)::int AS behind FROM roster_change r, roster_change_cursor c
        WHERE c.consumer = 'org.people-counts' AND (r.tx, r.id) > (c.last_tx, c.last_id)`,
    );
    expect(cursor.behind).toBe(0);
    await expectCounts({ P: 4, A: 3, H: 1, B: 1 });

    const list = await api(organiser, '/api/v1/units', { parentId: province.id }).expect(200);
    expect(list.body.items.map((u: { id: string; people: number }) => [u.id, u.people])).toEqual([
      [communeA.id, 3],
      [communeB.id, 1],
    ]);
    expect(new Date(list.body.peopleCountedAt).getTime()).toBeGreaterThan(Date.now() - 600_000);
    // A second run the same day recounts nothing.
    expect((await t.app.get(UnitPeopleCountUpkeep).run()).recounted).toBe(false);
  });

  it('follows a join, a move, a leave and a merge', async () => {
    people.h2 = (await t.given.person({ unit: hamlet })).id;
    await expectCounts({ P: 5, A: 4, H: 2, B: 1 });

    await t.http
      .post(`/api/v1/people/${people.h1}/move`)
      .auth(admin, { type: 'bearer' })
      .send({ unitId: communeB.id })
      .expect(200);
    await expectCounts({ P: 5, A: 3, H: 1, B: 2 });

    await t.http
      .post(`/api/v1/people/${people.a1}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left' })
      .expect(200);
    await expectCounts({ P: 4, A: 2, H: 1, B: 2 });

    // B merges into A: its people pass to A (and B, closed, stays under A with nobody).
    await t.http
      .post('/api/v1/units/merge')
      .auth(admin, { type: 'bearer' })
      .send({ sourceIds: [communeB.id], targetId: communeA.id })
      .expect(200);
    await expectCounts({ P: 4, A: 4, H: 1, B: 0 });
  });

  it('pages the tree by level: depth=1 gives the children with hasChildren and people; deeper is capped', async () => {
    const top = await t.given.unit({ parent: province, name: 'Sở Lớn' });
    const [one, two, three] = [
      await t.given.unit({ parent: top, name: 'Phòng Một' }),
      await t.given.unit({ parent: top, name: 'Phòng Hai' }),
      await t.given.unit({ parent: top, name: 'Phòng Ba' }),
    ];
    await t.given.person({ unit: one });
    // 2,100 teams under the three offices, straight into the tables (unit, history, closure).
    await t.db.query(
      `WITH u AS (
         INSERT INTO org_unit (code, name, type, parent_id, opened_on)
         SELECT $4 || '-T' || i, 'Tổ ' || i, 'other', (ARRAY[$1, $2, $3]::uuid[])[1 + i % 3], '2000-01-01'
           FROM generate_series(1, 2100) i RETURNING id, code, name, type, parent_id, opened_on
       ),
       v AS (
         INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
         SELECT id, opened_on, code, name, type, parent_id, 'create' FROM u
       )
       INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT c.ancestor_id, u.id, c.depth + 1 FROM u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
       UNION ALL SELECT u.id, u.id, 0 FROM u`,
      [one.id, two.id, three.id, top.code],
    );
    await peopleCountsCaughtUp(t);

    const level = await tree(organiser, top.id, { depth: 1 });
    expect(level.map((n) => [n.depth, n.hasChildren, n.people])).toEqual([
      [0, true, 1],
      [1, true, 0],
      [1, true, 0],
      [1, true, 1],
    ]);
    expect(level.slice(1).map((n) => n.id)).toEqual([three.id, two.id, one.id]); // Ba, Hai, Một: Vietnamese order
    const leaves = await tree(organiser, one.id, { depth: 1 });
    expect(leaves).toHaveLength(701);
    expect(leaves.slice(1).every((n) => !n.hasChildren && n.people === 0)).toBe(true);

    for (const query of [{}, { depth: 2 }, { depth: 10 }] as Array<Record<string, number>>) {
      const res = await api(organiser, `/api/v1/units/${top.id}/tree`, query).expect(400);
      expect(res.body.message).toContain('depth');
      expect(res.body.details).toEqual([{ field: 'depth', reason: 'at most 2000 units below depth=1' }]);
    }
    // A smaller subtree is still answered whole (the commune and its hamlet; the merged commune closed today).
    expect(await tree(organiser, communeA.id)).toHaveLength(2);
  });

  it("refuses a neighbour organiser another subtree's units and counts", async () => {
    const neighbourUnit = await t.given.unit({ parent: province, name: 'Xã Láng Giềng' });
    const neighbour = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: neighbourUnit }),
    );
    await api(neighbour, `/api/v1/units/${communeA.id}/tree`, { depth: 1 }).expect(404);
    await api(neighbour, `/api/v1/units/${province.id}/tree`, { depth: 1 }).expect(404);
    await api(neighbour, '/api/v1/units', { parentId: communeA.id }).expect(404);
    const own = await api(neighbour, '/api/v1/units', { limit: 100 }).expect(200);
    expect(own.body.items.map((u: { id: string; people: number }) => [u.id, u.people])).toEqual([
      [neighbourUnit.id, 0],
    ]);
  });

  it('gives no people for a tree of another day: the counts are for today', async () => {
    const today = t.clock.today();
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const past = await tree(organiser, province.id, { depth: 2, asOf: yesterday });
    expect(past.length).toBeGreaterThan(0);
    expect(past.every((n) => n.people === null)).toBe(true);
    const now = await tree(organiser, province.id, { depth: 1, asOf: today });
    expect(now[0].people).toBe(5); // the four of the merge test and the one of the office
  });

  it('shows the counts on the units page', async () => {
    const web = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const page = await web.agent.get(`/units/${province.id}`).expect(200);
    expect(page.text.replace(/\s+/g, ' ')).toMatch(
      /Xã An Bình<\/a><\/th><td[^>]*>[^<]+<\/td><td[^>]*>[^<]+<\/td><td[^>]*>4<\/td>/,
    );
    expect(page.text).toContain('Số liệu cập nhật lúc');
  });
});
