import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { JobDispatcher, InProcessJobExecutor } from '@app/jobs';
import { createTestApp, TestApp } from '../../setup/test-app';

const PAGE_BUDGET_BYTES = 50 * 1024;

describe('pages: jobs admin page and page weight', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('shows administrators the background jobs with their state', async () => {
    await t.app.get(JobDispatcher).dispatch('system.echo', `echo:${Date.now()}`, { ref: 'page-test' });
    await t.app.get(InProcessJobExecutor).onIdle();
    const admin = await t.given.webLogin(await t.given.account({ permission: Permission.Admin }));
    const res = await admin.agent.get('/admin/jobs').expect(200);
    expect(res.text).toContain('Tác vụ nền');
    expect(res.text).toContain('system.echo');
    expect(res.text).toContain('succeeded');
    const filtered = await admin.agent.get('/admin/jobs?status=failed').expect(200);
    expect(filtered.text).not.toContain('<td>system.echo</td>');
  });

  it('refuses the jobs page to an organiser (403) and sends a visitor to /login', async () => {
    const organiser = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser }));
    await organiser.agent.get('/admin/jobs').expect(403);
    const anonymous = await t.http.get('/admin/jobs').set('Accept', 'text/html').expect(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fjobs');
  });

  it('keeps every page under 50 KB compressed', async () => {
    const admin = await t.given.webLogin(await t.given.account({ permission: Permission.Admin }));
    const sizes: Record<string, number> = {};
    for (const path of ['/', '/?lang=en', '/login', '/accounts', '/admin/jobs', '/roster-import', '/static/app.css']) {
      const res = await admin.agent.get(path).buffer(true).expect(200);
      sizes[path] = gzipSync(Buffer.from(res.text ?? '')).length;
    }
    for (const [path, size] of Object.entries(sizes)) {
      expect({ path, within: size <= PAGE_BUDGET_BYTES, size }).toEqual({ path, within: true, size });
    }
  });
});
