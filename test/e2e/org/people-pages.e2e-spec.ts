import { Permission } from '@app/common';
import { TOTAL_CAP } from '../../../libs/org/src/people/person.repository';
import { createTestApp, TestApp } from '../../setup/test-app';

interface Page {
  items: Array<{ id: string; fullName: string }>;
  total: number | null;
  totalCapped: boolean;
  next: string | null;
  prev: string | null;
}

// Names that exercise the Vietnamese order (Đ after D, Ă Â after A, Ơ Ô after O, Ư after U) and namesakes (same
// name, several ids): the keyset must break ties by id.
const NAMES = ['Đặng Văn An', 'Dương Thị Bình', 'Âu Minh Châu', 'Ăn Văn Dũng', 'An Thị Hoa', 'Ông Văn Khải'];
const MORE = ['Ơn Thị Lan', 'Ưng Văn Minh', 'Uông Thị Nga', 'Nguyễn Văn An', 'Nguyễn Văn An', 'Trần Thị Ánh'];

describe('/api/v1/people: keyset pages at scale (issue 14)', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let commune: { id: string; code: string };
  let neighbour: { id: string; code: string };
  let organiser: string;
  let neighbourToken: string;

  /** People straight into the roster table (the lists read it), in one statement. */
  async function people(unitId: string, names: string[]): Promise<void> {
    await t.db.query(
      `INSERT INTO person (full_name, unit_id, status) SELECT n, $1, 'active' FROM unnest($2::text[]) n`,
      [unitId, names],
    );
  }

  async function page(token: string, query: Record<string, string | number>): Promise<Page> {
    const res = await t.http.get('/api/v1/people').query(query).auth(token, { type: 'bearer' }).expect(200);
    return res.body as Page;
  }

  /** Every page forward from the first, then every page back from the last: the ids in order, both ways. */
  async function walk(token: string, query: Record<string, string | number>): Promise<[string[], string[], number]> {
    const forward: string[][] = [];
    let p = await page(token, query);
    expect(p.prev).toBeNull();
    forward.push(p.items.map((i) => i.id));
    while (p.next) {
      p = await page(token, { ...query, cursor: p.next });
      forward.push(p.items.map((i) => i.id));
    }
    const backward: string[][] = [forward[forward.length - 1]];
    while (p.prev) {
      p = await page(token, { ...query, cursor: p.prev });
      backward.unshift(p.items.map((i) => i.id));
    }
    return [forward.flat(), backward.flat(), forward.length];
  }

  /** The ids of the subtree in Vietnamese name order, as the database sorts them. */
  async function expected(rootId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await t.db.query(
      `SELECT p.id FROM person p JOIN org_unit_closure c ON c.descendant_id = p.unit_id AND c.ancestor_id = $1
        ORDER BY p.full_name COLLATE vi_vn, p.id`,
      [rootId],
    );
    return rows.map((r) => r.id);
  }

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province });
    neighbour = await t.given.unit({ parent: province });
    const names = Array.from({ length: 120 }, (_, i) => `${[...NAMES, ...MORE][i % 12]}${i % 5 === 0 ? '' : ` ${i}`}`);
    await people(commune.id, names);
    await people(neighbour.id, ['Đỗ Văn Hàng Xóm', 'Nguyễn Văn An']);
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
    neighbourToken = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: neighbour }),
    );
  });
  afterAll(() => t.close());

  it('walks every page of a commune forward and back: each person exactly once, in Vietnamese order', async () => {
    const [forward, backward, pages] = await walk(organiser, { limit: 7 });
    const all = await expected(commune.id);
    expect(all).toHaveLength(120);
    expect(forward).toEqual(all);
    expect(backward).toEqual(all);
    expect(pages).toBe(Math.ceil(120 / 7));
    const first = await page(organiser, { limit: 7 });
    expect(first.total).toBe(120);
    expect(first.totalCapped).toBe(false);
    // Filters keep their cursors: a search walked the same way.
    const [found, foundBack] = await walk(organiser, { limit: 3, q: 'nguyen van an' });
    expect(found).toHaveLength(20);
    expect(foundBack).toEqual(found);
  });

  it('refuses a tampered cursor, a cursor of another query, a limit above the maximum and a deep offset (400)', async () => {
    const first = await page(organiser, { limit: 5 });
    const [payload, signature] = first.next!.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    body[3] = 'A';
    const forged = `${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
    for (const cursor of [forged, `${payload}.${signature.slice(1)}x`, 'garbage', `${payload}`]) {
      const res = await t.http
        .get('/api/v1/people')
        .query({ limit: 5, cursor })
        .auth(organiser, { type: 'bearer' })
        .expect(400);
      expect(res.body.details[0].field).toBe('cursor');
    }
    const other = await t.http
      .get('/api/v1/people')
      .query({ limit: 5, q: 'nguyen', cursor: first.next })
      .auth(organiser, { type: 'bearer' })
      .expect(400);
    expect(other.body.message).toContain('another search or filter');
    const tooMany = await t.http.get('/api/v1/people').query({ limit: 501 }).auth(organiser, { type: 'bearer' });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
    const deep = await t.http.get('/api/v1/people').query({ offset: 1001 }).auth(organiser, { type: 'bearer' });
    expect(deep.status).toBe(400);
    expect(deep.body.details[0].field).toBe('offset');
  });

  it("gives nothing outside the caller's subtree through another subtree's cursor", async () => {
    const first = await page(organiser, { limit: 5 });
    const seen = await page(neighbourToken, { limit: 5, cursor: first.next! });
    const mine = await expected(neighbour.id);
    for (const p of seen.items) expect(mine).toContain(p.id);
    const back = await page(neighbourToken, { limit: 5, cursor: first.prev ?? first.next! });
    for (const p of back.items) expect(mine).toContain(p.id);
  });

  it('walks a subtree above the cap by the name index: "more than", every page once, and EXPLAIN uses the index', async () => {
    const big = await t.given.unit({ parent: province });
    const parts = await Promise.all([t.given.unit({ parent: big }), t.given.unit({ parent: big })]);
    const n = TOTAL_CAP + 90;
    await t.db.query(
      `INSERT INTO person (full_name, unit_id, status)
       SELECT (ARRAY['Nguyễn','Trần','Lê','Đặng','Âu','Ưng'])[1 + i % 6] || ' Văn ' || (i % 997), $1::uuid, 'active'
         FROM generate_series(1, $3::int) i
       UNION ALL
       SELECT 'Phạm Thị ' || i, $2::uuid, CASE WHEN i % 10 = 0 THEN 'left' ELSE 'active' END FROM generate_series(1, 90) i`,
      [parts[0].id, parts[1].id, n - 90],
    );
    await t.db.query(`VACUUM ANALYZE person`);
    const token = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: big }));

    const spy = jest.spyOn(t.db, 'query');
    const first = await page(token, { limit: 20 });
    const call = spy.mock.calls.find(([sql]) => typeof sql === 'string' && sql.includes('AS "sortKey"'));
    spy.mockRestore();
    expect(first.total).toBe(TOTAL_CAP);
    expect(first.totalCapped).toBe(true);
    const plan: Array<{ 'QUERY PLAN': unknown }> = await t.db.query(
      `EXPLAIN (FORMAT JSON) ${call![0]}`,
      call![1] as unknown[],
    );
    expect(JSON.stringify(plan)).toContain('"Index Name":"idx_person_full_name_vi"');

    const [forward, backward, pages] = await walk(token, { limit: 500 });
    const all = await expected(big.id);
    expect(all).toHaveLength(n);
    expect(forward).toEqual(all);
    expect(backward).toEqual(all);
    expect(pages).toBe(Math.ceil(n / 500));

    // A filter over a large subtree: not counted, same walk.
    const left = await page(token, { status: 'left', limit: 50 });
    expect(left.total).toBeNull();
    expect(left.items).toHaveLength(9);
    // Search over a large subtree: the start of the name without diacritics, or an employee code.
    const dang = await page(token, { q: 'dang van 1', limit: 50 });
    expect(dang.items.length).toBeGreaterThan(0);
    for (const p of dang.items) expect(p.fullName.startsWith('Đặng Văn 1')).toBe(true);

    // A search inside a small subtree reads its people by their units, never the country-wide trigram index (which
    // matches every "Phạm Thị" of the database before the subtree is applied).
    const smallToken = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: parts[1] }),
    );
    const searchSpy = jest.spyOn(t.db, 'query');
    const pham = await page(smallToken, { q: 'pham thi 1', limit: 20 });
    const search = searchSpy.mock.calls.find(([sql]) => typeof sql === 'string' && sql.includes('AS "sortKey"'));
    searchSpy.mockRestore();
    expect(pham.items.map((p) => p.fullName)).toEqual(
      ['Phạm Thị 1', ...Array.from({ length: 10 }, (_, i) => `Phạm Thị ${10 + i}`)].sort(),
    );
    const searchPlan = JSON.stringify(await t.db.query(`EXPLAIN (FORMAT JSON) ${search![0]}`, search![1] as unknown[]));
    expect(searchPlan).toContain('"Index Name":"idx_person_unit_id"');
    expect(searchPlan).not.toContain('"Index Name":"idx_person_name_key"');
  });
  it('reads the unit tree level by level: depth=1 gives the children with hasChildren; a bad depth is 400', async () => {
    const top = await t.given.unit({ parent: province });
    const child = await t.given.unit({ parent: top });
    await t.given.unit({ parent: child });
    const token = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: top }));
    const res = await t.http.get(`/api/v1/units/${top.id}/tree`).query({ depth: 1 }).auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(
      res.body.map((n: { id: string; depth: number; hasChildren: boolean }) => [n.id, n.depth, n.hasChildren]),
    ).toEqual([
      [top.id, 0, true],
      [child.id, 1, true],
    ]);
    const whole = await t.http.get(`/api/v1/units/${top.id}/tree`).auth(token, { type: 'bearer' }).expect(200);
    expect(whole.body).toHaveLength(3);
    const bad = await t.http.get(`/api/v1/units/${top.id}/tree`).query({ depth: 0 }).auth(token, { type: 'bearer' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('depth');
  });
});
