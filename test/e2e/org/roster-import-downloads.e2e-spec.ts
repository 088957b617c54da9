import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitType } from '@app/org';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../../setup/test-app';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The raw bytes of a download (supertest would otherwise parse text and drop a binary body). */
const bytes = (res: Response): Buffer => res.body as Buffer;
/** Read back with a real CSV parser (csv-parse), as Excel or a script would. */
const rowsOf = (csv: Buffer): string[][] => parse(csv, { bom: true });

/** Issue 18 item 9: the template, the unit list and the role list beside the roster import form. */
describe('/roster-import downloads: template, units of the subtree, roles', () => {
  let t: TestApp;
  let province: { id: string; code: string; name: string };
  let communeA: { id: string; code: string; name: string };
  let communeB: { id: string; code: string; name: string };
  let deptA: { id: string; code: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Đồng Lúa' });
    communeA = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Ánh Dương' });
    communeB = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Bình Minh' });
    deptA = await t.given.unit({ parent: communeA, name: 'Phòng Văn hóa - Xã hội' });
    await t.given.unit({ parent: communeB, name: 'Phòng Văn hóa - Xã hội' });
  });
  afterAll(() => t.close());

  const organiserOf = async (unit: { id: string }) =>
    t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: unit }));
  const download = async (agent: Awaited<ReturnType<typeof organiserOf>>['agent'], path: string) =>
    agent
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

  it('links the downloads from the import form and lists the roles there', async () => {
    const organiser = await organiserOf(communeA);
    const form = await organiser.agent.get('/roster-import').expect(200);
    for (const path of ['template.csv', 'template.xlsx', 'units.csv', 'roles.csv']) {
      expect(form.text).toContain(`href="/roster-import/${path}"`);
    }
    expect(form.text).toContain('Cán bộ làm công tác quyền con người');
    expect(form.text).toContain('<code>HR_OFFICIAL</code>');
  });

  it('the CSV template: BOM, Vietnamese headers, one example row naming my unit and a role by name; it imports cleanly', async () => {
    const organiser = await organiserOf(communeA);
    const res = await download(organiser.agent, '/roster-import/template.csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="mau-danh-sach-can-bo.csv"');
    expect(bytes(res).subarray(0, 3)).toEqual(BOM);
    const rows = rowsOf(bytes(res));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'Mã cán bộ',
      'Họ và tên',
      'Mã đơn vị',
      'Vai trò',
      'Chức vụ',
      'Email',
      'Điện thoại',
      'Giới tính',
      'Ngày sinh',
      'Trạng thái',
      'Từ ngày',
    ]);
    expect(rows[1].slice(2, 4)).toEqual([communeA.code, 'Cán bộ làm công tác quyền con người']);

    // Uploaded as it is, the example row is valid: names work, and every column is in the documented form.
    const upload = await organiser.agent
      .post('/roster-import')
      .field('_csrf', organiser.csrf)
      .field('mode', 'dry_run')
      .attach('file', bytes(res), 'mau.csv')
      .expect(303);
    await t.app.get(InProcessJobExecutor).onIdle();
    const id = upload.headers.location.split('/').pop();
    const batch = (await t.db.query(`SELECT valid_count, invalid_count FROM import_batch WHERE id = $1`, [id]))[0];
    expect(batch).toEqual({ valid_count: 1, invalid_count: 0 });
  });

  it('the XLSX template has the same cells, as text', async () => {
    const organiser = await organiserOf(communeB);
    const res = await download(organiser.agent, '/roster-import/template.xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const csv = rowsOf(bytes(await download(organiser.agent, '/roster-import/template.csv')));
    const workbook = new Workbook();
    await workbook.xlsx.load(bytes(res) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cells = [1, 2].map((r) => Array.from({ length: 11 }, (_, i) => sheet.getRow(r).getCell(i + 1).text));
    expect(cells).toEqual(csv);
    expect(cells[1][2]).toBe(communeB.code);
    expect(cells[1][6]).toBe('0912345678'); // the phone's leading 0 kept
  });

  it("lists the units of the caller's subtree only, with their place; a neighbour organiser gets only their own", async () => {
    const unitsOf = async (unit: { id: string }) => {
      const organiser = await organiserOf(unit);
      const res = await download(organiser.agent, '/roster-import/units.csv');
      expect(bytes(res).subarray(0, 3)).toEqual(BOM);
      return rowsOf(bytes(res));
    };
    const a = await unitsOf(communeA);
    expect(a[0]).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Địa bàn', 'Đơn vị · Địa bàn']);
    expect(a.slice(1)).toEqual([
      [deptA.code, 'Phòng Văn hóa - Xã hội', 'Xã Ánh Dương', 'Phòng Văn hóa - Xã hội · Xã Ánh Dương'],
      [communeA.code, 'Xã Ánh Dương', 'Tỉnh Đồng Lúa', 'Xã Ánh Dương · Tỉnh Đồng Lúa'],
    ]);
    const b = await unitsOf(communeB);
    expect(b.slice(1).map((r) => r[0])).not.toContain(communeA.code);
    expect(b.slice(1).map((r) => r[0])).not.toContain(deptA.code);
    expect(b.slice(1).map((r) => r[2])).toEqual(['Xã Bình Minh', 'Tỉnh Đồng Lúa']);
    // The province's organiser sees both communes and their namesake departments, told apart by place.
    const p = (await unitsOf(province)).slice(1);
    expect(p.map((r) => r[3])).toEqual([
      'Phòng Văn hóa - Xã hội · Xã Ánh Dương',
      'Phòng Văn hóa - Xã hội · Xã Bình Minh',
      'Tỉnh Đồng Lúa',
      'Xã Ánh Dương · Tỉnh Đồng Lúa',
      'Xã Bình Minh · Tỉnh Đồng Lúa',
    ]);
  });

  it('lists the active roles: code, Vietnamese name, English name', async () => {
    await t.db.query(
      `INSERT INTO role (code, name_vi, name_en, retired_at) VALUES ('DL_RETIRED', 'Vai trò đã bỏ', 'Retired', now())`,
    );
    const organiser = await organiserOf(communeA);
    const rows = rowsOf(bytes(await download(organiser.agent, '/roster-import/roles.csv')));
    expect(rows[0]).toEqual(['Mã vai trò', 'Tên vai trò', 'Tên tiếng Anh (English name)']);
    expect(rows).toContainEqual([
      'HR_OFFICIAL',
      'Cán bộ làm công tác quyền con người',
      'Officials who work on human rights',
    ]);
    expect(rows).toContainEqual(['REPORTER_EDITOR', 'Phóng viên, biên tập viên', 'Reporters and editors']);
    expect(rows.map((r) => r[0])).not.toContain('DL_RETIRED');
  });

  it('refuses learners and agencies (403), like the import', async () => {
    const learner = await t.given.webLogin(
      await t.given.account({ permission: Permission.Learner, scopeUnit: communeA }),
    );
    const agency = await t.given.webLogin(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    for (const path of ['template.csv', 'template.xlsx', 'units.csv', 'roles.csv']) {
      await learner.agent.get(`/roster-import/${path}`).expect(403);
      await agency.agent.get(`/roster-import/${path}`).expect(403);
    }
  });
});
