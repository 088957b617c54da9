import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { binary, readCsv } from '../../factories/exports';
import { describeWhen } from '../../setup/ci';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * An XLSX export opened by another spreadsheet program: LibreOffice (`soffice --headless --convert-to csv`, installed
 * by .ci/run) converts people.xlsx to CSV, and the cells equal the CSV export's: diacritics, leading zeros, a
 * neutralised formula, dates shown dd/mm/yyyy. Outside CI without soffice the suite is skipped with a message.
 */

jest.setTimeout(180_000);

const run = promisify(execFile);
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

describeWhen(hasSoffice, 'soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui')(
  'an XLSX export converted by LibreOffice equals the CSV export',
  () => {
    let t: TestApp;
    let A: UnitResponse;
    let organiser: string;
    let dir: string;

    beforeAll(async () => {
      t = await createTestApp();
      dir = await mkdtemp(join(tmpdir(), 'moc-soffice-'));
      const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
      A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
      organiser = await t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit: P }));
      const hr = await t.given.roleId('HR_OFFICIAL');
      for (const p of [
        { fullName: 'Nguyễn Thị Ánh Tuyết', employeeCode: '00123', phone: '0912345678' },
        { fullName: 'Trần Văn Đức', employeeCode: '00456', phone: '0987654321' },
        { fullName: 'Đặng Hữu Ước', employeeCode: '0007', phone: '0300000000' },
      ]) {
        await t.http
          .post('/api/v1/people')
          .auth(organiser, { type: 'bearer' })
          .send({ ...p, unitId: A.id, roleIds: [hr], email: `${p.employeeCode}@xa.vn` })
          .expect(201);
      }
      await t.db.query(`UPDATE person SET position_title = '=HYPERLINK("http://x")' WHERE employee_code = '00456'`);
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
      await t.close();
    });

    it('soffice --headless --convert-to csv reads the same cells as the CSV export', async () => {
      const purpose = encodeURIComponent('gửi giấy mời tập huấn quý 3');
      const query = `unitId=${A.id}&includeContact=true&purpose=${purpose}`;
      const xlsx = await t.http
        .get(`/api/v1/exports/people.xlsx?${query}`)
        .auth(organiser, { type: 'bearer' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      const csv = await t.http
        .get(`/api/v1/exports/people.csv?${query}`)
        .auth(organiser, { type: 'bearer' })
        .expect(200);
      const file = join(dir, 'people.xlsx');
      await writeFile(file, xlsx.body as Buffer);
      // 44 = comma, 34 = double quote, 76 = UTF-8; cells as shown (dates in the cell's dd/mm/yyyy format).
      await run(
        'soffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true',
          '--outdir',
          dir,
          file,
        ],
        { timeout: 150_000 },
      );
      const converted: string[][] = parse(await readFile(join(dir, 'people.csv'), 'utf8'), {
        relax_column_count: false,
      });
      const expected = readCsv(csv.text);
      expect(converted).toEqual(expected);
      expect(converted.length).toBe(4);
      const header = converted[0];
      const codes = converted.slice(1).map((r) => r[header.indexOf('Mã cán bộ')]);
      expect(codes.sort()).toEqual(['0007', '00123', '00456']);
      expect(converted.flat()).toContain('Đặng Hữu Ước');
      expect(converted.flat()).toContain('0912345678');
      expect(converted.flat()).toContain(`'=HYPERLINK("http://x")`);
      expect(converted[1][header.indexOf('Từ ngày')]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    });
  },
);
