import { gzipSync } from 'node:zlib';
import { CoverageUpkeep } from '@app/coverage';
import { seedDemo } from '@app/demo';
import { Permission } from '@app/common';
import { certifyEveryNth, countingCourse } from '../../factories/coverage';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * GET /api/v1/coverage and its lists on the demo province (3,000 people, declared headcounts), with certificates
 * (valid, revoked, expired): the figures agree with the lists to the person, for the province and every child; bad
 * input gets 400s naming the field; the targets' API refuses non-admins and bad figures, and audits its writes.
 */

jest.setTimeout(300_000);

interface Row {
  roleId: string;
  headcount: number;
  trained: number;
  declaredNotNamed: number;
  coverage: number | null;
  gap: number;
  status: string | null;
}
interface Figures {
  headcount: number;
  trained: number;
  declaredNotNamed: number;
}

describe('coverage API on the demo province', () => {
  let t: TestApp;
  let province: string;
  let admin: string;
  let organiser: string;
  let organiserAccount: Awaited<ReturnType<TestApp['given']['account']>>;
  let courseId: string;
  const auth = { type: 'bearer' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    const today = t.clock.today();
    const report = await seedDemo(t.db, { size: 'demo', today, demoPassword: 'mật khẩu demo dài' });
    province = report.provinceIds[0];
    courseId = await countingCourse(t, { id: province });
    // Every third person of a target role holds a certificate; some revoked, some expired already.
    await certifyEveryNth(t, { courseId, authorityUnitId: province, every: 3 });
    await t.app.get(CoverageUpkeep).rebuild(); // the seeder writes the roster in bulk, without change rows
    await coverageCaughtUp(t);
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    organiserAccount = await t.given.account({ permission: Permission.Organiser, scopeUnit: { id: province } });
    organiser = await t.given.tokenFor(organiserAccount);
  });
  afterAll(() => t.close());

  const get = (token: string, path: string) => t.http.get(path).auth(token, auth);

  async function listTotal(kind: 'trained' | 'untrained', unitId: string, roleId?: string) {
    const role = roleId ? `&roleId=${roleId}` : '';
    const res = await get(organiser, `/api/v1/coverage/${kind}?unitId=${unitId}${role}&limit=1`).expect(200);
    return res.body as { total: number; declaredNotNamed?: number };
  }

  async function agrees(unitId: string, roleId: string | undefined, f: Figures): Promise<unknown> {
    const trained = await listTotal('trained', unitId, roleId);
    const untrained = await listTotal('untrained', unitId, roleId);
    const ok =
      trained.total === f.trained &&
      untrained.total === f.headcount - f.trained - f.declaredNotNamed &&
      untrained.declaredNotNamed === f.declaredNotNamed;
    return ok ? null : { unitId, roleId, figures: f, trained: trained.total, untrained };
  }

  it("opens on the caller's scope unit with rows, children and the time the figures are as of", async () => {
    const res = await get(organiser, '/api/v1/coverage').expect(200);
    expect(res.body.unit.id).toBe(province);
    expect(res.body.source).toBe('rollup');
    expect(Date.parse(res.body.asOf)).not.toBeNaN();
    expect((res.body.rows as Row[]).map((r) => r.roleId).length).toBe(4);
    expect(res.body.children.length).toBeGreaterThan(50);
    const hr = (res.body.rows as Row[])[0];
    expect(hr.trained).toBeGreaterThan(0);
    expect(hr.headcount).toBeGreaterThan(hr.trained);
    expect(hr.coverage).toBe(Math.floor((hr.trained * 1000) / hr.headcount) / 10);
    expect(hr.gap).toBe(Math.max(0, hr.headcount - hr.trained)); // target 100%
    expect(['met', 'on_track', 'behind']).toContain(hr.status);
  });

  it('agrees with the trained and untrained lists to the person, for the province and every child', async () => {
    const res = await get(organiser, `/api/v1/coverage?unitId=${province}`).expect(200);
    const body = res.body as {
      rows: Row[];
      allRoles: Figures;
      children: Array<{ unit: { id: string }; rows: Row[]; allRoles: Figures }>;
    };
    const wrong: unknown[] = [];
    for (const row of body.rows) wrong.push(await agrees(province, row.roleId, row));
    wrong.push(await agrees(province, undefined, body.allRoles));
    for (const child of body.children) {
      wrong.push(await agrees(child.unit.id, undefined, child.allRoles));
      if (child.rows[0]) wrong.push(await agrees(child.unit.id, child.rows[0].roleId, child.rows[0]));
    }
    expect(wrong.filter((w) => w !== null)).toEqual([]);
    const sums = body.children.reduce((s, c) => s + c.allRoles.trained, 0);
    expect(sums).toBeLessThanOrEqual(body.allRoles.trained); // the province's own people are not in a child
  });

  it('names a counting record for each trained person', async () => {
    const res = await get(organiser, `/api/v1/coverage/trained?unitId=${province}&limit=20`).expect(200);
    expect(res.body.items.length).toBe(20);
    for (const item of res.body.items as Array<{ recordKind: string; recordId: string }>) {
      expect(item.recordKind).toBe('course');
      expect(item.recordId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('ranks the children by coverage, lowest first, and by gap, largest first, paged', async () => {
    const byCoverage = await get(organiser, `/api/v1/coverage/ranking?unitId=${province}&limit=10`).expect(200);
    const coverages = (byCoverage.body.items as Array<{ coverage: number | null }>).map((i) => i.coverage ?? 1e9);
    expect(coverages).toEqual([...coverages].sort((a, b) => a - b));
    expect(byCoverage.body.total).toBeGreaterThan(10);
    const hr = await t.given.roleId('HR_OFFICIAL');
    const byGap = await get(organiser, `/api/v1/coverage/ranking?unitId=${province}&by=gap&roleId=${hr}`).expect(200);
    const gaps = (byGap.body.items as Array<{ gap: number }>).map((i) => i.gap);
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
  });

  it('serves a past month end and a month-by-month trend', async () => {
    await coverageCaughtUp(t, { snapshots: true });
    const past = await get(organiser, `/api/v1/coverage?unitId=${province}&date=2025-06-30`).expect(200);
    expect(past.body.source).toBe('snapshot');
    const trend = await get(organiser, `/api/v1/coverage/trend?unitId=${province}`).expect(200);
    const all = (trend.body.series as Array<{ roleId: string | null; points: Array<{ date: string }> }>).find(
      (s) => s.roleId === null,
    );
    expect(all?.points[0].date).toBe('2025-01-31');
    expect(all?.points.at(-1)?.date).toBe(t.clock.today());
  });

  it('refuses bad input with a 400 naming the field, and other subtrees with a 404', async () => {
    const today = t.clock.today();
    const early = await get(organiser, '/api/v1/coverage?date=2022-12-31').expect(400);
    expect(JSON.stringify(early.body)).toContain(`between 2023-01-01 and ${today}`);
    await get(organiser, '/api/v1/coverage?date=2099-01-01').expect(400);
    await get(organiser, '/api/v1/coverage?date=2025-02-30').expect(400);
    const role = await get(organiser, '/api/v1/coverage?roleId=00000000-0000-4000-8000-000000000001').expect(400);
    expect(JSON.stringify(role.body)).toContain('roleId');
    const other = await t.given.unit();
    const res = await get(organiser, `/api/v1/coverage?unitId=${other.id}`).expect(404);
    expect(res.body).not.toHaveProperty('rows');
    await get(organiser, `/api/v1/coverage/untrained?unitId=${other.id}`).expect(404);
  });

  it('renders the dashboard page without script: rows, status words, the trend as SVG, drill-down links', async () => {
    const { agent } = await t.given.webLogin(organiserAccount);
    const res = await agent.get('/coverage').expect(200);
    expect(res.text).toContain('Tỷ lệ bồi dưỡng');
    expect(res.text).toMatch(/Đạt|Đúng tiến độ|Chậm tiến độ/);
    expect(res.text).toContain('<svg');
    expect(res.text).not.toContain('<script');
    const html = res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'); // as the browser reads the links
    const child = /href="(\/coverage\?unitId=[0-9a-f-]{36}&date=[0-9-]{10})"/.exec(html)?.[1];
    expect(child).toBeDefined();
    await agent.get(child!).expect(200);
    expect(gzipSync(res.text).length).toBeLessThan(50 * 1024);
  });

  it('links each figure to the "not yet trained" and "trained" pages, which agree with it and link the exports', async () => {
    const { agent } = await t.given.webLogin(organiserAccount);
    const hr = await t.given.roleId('HR_OFFICIAL');
    const api = (await get(organiser, `/api/v1/coverage?roleId=${hr}`).expect(200)).body as { rows: Row[] };
    const row = api.rows[0];
    const html = (await agent.get(`/coverage?roleId=${hr}`).expect(200)).text
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');
    expect(html).not.toContain('href="/api/v1/coverage/');
    const untrainedHref = /href="(\/coverage\/untrained\?[^"]+)"/.exec(html)?.[1];
    const trainedHref = /href="(\/coverage\/trained\?[^"]+)"/.exec(html)?.[1];
    expect(untrainedHref).toContain(`roleId=${hr}`);
    const untrained = (await agent.get(untrainedHref!).expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(untrained).toContain('Chưa được tập huấn');
    expect(untrained).toContain(`<strong>${row.headcount - row.trained - row.declaredNotNamed}</strong>`);
    if (row.declaredNotNamed > 0) expect(untrained).toContain(`<strong>${row.declaredNotNamed}</strong>`);
    expect(untrained).toContain(`/api/v1/exports/untrained.csv?unitId=${province}&roleId=${hr}&date=`);
    expect(untrained).toContain('rel="next"'); // 50 a page
    expect(untrained).not.toContain('<script');
    const trained = (await agent.get(trainedHref!).expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(trained).toContain(`<strong>${row.trained}</strong>`);
    expect(trained).toContain('Chứng chỉ khoá học trực tuyến');
    expect(trained).toContain(`/api/v1/exports/trained.csv?unitId=${province}&roleId=${hr}&date=`);
    const page2 = /href="(\/coverage\/untrained\?[^"]*page=2)"/.exec(untrained)?.[1];
    expect(page2).toBeDefined();
    await agent.get(page2!).expect(200);
    // an empty role field (the form's "all roles") is "not given", not a 400
    await agent.get(`/coverage/untrained?unitId=${province}&roleId=&date=`).expect(200);
    const other = await t.given.unit();
    await agent.get(`/coverage/untrained?unitId=${other.id}`).expect(404);
  });

  it("sorts the units below by coverage or gap by link, drills down with a breadcrumb back, follows today's tree on request", async () => {
    const { agent } = await t.given.webLogin(organiserAccount);
    const read = async (path: string) =>
      (await agent.get(path).expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const api = (await get(organiser, `/api/v1/coverage/ranking?unitId=${province}&limit=3`).expect(200)).body as {
      items: Array<{ unit: { name: string } }>;
    };
    const byCoverage = await read(`/coverage?unitId=${province}&sort=coverage`);
    const section = byCoverage.slice(byCoverage.indexOf('id="children"'));
    const names = [...section.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(names.slice(0, 3)).toEqual(api.items.map((i) => i.unit.name));
    expect(byCoverage).toContain('sort=gap');
    const child = /<th scope="row"><a href="(\/coverage\?unitId=[0-9a-f-]{36}[^"]*)">/.exec(section)?.[1];
    const childPage = await read(child!);
    expect(childPage).toMatch(
      new RegExp(`<nav aria-label="[^"]+" class="cov-crumbs"><ol><li><a href="/coverage\\?unitId=${province}`),
    );
    expect(childPage).toContain('aria-current="page"');
    const now = await read(`/coverage?unitId=${province}&date=2025-06-15&structure=now`);
    expect(now).toContain('Theo cơ cấu hiện nay');
    expect(gzipSync(byCoverage).length).toBeLessThan(50 * 1024);
  });

  describe('targets', () => {
    it('lets an admin set a target, audited; the next upkeep refolds it', async () => {
      const hr = await t.given.roleId('HR_OFFICIAL');
      const body = { percent: 90, deadline: '2028-12-31', milestones: { '2027': 60 }, courseIds: [courseId] };
      const audits = async () =>
        (
          await t.db.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM audit_log WHERE action = 'coverage.target.put'`,
          )
        )[0].n;
      const before = await audits();
      const res = await t.http.put(`/api/v1/coverage/targets/${hr}`).auth(admin, auth).send(body).expect(200);
      expect(res.body).toMatchObject({ roleId: hr, percent: 90, milestones: { '2027': 60 }, courseIds: [courseId] });
      expect(await audits()).toBe(before + 1);
      await coverageCaughtUp(t);
      const rows = (await get(organiser, `/api/v1/coverage?roleId=${hr}`).expect(200)).body.rows as Row[];
      expect(rows.map((r) => [r.roleId, (r as unknown as { targetPercent: number }).targetPercent])).toEqual([
        [hr, 90],
      ]);
    });

    it.each([
      ['percent', { percent: 101, deadline: '2028-12-31' }],
      ['percent', { percent: -1, deadline: '2028-12-31' }],
      ['deadline', { percent: 50, deadline: '2020-12-31' }],
      ['milestones.1999', { percent: 50, deadline: '2028-12-31', milestones: { '1999': 10 } }],
      ['courseIds.0', { percent: 50, deadline: '2028-12-31', courseIds: ['00000000-0000-4000-8000-000000000001'] }],
    ])('refuses a bad %s with a 400 naming it', async (field, body) => {
      const hr = await t.given.roleId('HR_OFFICIAL');
      const res = await t.http.put(`/api/v1/coverage/targets/${hr}`).auth(admin, auth).send(body).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    });

    it('refuses an unknown role with a 400, and a non-admin with a 403', async () => {
      const body = { percent: 50, deadline: '2028-12-31' };
      const unknown = await t.http
        .put('/api/v1/coverage/targets/00000000-0000-4000-8000-000000000001')
        .auth(admin, auth)
        .send(body)
        .expect(400);
      expect(JSON.stringify(unknown.body)).toContain('roleId');
      const hr = await t.given.roleId('HR_OFFICIAL');
      await t.http.put(`/api/v1/coverage/targets/${hr}`).auth(organiser, auth).send(body).expect(403);
    });
  });
});
