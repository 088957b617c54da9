import { Permission } from '@app/common';
import { InProcessJobExecutor, JobDispatcher } from '@app/jobs';
import { ROSTER_COLUMNS } from '@app/org';
import { unique } from '../../factories/given';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const HEADER = ROSTER_COLUMNS.map((c) => c.headerVi);

/** Jobs carry the unit they act on and are scoped like everything else (issue 16, point 6). */
describe('jobs are scoped by subtree: /api/v1/jobs, /api/v1/jobs/:id, /admin/jobs', () => {
  let t: TestApp;
  let adminA: { login: string; password: string };
  let tokenA: string;
  let tokenB: string;
  let tokenNational: string;
  let jobA: string;
  let jobB: string;
  let systemJob: string;

  /** A dry-run roster import by `token`; returns its job id once the job has run. */
  async function importJob(token: string, unit: { code: string }): Promise<string> {
    const row = ROSTER_COLUMNS.map((c) =>
      c.key === 'employee_code'
        ? unique('E')
        : c.key === 'full_name'
          ? 'Nguyễn Văn An'
          : c.key === 'unit_code'
            ? unit.code
            : c.key === 'roles'
              ? 'HR_OFFICIAL'
              : '',
    );
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(token, { type: 'bearer' })
      .attach('file', csvBuffer([HEADER, row]), 'danh-sach.csv')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const [batch] = await t.db.query<Array<{ job_id: string }>>(`SELECT job_id FROM import_batch WHERE id = $1`, [
      res.body.id,
    ]);
    return batch.job_id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const provinceA = await t.given.unit();
    const provinceB = await t.given.unit();
    adminA = await t.given.account({ permission: Permission.Admin, scopeUnit: provinceA });
    tokenA = await t.given.tokenFor(adminA);
    tokenB = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin, scopeUnit: provinceB }));
    tokenNational = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const communeA = await t.given.unit({ parent: provinceA });
    jobA = await importJob(tokenA, communeA);
    jobB = await importJob(tokenB, provinceB);
    systemJob = (await t.app.get(JobDispatcher).dispatch('system.echo', `test:${unique('sys')}`, { ref: 'x' })).id;
    await t.app.get(InProcessJobExecutor).onIdle();
  });
  afterAll(() => t.close());

  const ids = (body: { items: Array<{ id: string }> }): string[] => body.items.map((j) => j.id);

  it('records the unit a job acts on when it is dispatched', async () => {
    const rows = await t.db.query<Array<{ id: string; unit_id: string | null }>>(
      `SELECT j.id, j.unit_id FROM job_run j WHERE j.id = ANY($1::uuid[])`,
      [[jobA, jobB, systemJob]],
    );
    const byId = new Map(rows.map((r) => [r.id, r.unit_id]));
    expect(byId.get(jobA)).toEqual(expect.any(String));
    expect(byId.get(jobB)).toEqual(expect.any(String));
    expect(byId.get(systemJob)).toBeNull();
  });

  it("lists a province admin's own province's import job, not another province's, nor platform jobs", async () => {
    const a = await t.http.get('/api/v1/jobs?limit=100').auth(tokenA, { type: 'bearer' }).expect(200);
    expect(ids(a.body)).toEqual([jobA]);
    expect(a.body.total).toBe(1);
    const b = await t.http.get('/api/v1/jobs?limit=100').auth(tokenB, { type: 'bearer' }).expect(200);
    expect(ids(b.body)).toEqual([jobB]);
  });

  it('answers 404 for a job of another subtree, as for an unknown id', async () => {
    await t.http.get(`/api/v1/jobs/${jobA}`).auth(tokenA, { type: 'bearer' }).expect(200);
    const other = await t.http.get(`/api/v1/jobs/${jobB}`).auth(tokenA, { type: 'bearer' }).expect(404);
    const unknown = await t.http
      .get('/api/v1/jobs/00000000-0000-4000-8000-000000000000')
      .auth(tokenA, { type: 'bearer' })
      .expect(404);
    expect(other.body.error).toBe(unknown.body.error);
    expect(JSON.stringify(other.body)).not.toMatch(/roster|result/);
    await t.http.get(`/api/v1/jobs/${systemJob}`).auth(tokenA, { type: 'bearer' }).expect(404);
  });

  it('shows a national admin every job, platform jobs included', async () => {
    const all = await t.http.get('/api/v1/jobs?limit=100').auth(tokenNational, { type: 'bearer' }).expect(200);
    expect(ids(all.body)).toEqual(expect.arrayContaining([jobA, jobB, systemJob]));
    await t.http.get(`/api/v1/jobs/${systemJob}`).auth(tokenNational, { type: 'bearer' }).expect(200);
  });

  it('scopes the /admin/jobs page the same way', async () => {
    const { agent } = await t.given.webLogin(adminA);
    const page = await agent.get('/admin/jobs').expect(200);
    const key = async (id: string): Promise<string> =>
      (await t.db.query<Array<{ k: string }>>(`SELECT business_key AS k FROM job_run WHERE id = $1`, [id]))[0].k;
    expect(page.text).toContain(await key(jobA));
    expect(page.text).not.toContain(await key(jobB));
    expect(page.text).not.toContain(await key(systemJob));
  });
});
