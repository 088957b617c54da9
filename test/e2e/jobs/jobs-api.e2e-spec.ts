import type { Test } from 'supertest';
import { Permission } from '@app/common';
import { InProcessJobExecutor, JobDispatcher } from '@app/jobs';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('GET /api/v1/jobs', () => {
  let t: TestApp;
  let token: string;
  let ids: string[];
  // An admin's bearer token on every request.
  const http = { get: (url: string): Test => t.http.get(url).auth(token, { type: 'bearer' }) };

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const jobs = t.app.get(JobDispatcher);
    ids = [];
    for (const n of [1, 2, 3]) ids.push((await jobs.dispatch('system.echo', `test:api-${n}`, { ref: `r${n}` })).id);
    ids.push((await jobs.dispatch('system.fail-times', 'test:api-fail', { n: 5 }, { maxAttempts: 1 })).id);
    await t.app.get(InProcessJobExecutor).onIdle();
  });
  afterAll(() => t.close());

  it('is for administrators only: 401 without a token, 403 for an organiser', async () => {
    await t.http.get('/api/v1/jobs').expect(401);
    const organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser }));
    await t.http.get('/api/v1/jobs').auth(organiser, { type: 'bearer' }).expect(403);
  });

  it('lists jobs newest first, paginated', async () => {
    const res = await http.get('/api/v1/jobs?limit=2&offset=1').expect(200);
    expect(res.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(res.body.items.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[1]]);
  });

  it('filters by status and name', async () => {
    const failed = await http.get('/api/v1/jobs?status=failed').expect(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({ id: ids[3], status: 'failed', lastError: 'planned failure 1 of 5', attempts: 1 }),
    ]);
    const echo = await http.get('/api/v1/jobs?name=system.echo').expect(200);
    expect(echo.body.total).toBe(3);
  });

  it('gets one job by id', async () => {
    const res = await http.get(`/api/v1/jobs/${ids[0]}`).expect(200);
    expect(res.body).toMatchObject({
      id: ids[0],
      name: 'system.echo',
      businessKey: 'test:api-1',
      status: 'succeeded',
      progress: 100,
    });
    expect(res.body).not.toHaveProperty('payload');
  });

  it.each([
    ['status=done', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=name', 'sort'],
  ])('answers 400 naming the field for ?%s', async (qs, field) => {
    const res = await http.get(`/api/v1/jobs?${qs}`).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    await http.get('/api/v1/jobs/not-a-uuid').expect(400);
    const res = await http.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });
});
