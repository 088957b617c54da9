import { parse } from 'csv-parse/sync';
import { CoverageUpkeep } from '@app/coverage';
import { Permission } from '@app/common';
import { suppress } from '@app/exports';
import { UnitResponse, UnitType } from '@app/org';
import { countingCourse, writeCertificate } from '../../factories/coverage';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Open data: an administrator publishes coverage per province and role (POST /api/v1/open-data/coverage), audited;
 * anyone reads /open-data (the list) and /open-data/<file> (CSV and JSON) without logging in; no names, no codes of
 * people, and no count under 5 (nor its complement): those cells are withheld.
 */

jest.setTimeout(180_000);

describe('open data: coverage per province and role', () => {
  let t: TestApp;
  let big: UnitResponse;
  let small: UnitResponse;
  let admin: string;
  let organiser: string;

  beforeAll(async () => {
    t = await createTestApp();
    big = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    small = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Bắc Sơn' });
    const communeBig = await t.given.unit({ parent: big, name: 'Xã Ánh Dương' });
    const communeSmall = await t.given.unit({ parent: small, name: 'Xã Bình Minh' });
    const courseId = await countingCourse(t, big);
    for (let i = 0; i < 20; i++) {
      const p = await t.given.person({ unit: communeBig, fullName: `Nguyễn Văn Lớn ${i}`, roles: ['HR_OFFICIAL'] });
      if (i < 8) {
        await writeCertificate(t, { personId: p.id, courseId, authorityUnitId: big.id, issuedOn: '2025-03-01' });
      }
    }
    for (let i = 0; i < 12; i++) {
      const p = await t.given.person({ unit: communeSmall, fullName: `Trần Thị Nhỏ ${i}`, roles: ['HR_OFFICIAL'] });
      if (i < 2) {
        await writeCertificate(t, { personId: p.id, courseId, authorityUnitId: big.id, issuedOn: '2025-03-01' });
      }
    }
    await t.app.get(CoverageUpkeep).rebuild();
    await coverageCaughtUp(t);
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: big }));
  });
  afterAll(() => t.close());

  it('withholds a count under 5 and its complement', () => {
    expect(suppress(20, 8)).toEqual({ headcount: 20, trained: 8, coverage: 40, suppressed: false });
    expect(suppress(12, 2)).toEqual({ headcount: 12, trained: null, coverage: null, suppressed: true });
    expect(suppress(12, 9)).toEqual({ headcount: 12, trained: null, coverage: null, suppressed: true });
    expect(suppress(3, 0)).toEqual({ headcount: null, trained: null, coverage: null, suppressed: true });
  });

  it('nothing is published at first; only an administrator publishes', async () => {
    const page = await t.http.get('/open-data').expect(200);
    expect(page.text).toContain('Chưa có tệp nào được công bố.');
    await t.http.post('/api/v1/open-data/coverage').auth(organiser, { type: 'bearer' }).expect(403);
    await t.http.post('/api/v1/open-data/coverage').expect(401);
  });

  it('an administrator publishes CSV and JSON, public and audited, with no personal data and no small cell', async () => {
    const res = await t.http.post('/api/v1/open-data/coverage').auth(admin, { type: 'bearer' }).expect(201);
    const files = res.body as Array<{ name: string; format: string; url: string; sha256: string }>;
    expect(files.map((f) => f.format).sort()).toEqual(['csv', 'json']);
    const csvFile = files.find((f) => f.format === 'csv')!;
    const csv = await t.http.get(csvFile.url).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const records: string[][] = parse(csv.text.slice(1));
    const [header, ...rows] = records;
    expect(header[0]).toBe('Mã tỉnh (province code)');
    const hrOf = (name: string) => rows.find((r) => r[1] === name && r[2] === 'HR_OFFICIAL')!;
    expect(hrOf('Tỉnh Phương Nam').slice(4)).toEqual(['20', '8', '40', '']);
    expect(hrOf('Tỉnh Bắc Sơn').slice(4)).toEqual(['12', '', '', 'x']);
    for (const marker of ['Nguyễn Văn Lớn', 'Trần Thị Nhỏ', 'Xã Ánh Dương']) expect(csv.text).not.toContain(marker);
    const json = await t.http.get(files.find((f) => f.format === 'json')!.url).expect(200);
    const body = JSON.parse(json.text) as { rows: Array<Record<string, unknown>>; rule: { vi: string } };
    expect(body.rows.find((r) => r.provinceName === 'Tỉnh Bắc Sơn' && r.roleCode === 'HR_OFFICIAL')).toMatchObject({
      headcount: 12,
      trained: null,
      coverage: null,
      suppressed: true,
    });
    for (const r of body.rows) {
      for (const n of [r.trained, r.headcount]) if (n !== null) expect(n).toBeGreaterThanOrEqual(5);
      if (r.trained !== null) expect((r.headcount as number) - (r.trained as number)).toBeGreaterThanOrEqual(5);
    }
    const page = await t.http.get('/open-data').expect(200);
    expect(page.text).toContain(csvFile.name);
    expect(page.text).toContain(csvFile.sha256);
    const [entry] = await t.db.query<Array<{ details: { files: Array<{ sha256: string }> } }>>(
      `SELECT details FROM audit_log WHERE action = 'open_data.publish'`,
    );
    expect(entry.details.files.map((f) => f.sha256)).toContain(csvFile.sha256);
    await t.http.get('/open-data/nothing-here.csv').expect(404);
    await t.http.get('/open-data/..%2Fetc.csv').expect(404);
  });
});
