import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { ROSTER_COLUMNS } from '@app/org';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const HEADER = ROSTER_COLUMNS.map((c) => c.headerVi);
type Cells = Partial<Record<(typeof ROSTER_COLUMNS)[number]['key'], string>>;
const row = (c: Cells): string[] => ROSTER_COLUMNS.map((col) => c[col.key] ?? '');

describe('/roster-import page: upload → report → confirm', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('runs a dry run, shows the row-by-row report, and imports the valid rows on confirmation', async () => {
    const province = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }),
    );
    const file = csvBuffer(
      [
        HEADER,
        row({ employee_code: 'TEST-1', full_name: 'Phạm Thị Thu Hà', unit_code: commune.code, roles: 'HR_OFFICIAL' }),
        row({ employee_code: 'TEST-2', full_name: 'Lê Văn Sơn', unit_code: commune.code, roles: 'NO_SUCH_ROLE' }),
      ],
      { bom: true },
    );

    // The upload is streamed: the fields must come before the file, so the form puts them first.
    const form = (await organiser.agent.get('/roster-import').expect(200)).text;
    expect(form.indexOf('name="mode"')).toBeGreaterThan(form.indexOf('name="_csrf"'));
    expect(form.indexOf('name="file"')).toBeGreaterThan(form.indexOf('name="mode"'));

    const upload = await organiser.agent
      .post('/roster-import')
      .field('_csrf', organiser.csrf)
      .field('mode', 'dry_run')
      .attach('file', file, 'danh-sach.csv')
      .expect(303);
    await t.app.get(InProcessJobExecutor).onIdle();
    const report = await organiser.agent.get(upload.headers.location).expect(200);
    expect(report.text).toContain('chưa có gì được ghi');
    expect(report.text).toContain('NO_SUCH_ROLE');
    expect(report.text).toContain('/errors.csv');
    const before = await t.db.query(`SELECT count(*)::int AS n FROM person WHERE unit_id = $1`, [commune.id]);
    expect(before[0].n).toBe(0);

    const errors = await organiser.agent.get(`${upload.headers.location}/errors.csv`).expect(200);
    expect(errors.headers['content-type']).toMatch(/text\/csv/);
    expect(errors.text).toContain('Lê Văn Sơn');

    const commit = await organiser.agent
      .post(`${upload.headers.location}/commit`)
      .type('form')
      .send({ _csrf: organiser.csrf })
      .expect(303);
    expect(commit.headers.location).not.toBe(upload.headers.location);
    await t.app.get(InProcessJobExecutor).onIdle();
    const people = await t.db.query(`SELECT full_name FROM person WHERE unit_id = $1`, [commune.id]);
    expect(people).toEqual([{ full_name: 'Phạm Thị Thu Hà' }]);
  });

  it('refuses an upload without the CSRF token (403), a sibling organiser (404) and a learner (403)', async () => {
    const province = await t.given.unit();
    const a = await t.given.unit({ parent: province });
    const b = await t.given.unit({ parent: province });
    const organiserA = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: a }),
    );
    const file = csvBuffer([
      HEADER,
      row({ employee_code: 'X-1', full_name: 'Hồ Văn Lâm', unit_code: a.code, roles: 'HR_OFFICIAL' }),
    ]);
    await organiserA.agent.post('/roster-import').field('mode', 'dry_run').attach('file', file, 'a.csv').expect(403);
    const ok = await organiserA.agent
      .post('/roster-import')
      .field('_csrf', organiserA.csrf)
      .field('mode', 'dry_run')
      .attach('file', file, 'a.csv')
      .expect(303);
    await t.app.get(InProcessJobExecutor).onIdle();
    const organiserB = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: b }),
    );
    await organiserB.agent.get(ok.headers.location).expect(404);
    const learner = await t.given.webLogin(await t.given.account({ permission: Permission.Learner, scopeUnit: a }));
    await learner.agent.get('/roster-import').expect(403);
  });

  it('shows a refused file on the form (415, not CSV or XLSX)', async () => {
    const organiser = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser }));
    const res = await organiser.agent
      .post('/roster-import')
      .field('_csrf', organiser.csrf)
      .field('mode', 'dry_run')
      .attach('file', Buffer.from('%PDF-1.4 not a roster'), 'a.pdf')
      .expect(415);
    expect(res.text).toContain('role="alert"');
  });
});
