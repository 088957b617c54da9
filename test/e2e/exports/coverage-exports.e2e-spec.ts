import { CoverageUpkeep } from '@app/coverage';
import { seedDemo } from '@app/demo';
import { Permission } from '@app/common';
import { exportJobKey } from '@app/exports';
import { waitForJob } from '../../factories/certificates';
import { certifyEveryNth, countingCourse } from '../../factories/coverage';
import { binary, readCsv, readXlsxSheets } from '../../factories/exports';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The coverage lists exported: GET /api/v1/exports/{trained|untrained|coverage}.{csv|xlsx} on the demo province
 * (declared headcounts, certificates valid, revoked and expired), read back with csv-parse and exceljs, agree with
 * GET /api/v1/coverage and its lists to the person, for the province and a child unit; the untrained list's
 * declared-but-not-named remainder makes its total headcount − trained; a neighbour gets 403; bad kind/format 400.
 */

jest.setTimeout(300_000);

interface Row {
  roleId: string;
  roleCode: string;
  roleName: string;
  headcount: number;
  trained: number;
  declaredNotNamed: number;
  coverage: number | null;
  gap: number;
  status: string | null;
  statusText: { vi: string; en: string } | null;
}
interface Dashboard {
  rows: Row[];
  allRoles: { headcount: number; trained: number; declaredNotNamed: number };
  children: Array<{ unit: { id: string; code: string; name: string }; rows: Row[] }>;
}
interface Person {
  personId: string;
  fullName: string;
  unit: { code: string };
}

describe('coverage exports: trained, untrained, coverage', () => {
  let t: TestApp;
  let province: string;
  let child: { id: string; code: string };
  let organiser: string;
  let agency: string;
  let neighbour: string;
  let dashboard: Dashboard;
  const auth = { type: 'bearer' } as const;
  const get = (token: string, path: string) => t.http.get(path).auth(token, auth);
  const csv = async (token: string, path: string) => readCsv((await get(token, path).expect(200)).text);
  const xlsx = async (path: string) =>
    readXlsxSheets((await get(organiser, path).buffer(true).parse(binary).expect(200)).body as Buffer);

  /** Every person of a coverage list (paged through the API), as "name|unit code", sorted. */
  async function listed(kind: 'trained' | 'untrained', unitId: string, roleId?: string) {
    const all: string[] = [];
    let declaredNotNamed = 0;
    for (let offset = 0; ; offset += 500) {
      const role = roleId ? `&roleId=${roleId}` : '';
      const res = await get(organiser, `/api/v1/coverage/${kind}?unitId=${unitId}${role}&limit=500&offset=${offset}`);
      expect(res.status).toBe(200);
      const items = res.body.items as Person[];
      all.push(...items.map((p) => `${p.fullName}|${p.unit.code}`));
      declaredNotNamed = (res.body.declaredNotNamed as number | undefined) ?? 0;
      if (items.length < 500) break;
    }
    return { people: all.sort(), declaredNotNamed };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const today = t.clock.today();
    const report = await seedDemo(t.db, { size: 'demo', today, demoPassword: 'mật khẩu demo dài' });
    province = report.provinceIds[0];
    const courseId = await countingCourse(t, { id: province });
    await certifyEveryNth(t, { courseId, authorityUnitId: province, every: 4 });
    await t.app.get(CoverageUpkeep).rebuild();
    await coverageCaughtUp(t);
    const token = async (permission: Permission, unitId: string) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit: { id: unitId } }));
    organiser = await token(Permission.Organiser, province);
    agency = await token(Permission.Agency, province);
    neighbour = await token(Permission.Organiser, (await t.given.unit()).id);
    dashboard = (await get(organiser, `/api/v1/coverage?unitId=${province}`).expect(200)).body as Dashboard;
    // A child with people declared but not named, so the remainder is exercised.
    const withRemainder = dashboard.children.find((c) => c.rows.some((r) => r.declaredNotNamed > 0 && r.trained > 0));
    expect(withRemainder).toBeDefined();
    child = withRemainder!.unit;
  });
  afterAll(() => t.close());

  it('trained.csv lists the very people of GET coverage/trained, for the province, a child and one role', async () => {
    const hr = dashboard.rows[0].roleId;
    for (const [unitId, roleId] of [
      [province, undefined],
      [child.id, undefined],
      [province, hr],
    ] as const) {
      const role = roleId ? `&roleId=${roleId}` : '';
      const [header, ...rows] = await csv(organiser, `/api/v1/exports/trained.csv?unitId=${unitId}${role}`);
      expect(header.slice(0, 4)).toEqual(['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Đơn vị']);
      const api = await listed('trained', unitId, roleId);
      const exported = rows.map((r) => `${r[1]}|${r[2]}`).sort();
      expect({ unitId, roleId, n: exported.length }).toEqual({ unitId, roleId, n: api.people.length });
      expect(exported).toEqual(api.people);
      expect(rows.every((r) => r[header.indexOf('Hình thức')] === 'Giấy chứng nhận khoá học')).toBe(true);
      expect(rows.every((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r[header.indexOf('Tính từ ngày')]))).toBe(true);
    }
    const own = dashboard.rows.find((r) => r.roleId === hr)!;
    const [, ...hrRows] = await csv(organiser, `/api/v1/exports/trained.csv?unitId=${province}&roleId=${hr}`);
    expect(hrRows).toHaveLength(own.trained);
    expect((await csv(organiser, `/api/v1/exports/trained.csv?unitId=${province}`)).length - 1).toBe(
      dashboard.allRoles.trained,
    );
  });

  it('untrained.csv: the named people of GET coverage/untrained, then the remainder; totals are headcount − trained', async () => {
    for (const unitId of [province, child.id]) {
      const figures = (await get(organiser, `/api/v1/coverage?unitId=${unitId}`).expect(200)).body as Dashboard;
      for (const roleId of [undefined, figures.rows[0].roleId]) {
        const f = roleId ? figures.rows.find((r) => r.roleId === roleId)! : figures.allRoles;
        const role = roleId ? `&roleId=${roleId}` : '';
        const [header, ...rows] = await csv(organiser, `/api/v1/exports/untrained.csv?unitId=${unitId}${role}`);
        const people = header.indexOf('Số người');
        const named = rows.filter((r) => r[0] !== '' || r[1] !== 'Đã khai báo, chưa có tên');
        const remainder = rows.filter((r) => r[1] === 'Đã khai báo, chưa có tên');
        expect(named.length + remainder.length).toBe(rows.length);
        const api = await listed('untrained', unitId, roleId);
        expect(named.map((r) => `${r[1]}|${r[2]}`).sort()).toEqual(api.people);
        const sum = (rs: string[][]) => rs.reduce((s, r) => s + Number(r[people]), 0);
        expect({ unitId, roleId, remainder: sum(remainder) }).toEqual({
          unitId,
          roleId,
          remainder: f.declaredNotNamed,
        });
        expect(api.declaredNotNamed).toBe(f.declaredNotNamed);
        expect(sum(rows)).toBe(f.headcount - f.trained);
        // The remainder comes after the named people, one line per unit and role.
        expect(rows.slice(named.length)).toEqual(remainder);
        if (roleId) {
          expect(remainder.every((r) => r[header.indexOf('Chức danh')] === figures.rows[0].roleName)).toBe(true);
        }
      }
    }
  });

  it('untrained.xlsx: the named people on the first sheet, the remainder per unit and role on a second', async () => {
    const sheets = await xlsx(`/api/v1/exports/untrained.xlsx?unitId=${child.id}`);
    const [first, second] = [...sheets.values()];
    expect([...sheets.keys()][1]).toBe('Chưa có tên');
    const figures = (await get(organiser, `/api/v1/coverage?unitId=${child.id}`).expect(200)).body as Dashboard;
    expect(first.length - 1).toBe(
      figures.allRoles.headcount - figures.allRoles.trained - figures.allRoles.declaredNotNamed,
    );
    expect(second[0]).toEqual(['Mã đơn vị', 'Đơn vị', 'Chức danh', 'Số người đã khai báo, chưa có tên']);
    const remainder = second.slice(1).reduce((s: number, r) => s + (r[3] as number), 0);
    expect(remainder).toBe(figures.allRoles.declaredNotNamed);
    expect(remainder).toBeGreaterThan(0);
  });

  it('coverage.csv and .xlsx: one row per unit and role, equal to the dashboard for the province and its children', async () => {
    const [header, ...rows] = await csv(organiser, `/api/v1/exports/coverage.csv?unitId=${province}`);
    expect(header).toEqual([
      'Mã đơn vị',
      'Đơn vị',
      'Mã chức danh',
      'Chức danh',
      'Tổng số',
      'Khai báo chưa có tên',
      'Đã bồi dưỡng',
      'Tỷ lệ (%)',
      'Chỉ tiêu (%)',
      'Còn thiếu',
      'Hạn',
      'Đánh giá',
    ]);
    // The units open today (the demo's old communes, closed by the 2025 reform, stay in the closure).
    const units = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM org_unit_closure c JOIN org_unit u ON u.id = c.descendant_id
        WHERE c.ancestor_id = $1 AND u.status = 'active'`,
      [province],
    );
    expect(rows.length).toBe(units[0].n * dashboard.rows.length);
    const provinceCode = rows[0][0];
    const check = (code: string, r: Row) => {
      const line = rows.find((x) => x[0] === code && x[2] === r.roleCode);
      expect(line).toBeDefined();
      const [, , , , headcount, dnn, trained, coverage, , gap, , status] = line!;
      return (
        Number(headcount) === r.headcount &&
        Number(dnn) === r.declaredNotNamed &&
        Number(trained) === r.trained &&
        (coverage === '' ? null : Number(coverage)) === r.coverage &&
        Number(gap) === r.gap &&
        status === (r.statusText?.vi ?? '')
      );
    };
    const wrong = [
      ...dashboard.rows.filter((r) => !check(provinceCode, r)),
      ...dashboard.children.flatMap((c) => c.rows.filter((r) => !check(c.unit.code, r))),
    ];
    expect(wrong).toEqual([]);
    const sheets = await xlsx(`/api/v1/exports/coverage.xlsx?unitId=${province}&roleId=${dashboard.rows[0].roleId}`);
    const [sheet] = [...sheets.values()];
    expect(sheet.length - 1).toBe(units[0].n);
    const first = sheet[1];
    expect(first[4]).toBe(dashboard.rows[0].headcount);
    expect(first[6]).toBe(dashboard.rows[0].trained);
    expect(first[10]).toBeInstanceOf(Date);
  });

  it('English headers and words with lang=en; agencies may export; audited', async () => {
    const [header, row] = await csv(agency, `/api/v1/exports/coverage.csv?unitId=${child.id}&lang=en`);
    expect(header[11]).toBe('Status');
    expect(['Met', 'On track', 'Behind', '']).toContain(row[11]);
    const entries = await t.db.query<Array<{ action: string; details: Record<string, unknown> }>>(
      `SELECT action, details FROM audit_log WHERE action IN ('exports.trained', 'exports.untrained', 'exports.coverage')`,
    );
    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set(['exports.trained', 'exports.untrained', 'exports.coverage']),
    );
    expect(entries.find((e) => e.action === 'exports.coverage' && e.details.scopeUnitId === child.id)).toBeDefined();
  });

  it('the page "Xuất danh sách" offers the new lists to an agency, and its form leads to the export', async () => {
    const web = await t.given.webLogin(
      await t.given.account({ permission: Permission.Agency, scopeUnit: { id: province } }),
    );
    const page = await web.agent.get('/exports').expect(200);
    expect(page.text).toContain('href="/exports"'); // in the agency's menu
    for (const kind of ['trained', 'untrained', 'coverage']) expect(page.text).toContain(`value="${kind}"`);
    expect(page.text).toContain('Chưa bồi dưỡng (kèm số đã khai báo chưa có tên)');
    const form = await web.agent
      .post('/exports')
      .type('form')
      .send({ _csrf: web.csrf, kind: 'untrained', format: 'csv', unitId: child.id, mode: 'now' })
      .expect(303);
    expect(form.headers.location).toBe(`/api/v1/exports/untrained.csv?unitId=${child.id}`);
    const file = await web.agent.get(form.headers.location).expect(200);
    expect(readCsv(file.text)[0]).toContain('Số người');
  });

  it('a neighbour gets 403; unknown kind or format 400 listing the valid ones; a filter the kind lacks 400', async () => {
    for (const kind of ['trained', 'untrained', 'coverage']) {
      await get(neighbour, `/api/v1/exports/${kind}.csv?unitId=${province}`).expect(403);
      await get(neighbour, `/api/v1/exports/${kind}.xlsx?unitId=${child.id}`).expect(403);
    }
    const kind = await get(organiser, `/api/v1/exports/trainees.csv`).expect(400);
    expect(kind.body.message).toContain(
      'valid kinds are people, trained, untrained, certificates, exam-results, coverage',
    );
    const format = await get(organiser, `/api/v1/exports/coverage.pdf`).expect(400);
    expect(format.body.message).toContain('valid formats are csv, xlsx');
    const filter = await get(organiser, `/api/v1/exports/untrained.csv?status=active`).expect(400);
    expect(filter.body.details[0].field).toBe('status');
  });

  it('a background export of the untrained list makes the same file as the download', async () => {
    const res = await t.http
      .post('/api/v1/export-jobs')
      .auth(organiser, auth)
      .send({ kind: 'untrained', format: 'csv', unitId: child.id })
      .expect(202);
    expect(await waitForJob(t.db, exportJobKey(res.body.id as string))).toBe('succeeded');
    const status = await get(organiser, `/api/v1/export-jobs/${res.body.id}`).expect(200);
    const file = await get(organiser, status.body.downloadUrl as string).expect(200);
    const direct = await get(organiser, `/api/v1/exports/untrained.csv?unitId=${child.id}`).expect(200);
    expect(readCsv(file.text)).toEqual(readCsv(direct.text));
    expect(status.body.rowCount).toBe(readCsv(direct.text).length - 1);
  });
});
