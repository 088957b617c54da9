import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { putAuthority } from '../../factories/certificates';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { binary, readCsv, readXlsx } from '../../factories/exports';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * List exports read back: GET /api/v1/exports/{people|certificates|exam-results}.{csv|xlsx}. CSV with csv-parse,
 * XLSX with exceljs's reader: diacritics intact, leading zeros kept, formulas neutralised, dates dd/mm/yyyy (CSV)
 * or real dates (XLSX), row counts equal to the list APIs' totals; bad input; scope; the page session; audit.
 */

jest.setTimeout(120_000);

describe('list exports: people, certificates, exam results', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let orgP: string;
  let orgA: string;
  let orgB: string;
  let agencyP: string;
  let course: GivenCourse;
  const ids: Record<string, string> = {};

  const get = (path: string, token: string) => t.http.get(path).auth(token, { type: 'bearer' });
  const csvOf = readCsv;
  const auditEntries = (action: string) =>
    t.db.query<Array<{ action: string; details: Record<string, unknown> }>>(
      `SELECT action, details FROM audit_log WHERE action LIKE $1 ORDER BY id`,
      [`${action}%`],
    );

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    const token = async (permission: Permission, unit: UnitResponse) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit: unit }));
    orgP = await token(Permission.Organiser, P);
    orgA = await token(Permission.Organiser, A);
    orgB = await token(Permission.Organiser, B);
    agencyP = await token(Permission.Agency, P);
    const hr = await t.given.roleId('HR_OFFICIAL');
    const post = (body: Record<string, unknown>) =>
      t.http.post('/api/v1/people').auth(orgP, { type: 'bearer' }).send(body);
    const people = [
      { fullName: 'Nguyễn Thị Ánh Tuyết', employeeCode: '00123', phone: '0912345678', unitId: A.id, roleIds: [hr] },
      { fullName: 'Trần Văn Đức', employeeCode: '00456', phone: '+84987654321', unitId: A.id, roleIds: [hr] },
      { fullName: 'Lê Thị Bình', employeeCode: '00789', unitId: B.id, roleIds: [hr] },
    ];
    for (const p of people) {
      const res = await post({ ...p, email: `${p.employeeCode}@xa.vn` }).expect(201);
      ids[p.employeeCode] = res.body.id as string;
    }
    // Data from before the formula rule (an old import): the export must still neutralise it.
    await t.db.query(`UPDATE person SET position_title = '=HYPERLINK("http://x")' WHERE id = $1`, [ids['00456']]);
    course = await createPublishedCourse(t.db, { ownerUnit: P, modules: [{ lessons: [{ title: 'Bài 1' }] }] });
  });
  afterAll(() => t.close());

  describe('people.csv', () => {
    it('reads back with csv-parse: BOM, Vietnamese headers, diacritics, leading zeros, formulas neutralised', async () => {
      const res = await get(`/api/v1/exports/people.csv?unitId=${A.id}`, orgP).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="danh-sach-can-bo.csv"/);
      const [header, ...rows] = csvOf(res.text);
      expect(header.slice(0, 5)).toEqual(['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Đơn vị', 'Chức danh']);
      expect(header).not.toContain('Thư điện tử');
      expect(rows.map((r) => r[0]).sort()).toEqual(['00123', '00456']);
      expect(rows.map((r) => r[1])).toContain('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
      const duc = rows.find((r) => r[0] === '00456')!;
      expect(duc[header.indexOf('Chức vụ')]).toBe(`'=HYPERLINK("http://x")`);
      expect(duc[header.indexOf('Trạng thái')]).toBe('đang công tác');
      expect(duc[header.indexOf('Từ ngày')]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(res.text).not.toContain('@xa.vn');
    });

    it('English headers with lang=en', async () => {
      const res = await get(`/api/v1/exports/people.csv?unitId=${A.id}&lang=en`, orgP).expect(200);
      const [header, row] = csvOf(res.text);
      expect(header.slice(0, 2)).toEqual(['Employee code', 'Full name']);
      expect(row[header.indexOf('Status')]).toBe('active');
    });

    it('has as many rows as GET /api/v1/people, with every filter', async () => {
      const hr = await t.given.roleId('HR_OFFICIAL');
      for (const q of [
        `unitId=${P.id}`,
        `unitId=${A.id}`,
        `unitId=${B.id}`,
        `unitId=${P.id}&roleId=${hr}&status=active`,
      ]) {
        const list = await get(`/api/v1/people?${q}&limit=200`, orgP).expect(200);
        const rows = csvOf((await get(`/api/v1/exports/people.csv?${q}`, orgP).expect(200)).text).slice(1);
        expect({ q, rows: rows.length }).toEqual({ q, rows: list.body.total });
        expect(rows.map((r) => r[0]).sort()).toEqual(
          (list.body.items as Array<{ employeeCode: string }>).map((p) => p.employeeCode).sort(),
        );
      }
    });

    it('contact details only with includeContact and a purpose (400 without; recorded); agencies never', async () => {
      const bad = await get(`/api/v1/exports/people.csv?unitId=${A.id}&includeContact=true`, orgP).expect(400);
      expect(bad.body.details[0].field).toBe('purpose');
      const purpose = 'gửi giấy mời tập huấn quý 3';
      const ok = await get(
        `/api/v1/exports/people.csv?unitId=${A.id}&includeContact=true&purpose=${encodeURIComponent(purpose)}`,
        orgP,
      ).expect(200);
      const [header, ...rows] = csvOf(ok.text);
      const tuyet = rows.find((r) => r[0] === '00123')!;
      expect(tuyet[header.indexOf('Điện thoại')]).toBe('0912345678');
      expect(tuyet[header.indexOf('Thư điện tử')]).toBe('00123@xa.vn');
      expect(rows.find((r) => r[0] === '00456')![header.indexOf('Điện thoại')]).toBe("'+84987654321");
      const [entry] = (await auditEntries('exports.people')).filter((e) => e.details.includeContact === true);
      expect(entry.details).toMatchObject({ purpose, scopeUnitId: A.id, includeContact: true });
      expect(entry.details.columns).toContain('phone');
      await get(
        `/api/v1/exports/people.csv?unitId=${A.id}&includeContact=true&purpose=${encodeURIComponent(purpose)}`,
        agencyP,
      ).expect(403);
    });

    it('on a date: the people on the roster that day (org roster rule)', async () => {
      const res = await get(`/api/v1/exports/people.csv?unitId=${P.id}&date=2000-01-01`, orgP).expect(200);
      expect(csvOf(res.text)).toHaveLength(1);
      const today = t.clock.today();
      const now = await get(`/api/v1/exports/people.csv?unitId=${P.id}&date=${today}`, orgP).expect(200);
      expect(csvOf(now.text)).toHaveLength(4);
    });
  });

  describe('people.xlsx', () => {
    it('reads back with exceljs: header row, widths, frozen header, dates as dates, codes as text', async () => {
      const res = await get(`/api/v1/exports/people.xlsx?unitId=${A.id}`, orgP).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const { rows, frozen, widths } = await readXlsx(res.body as Buffer);
      expect(frozen).toBe(true);
      expect(widths.every((w) => w > 0)).toBe(true);
      const [header, ...data] = rows as string[][];
      expect(header[0]).toBe('Mã cán bộ');
      expect(data.map((r) => r[0]).sort()).toEqual(['00123', '00456']);
      const duc = data.find((r) => r[0] === '00456')!;
      expect(duc[header.indexOf('Chức vụ')]).toBe(`'=HYPERLINK("http://x")`);
      expect(duc[header.indexOf('Từ ngày')]).toBeInstanceOf(Date);
      expect(data.map((r) => r[1])).toContain('Nguyễn Thị Ánh Tuyết');
    });

    it('over the cap: 422 pointing to the CSV, counted before anything is written', async () => {
      const { XLSX_MAX_ROWS } = await import('@app/exports');
      expect(XLSX_MAX_ROWS).toBe(200_000);
      // The cap itself is exercised by the bench (200,000 rows); here a unit with no rows stays under it.
      await get(`/api/v1/exports/people.xlsx?unitId=${B.id}`, orgP).expect(200);
    });
  });

  describe('certificates', () => {
    beforeAll(async () => {
      await putAuthority(t.http, P.id, orgP);
      const insert = (personId: string, serial: string, code: string, issuedOn: string, revoked: boolean) =>
        t.db.query(
          `INSERT INTO certificate (kind, source_key, serial, code, person_id, course_id, version_id, authority_unit_id,
                                    completed_on, issued_on, issued_at, snapshot, revoked_at, revoked_on, revoke_reason)
           SELECT 'course', $1, $2, $3, $4, c.id, c.published_version_id, $5, $6::date, $6::date, now(),
                  jsonb_build_object('personName', p.full_name, 'unitName', u.name, 'courseCode', c.code,
                                     'title', 'Khoá học Quyền con người', 'versionNo', 1, 'roleNames', '[]'::jsonb,
                                     'completedOn', $6, 'scorePercent', null, 'sealKey', null,
                                     'authority', jsonb_build_object('name', 'SỞ VĂN HÓA', 'parentName', null,
                                       'placeName', 'Phương Nam', 'signatoryTitle', 'GIÁM ĐỐC',
                                       'signatoryName', 'Trần Văn Bình')),
                  CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN $6::date END, CASE WHEN $7 THEN 'sai thông tin' END
             FROM course c, person p JOIN org_unit u ON u.id = p.unit_id WHERE c.id = $8 AND p.id = $4`,
          [`test:${serial}`, serial, code, personId, P.id, issuedOn, revoked, course.id],
        );
      await insert(ids['00123'], 'PN-2025-000001', 'ABCDEFGHJKMNPQRSTVWXYZ234567', '2025-03-04', false);
      await insert(ids['00456'], 'PN-2025-000002', 'BCDEFGHJKMNPQRSTVWXYZ2345678', '2025-05-06', true);
      await insert(ids['00789'], 'PN-2025-000003', 'CDEFGHJKMNPQRSTVWXYZ23456789', '2025-07-08', false);
    });

    it('carries the serial and the verification code; counts equal GET /api/v1/certificates', async () => {
      for (const q of [
        `unitId=${P.id}`,
        `unitId=${A.id}`,
        `unitId=${P.id}&status=revoked`,
        `unitId=${P.id}&from=2025-05-01`,
      ]) {
        const list = await get(`/api/v1/certificates?${q}&limit=100`, orgP).expect(200);
        const rows = csvOf((await get(`/api/v1/exports/certificates.csv?${q}`, orgP).expect(200)).text).slice(1);
        expect({ q, rows: rows.length }).toEqual({ q, rows: list.body.total });
      }
      const [header, ...rows] = csvOf(
        (await get(`/api/v1/exports/certificates.csv?unitId=${A.id}`, agencyP).expect(200)).text,
      );
      const first = rows.find((r) => r[0] === 'PN-2025-000001')!;
      expect(first[header.indexOf('Mã xác minh')]).toBe('ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567');
      expect(first[header.indexOf('Ngày cấp')]).toBe('04/03/2025');
      expect(first[header.indexOf('Họ và tên')]).toBe('Nguyễn Thị Ánh Tuyết');
      expect(rows.find((r) => r[0] === 'PN-2025-000002')![header.indexOf('Trạng thái')]).toBe('Đã thu hồi');
    });

    it('XLSX: issue dates are real dates', async () => {
      const res = await get(`/api/v1/exports/certificates.xlsx?unitId=${A.id}`, orgP)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const { rows } = await readXlsx(res.body as Buffer);
      const [header, ...data] = rows;
      const first = data.find((r) => r[0] === 'PN-2025-000001')!;
      expect(first[header.indexOf('Ngày cấp')]).toEqual(new Date(Date.UTC(2025, 2, 4)));
    });
  });

  describe('exam-results', () => {
    let examId: string;
    beforeAll(async () => {
      const questions = [];
      for (let i = 0; i < 2; i++) questions.push((await t.given.question({ course })).id);
      examId = (await t.given.exam({ course, questionIds: questions })).id;
      const attempt = (personId: string, no: number, passed: boolean | null) =>
        t.db.query(
          `INSERT INTO exam_attempt (exam_id, person_id, attempt_no, seed, started_at, deadline_at, status, pass_percent,
                                     score, max_score, percent, passed, submitted_at)
           VALUES ($1, $2, $3, 1, now() - interval '1 hour', now() + interval '1 hour', $4, 70, $5, 2, $6, $7, $8)`,
          [
            examId,
            personId,
            no,
            passed === null ? 'in_progress' : 'submitted',
            passed === null ? null : passed ? 2 : 1,
            passed === null ? null : passed ? 100 : 50,
            passed,
            passed === null ? null : new Date(),
          ],
        );
      await attempt(ids['00123'], 1, false);
      await attempt(ids['00123'], 2, true);
      await attempt(ids['00456'], 1, null);
      await attempt(ids['00789'], 1, true);
    });

    it('counts equal the exam results list (same subtree), with the outcome of each attempt', async () => {
      const results = t.app.get((await import('@app/exams')).ExamResultsService);
      // The results page of the exam, for an organiser of the province that owns the course.
      const orgPActor = {
        accountId: '00000000-0000-4000-8000-000000000000',
        via: 'api' as const,
        grants: [{ permission: Permission.Organiser, scopeUnitId: P.id }],
      };
      const listed = await results.list(orgPActor, examId, { limit: 100, offset: 0 });
      const all = csvOf(
        (await get(`/api/v1/exports/exam-results.csv?unitId=${P.id}&courseId=${course.id}`, orgP).expect(200)).text,
      ).slice(1);
      expect(all).toHaveLength(listed.total);
      const passed = csvOf(
        (await get(`/api/v1/exports/exam-results.csv?unitId=${P.id}&status=passed`, orgP).expect(200)).text,
      ).slice(1);
      expect(passed).toHaveLength(listed.items.filter((i) => i.passed && i.status !== 'in_progress').length);
      const inA = csvOf((await get(`/api/v1/exports/exam-results.csv?unitId=${A.id}`, orgA).expect(200)).text).slice(1);
      expect(inA.map((r) => r[0]).sort()).toEqual(['00123', '00123', '00456']);
      const [header, ...rows] = csvOf(
        (await get(`/api/v1/exports/exam-results.csv?unitId=${A.id}&status=in_progress`, agencyP).expect(200)).text,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0][header.indexOf('Kết quả')]).toBe('Đang làm bài');
      expect(rows[0][0]).toBe('00456');
    });
  });

  describe('bad input and scope', () => {
    it.each([
      [
        'an unknown kind',
        '/api/v1/exports/payroll.csv',
        'kind',
        'people, trained, untrained, certificates, exam-results, coverage',
      ],
      ['an unknown format', '/api/v1/exports/people.pdf', 'format', 'csv, xlsx'],
      ['no format', '/api/v1/exports/people', 'format', 'csv, xlsx'],
      [
        'a filter the kind does not take',
        '/api/v1/exports/people.csv?courseId=00000000-0000-4000-8000-000000000000',
        'courseId',
        'not a filter',
      ],
      [
        'a status the kind does not know',
        '/api/v1/exports/people.csv?status=revoked',
        'status',
        'active, on_leave, left',
      ],
      ['a malformed date', '/api/v1/exports/certificates.csv?from=2025-02-30', 'from', ''],
      ['a malformed unit', '/api/v1/exports/people.csv?unitId=abc', 'unitId', 'UUID'],
      ['an unknown parameter', '/api/v1/exports/people.csv?salary=1', 'salary', ''],
    ])('%s: 400 naming the field', async (_name, path, field, words) => {
      const res = await get(path, orgP).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).toContain(words);
    });

    it('a sibling organiser gets 403 for the other commune, and none of its rows in their own', async () => {
      await get(`/api/v1/exports/people.csv?unitId=${A.id}`, orgB).expect(403);
      await get(`/api/v1/exports/certificates.xlsx?unitId=${A.id}`, orgB).expect(403);
      await get(`/api/v1/exports/exam-results.csv?unitId=${P.id}`, orgA).expect(403);
      const own = await get('/api/v1/exports/people.csv', orgB).expect(200);
      expect(own.text).toContain('00789');
      expect(own.text).not.toContain('00123');
      expect(own.text).not.toContain('Ánh Tuyết');
    });

    it('a learner is refused; no credentials is 401', async () => {
      const learner = await t.given.learner({ unit: A });
      await get(`/api/v1/exports/people.csv`, await t.given.tokenFor(learner)).expect(403);
      await t.http.get('/api/v1/exports/people.csv').expect(401);
    });
  });

  describe('the page session', () => {
    it('works with the page session (the roster export too), and the form redirects to the export', async () => {
      const web = await t.given.webLogin(await t.given.account({ permission: Permission.Agency, scopeUnit: P }));
      const res = await web.agent.get(`/api/v1/exports/people.csv?unitId=${A.id}`).expect(200);
      expect(res.text).toContain('Nguyễn Thị Ánh Tuyết');
      const organiser = await t.given.webLogin(
        await t.given.account({ permission: Permission.Organiser, scopeUnit: A }),
      );
      const roster = await organiser.agent.get('/api/v1/roster/export.csv').expect(200);
      expect(roster.text).toContain('00123');
      const page = await web.agent.get('/exports').expect(200);
      expect(page.text).toContain('Xuất danh sách');
      expect(page.text).toContain('href="/exports"');
      const form = await web.agent
        .post('/exports')
        .type('form')
        .send({ _csrf: web.csrf, kind: 'certificates', format: 'xlsx', unitId: A.id, status: 'valid', mode: 'now' })
        .expect(303);
      expect(form.headers.location).toBe(`/api/v1/exports/certificates.xlsx?unitId=${A.id}&status=valid`);
      const refused = await web.agent
        .post('/exports')
        .type('form')
        .send({
          _csrf: web.csrf,
          kind: 'people',
          format: 'csv',
          unitId: A.id,
          includeContact: 'true',
          purpose: '',
          mode: 'now',
        })
        .expect(400);
      expect(refused.text).toContain('purpose');
    });
  });
});
