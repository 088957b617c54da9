import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { ROSTER_COLUMNS } from '@app/org';
import { xlsxFromRows } from '../../fixtures/import/roster-files';
import { unique } from '../../factories/given';
import { sharedStringsBomb } from '../../factories/zip';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Issue 16.1: one organiser's upload of a small XLSX whose sharedStrings.xml repeats a short string tens of millions
 * of times exhausted the V8 heap. 20 million strings (380 MB of XML from 0.9 MB) took the old reader past 1 GB.
 */
const BOMB_STRINGS = 20_000_000;
const MB = 2 ** 20;

describe('XLSX uploads are bounded while they are unzipped (zip bombs)', () => {
  let t: TestApp;
  let organiser: string;
  let commune: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    commune = await t.given.unit({ parent: await t.given.unit() });
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
  });
  afterAll(() => t.close());

  const dryRun = (file: Buffer) =>
    t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(organiser, { type: 'bearer' })
      .attach('file', file, 'danh-sach.xlsx');

  /** Runs `send` while sampling the process's resident memory; returns the response and the peak growth. */
  async function withPeakRss<T>(send: () => Promise<T>): Promise<{ res: T; growth: number }> {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const res = await send();
      peak = Math.max(peak, process.memoryUsage().rss);
      return { res, growth: peak - before };
    } finally {
      clearInterval(timer);
    }
  }

  it.each([
    ['as written', {}],
    ['whose entry lies about its size (data descriptor, 4 KB declared)', { dataDescriptor: true, declaredSize: 4096 }],
  ])(
    'refuses the shared-strings bomb %s with 413 naming the limit, memory bounded, the app still up',
    async (_, lie) => {
      const bomb = sharedStringsBomb(BOMB_STRINGS, lie);
      expect(bomb.length).toBeLessThan(2 * MB);
      const { res, growth } = await withPeakRss(() => dryRun(bomb));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        error: 'UPLOAD_LIMIT_EXCEEDED',
        details: { limit: 'maxSharedStrings', max: 2_000_000, part: 'xl/sharedStrings.xml' },
      });
      expect(res.body.message).toContain('maxSharedStrings = 2,000,000');
      expect(res.body.details.messageVi).toContain('giới hạn maxSharedStrings');
      expect(growth).toBeLessThan(300 * MB);
      await t.http.get('/health').expect(200);
      const batches = await t.db.query(`SELECT count(*)::int AS n FROM import_batch WHERE scope_unit_id = $1`, [
        commune.id,
      ]);
      expect(batches[0].n).toBe(0); // refused before anything was stored
    },
  );

  it('refuses a worksheet with content beyond the column limit with 400 naming it', async () => {
    const wide = await xlsxFromRows([ROSTER_COLUMNS.map((c) => c.headerVi), [...Array(200).fill(''), 'x']]);
    const res = await dryRun(wide).expect(400);
    expect(res.body).toMatchObject({ error: 'UPLOAD_LIMIT_EXCEEDED', details: { limit: 'maxColumns', max: 200 } });
  });

  it('shows the refusal on the import page in Vietnamese', async () => {
    const web = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
    const res = await web.agent
      .post('/roster-import')
      .field('_csrf', web.csrf)
      .field('mode', 'dry_run')
      .attach('file', sharedStringsBomb(BOMB_STRINGS), 'danh-sach.xlsx')
      .expect(413);
    expect(res.text).toContain('giới hạn maxSharedStrings');
  });

  it('still imports a legitimate workbook', async () => {
    const code = unique('X');
    const header = ROSTER_COLUMNS.map((c) => c.headerVi);
    const row = (key: string, name: string) =>
      ROSTER_COLUMNS.map((c) =>
        c.key === 'employee_code'
          ? key
          : c.key === 'full_name'
            ? name
            : c.key === 'unit_code'
              ? commune.code
              : c.key === 'roles'
                ? 'HR_OFFICIAL'
                : '',
      );
    const file = await xlsxFromRows([header, row(`${code}-1`, 'Nguyễn Thị Lan'), row(`${code}-2`, 'Trần Văn Hùng')]);
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'commit' })
      .auth(organiser, { type: 'bearer' })
      .attach('file', file, 'danh-sach.xlsx')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http
      .get(`/api/v1/roster-imports/${res.body.id}`)
      .auth(organiser, { type: 'bearer' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', error: null, counts: { rows: 2, valid: 2, created: 2 } });
  });
});
