import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { parse } from 'csv-parse/sync';
import { unique } from '../../factories/given';
import { csvBuffer, xlsxFromRows } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

interface Problem {
  row: number;
  field: string | null;
  column: string | null;
  code: string;
  reason: string;
  reasonVi: string;
}

/**
 * Issue 18 item 9: role names as well as codes, every problem of a row at once (file and database checks together),
 * and columns named by the file's own headers in the response, the page and the errors CSV.
 */
describe('roster import: role names, every problem of a row at once, columns as the file names them', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let commune: { id: string; code: string };
  let organiser: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province });
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
  });
  afterAll(() => t.close());

  async function dryRun(file: Buffer, name = 'danh-sach.csv') {
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(organiser, { type: 'bearer' })
      .attach('file', file, name)
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http.get(`/api/v1/roster-imports/${res.body.id}`).auth(organiser, { type: 'bearer' });
    expect(done.body).toMatchObject({ status: 'done', error: null });
    return done.body as { id: string; counts: Record<string, number>; problems: Problem[]; errorsUrl: string };
  }

  const errorsCsv = async (url: string): Promise<string[][]> =>
    parse((await t.http.get(url).auth(organiser, { type: 'bearer' }).expect(200)).text, { bom: true });

  it('accepts roles by Vietnamese or English name and by code, and names unknown and ambiguous ones', async () => {
    const code = unique('N');
    const header = ['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Vai trò'];
    const file = csvBuffer(
      [
        header,
        [`${code}-1`, 'Nguyễn Văn An', commune.code, 'Cán bộ làm công tác quyền con người'],
        [`${code}-2`, 'Trần Thị Bình', commune.code, 'tuyen truyen vien; Báo cáo viên pháp luật'],
        [`${code}-3`, 'Lê Văn Cường', commune.code, 'Phóng viên, biên tập viên, ICT_MANAGER'],
        [`${code}-4`, 'Phạm Thị Dung', commune.code, 'Legal rapporteurs | hr_official'],
        [`${code}-5`, 'Hoàng Văn Em', commune.code, 'Tuyên truyền viên; Cán bộ văn hoá'],
      ],
      { bom: true },
    );
    const dry = await dryRun(file);
    expect(dry.counts).toMatchObject({ rows: 5, valid: 4, invalid: 1, created: 4 });
    expect(dry.problems).toEqual([
      expect.objectContaining({
        row: 6,
        field: 'roles',
        column: 'Vai trò',
        code: 'unknown_role',
        reasonVi: '"Cán bộ văn hoá": không có vai trò đang dùng nào có mã hoặc tên này',
      }),
    ]);

    // The commit stores the codes the names stand for.
    const commit = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'commit' })
      .auth(organiser, { type: 'bearer' })
      .attach('file', file, 'danh-sach.csv')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    expect(commit.body.id).toBeDefined();
    const roles = await t.db.query(
      `SELECT p.employee_code AS code, array_agg(r.code ORDER BY r.code) AS roles
         FROM person p JOIN person_role pr ON pr.person_id = p.id AND pr.valid_to IS NULL JOIN role r ON r.id = pr.role_id
        WHERE p.employee_code LIKE $1 GROUP BY p.employee_code ORDER BY p.employee_code`,
      [`${code}-%`],
    );
    expect(roles).toEqual([
      { code: `${code}-1`, roles: ['HR_OFFICIAL'] },
      { code: `${code}-2`, roles: ['LEGAL_RAPPORTEUR', 'PROPAGANDIST'] },
      { code: `${code}-3`, roles: ['ICT_MANAGER', 'REPORTER_EDITOR'] },
      { code: `${code}-4`, roles: ['HR_OFFICIAL', 'LEGAL_RAPPORTEUR'] },
    ]);
  });

  it('reports a name two roles share as ambiguous, and a retired role as unknown', async () => {
    const suffix = unique('R').replace(/[^A-Z0-9]/g, '');
    const name = `Cán bộ thử ${suffix}`;
    await t.db.query(`INSERT INTO role (code, name_vi, name_en) VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9)`, [
      `AMB1_${suffix}`,
      name,
      `Test one ${suffix}`,
      `AMB2_${suffix}`,
      name.toUpperCase(),
      `Test two ${suffix}`,
      `OLD_${suffix}`,
      `Vai trò cũ ${suffix}`,
      `Old ${suffix}`,
    ]);
    await t.db.query(`UPDATE role SET retired_at = now() WHERE code = $1`, [`OLD_${suffix}`]);
    const code = unique('M');
    const dry = await dryRun(
      csvBuffer([
        ['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Vai trò'],
        [`${code}-1`, 'Nguyễn Văn An', commune.code, name],
        [`${code}-2`, 'Trần Thị Bình', commune.code, `Vai trò cũ ${suffix}`],
        [`${code}-3`, 'Lê Văn Cường', commune.code, `AMB2_${suffix}`], // the code is never ambiguous
      ]),
    );
    expect(dry.problems.map((p) => [p.row, p.code, p.reason])).toEqual([
      [2, 'ambiguous_role', `"${name}" names several roles (AMB1_${suffix}, AMB2_${suffix}): write the code`],
      [3, 'unknown_role', `"Vai trò cũ ${suffix}": no active role has this code or name`],
    ]);
    expect(dry.counts).toMatchObject({ valid: 1, invalid: 2 });
  });

  it('reports every problem of a row at once: a bad e-mail and an unknown unit, a bad date and a unit outside the subtree', async () => {
    const code = unique('E');
    const neighbour = await t.given.unit({ parent: province });
    const file = csvBuffer([
      ['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Vai trò', 'Email', 'Ngày sinh'],
      [`${code}-1`, 'Nguyễn Văn An', 'KHONG-CO', 'HR_OFFICIAL', 'an@', ''],
      [`${code}-2`, 'Trần Thị Bình', neighbour.code, 'Không rõ', '', '31/02/1990'],
      [`${code}-3`, 'B', commune.code, 'HR_OFFICIAL', 'binh@', ''], // only file problems: the unit is fine
    ]);
    const dry = await dryRun(file);
    expect(dry.counts).toMatchObject({ rows: 3, valid: 0, invalid: 3 });
    expect(dry.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, 'unit_code', 'unknown_unit'],
      [2, 'email', 'bad_email'],
      [3, 'unit_code', 'unknown_unit'], // another subtree's unit answers as an unknown code
      [3, 'roles', 'unknown_role'],
      [3, 'birth_date', 'impossible_date'],
      [4, 'full_name', 'too_short'],
      [4, 'email', 'bad_email'],
    ]);
    const lines = await errorsCsv(dry.errorsUrl);
    expect(lines.map((l) => l[l.length - 1])).toEqual([
      'Lỗi / Errors',
      '[Dòng 2] Mã đơn vị: không có đơn vị mã KHONG-CO (no unit has code KHONG-CO); Email: không phải địa chỉ email hợp lệ (is not an e-mail address)',
      expect.stringMatching(/^\[Dòng 3\] Mã đơn vị: .*; Vai trò: .*; Ngày sinh: ngày 31\/02\/1990 không tồn tại/),
      expect.stringMatching(/^\[Dòng 4\] Họ và tên: .*; Email: /),
    ]);
    expect(await t.db.query(`SELECT 1 FROM person WHERE employee_code LIKE $1`, [`${code}-%`])).toEqual([]);
  });

  it("names the columns by the file's own headers (as typed) in the response, the errors CSV and the page", async () => {
    const code = unique('H');
    const file = csvBuffer([
      ['employee_code', 'Họ tên', 'unit_code', 'ROLE', 'E-mail'],
      [`${code}-1`, 'Nguyễn Văn An', 'KHONG-CO', 'HR_OFFICIAL', 'an@'],
    ]);
    const dry = await dryRun(file);
    expect(dry.problems.map((p) => [p.field, p.column])).toEqual([
      ['unit_code', 'unit_code'],
      ['email', 'E-mail'],
    ]);
    const lines = await errorsCsv(dry.errorsUrl);
    expect(lines[0]).toEqual(['employee_code', 'Họ tên', 'unit_code', 'ROLE', 'E-mail', 'Lỗi / Errors']);
    expect(lines[1][5]).toMatch(/^\[Dòng 2\] unit_code: không có đơn vị mã KHONG-CO .*; E-mail: /);

    const web = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: commune }));
    const page = await web.agent.get(`/roster-import/${dry.id}`).expect(200);
    expect(page.text).toContain('<td>unit_code</td>');
    expect(page.text).toContain('<td>E-mail</td>');

    // XLSX with English headers: the same.
    const xlsx = await xlsxFromRows([
      ['Employee code', 'Full name', 'Unit code', 'Roles', 'Date of birth'],
      [`${code}-2`, 'Trần Thị Bình', commune.code, 'Propagandists', '31/02/1990'],
    ]);
    const fromXlsx = await dryRun(xlsx, 'list.xlsx');
    expect(fromXlsx.problems.map((p) => [p.field, p.column, p.code])).toEqual([
      ['birth_date', 'Date of birth', 'impossible_date'],
    ]);
  });

  it('names a missing column by its documented header (400 at upload)', async () => {
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(organiser, { type: 'bearer' })
      .attach(
        'file',
        csvBuffer([
          ['Họ và tên', 'Mã đơn vị', 'Vai trò'],
          ['An', commune.code, 'HR_OFFICIAL'],
        ]),
        'a.csv',
      )
      .expect(400);
    expect(res.body.details.problems).toEqual([
      expect.objectContaining({ field: 'employee_code', column: 'Mã cán bộ', code: 'missing_column' }),
    ]);
  });
});
