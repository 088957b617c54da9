import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Workbook } from 'exceljs';
import { Permission } from '@app/common';
import { CoverageUpkeep } from '@app/coverage';
import { UnitResponse, UnitType } from '@app/org';
import { countingCourse, revokeCertificate, writeCertificate } from '../../factories/coverage';
import { binary } from '../../factories/exports';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Statutory reports (issue 12 item 3): drafts with live figures, bad input (400 naming the field), the workflow
 * draft → submitted → accepted / returned up the tree (409 on a second submit, 403 for an accept from outside the
 * receiving unit's subtree), the receiving unit set by an admin, the files read back (pdftotext, exceljs) with the
 * administrative heading and the Vietnamese date line, the pages without script, the audit; and the Done-when: a
 * frozen yearly report's figures and files are byte-identical after people move, certificates are revoked and
 * units merge.
 */

jest.setTimeout(240_000);

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const run = promisify(execFile);

interface Figures {
  unit: { name: string };
  coverage: {
    allRoles: { headcount: number; trained: number };
    rows: Array<{ roleCode: string; headcount: number; trained: number }>;
    children: Array<{ unit: { id: string; name: string }; allRoles: { headcount: number; trained: number } }>;
  };
  sessions: Array<{ title: string; participants: number }>;
  certificates: { issued: number; course: number; revokedByPeriodEnd: number };
  headcounts: Array<{ roleCode: string; named: number }>;
}

describe('statutory reports', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let Q: UnitResponse;
  const tok: Record<string, string> = {};
  const people: string[] = [];
  const certificates: string[] = [];
  let today: string;
  let yearStart: string;
  let dir: string;

  const auth = { type: 'bearer' } as const;
  const get = (token: string, path: string) => t.http.get(path).auth(token, auth);
  const post = (token: string, path: string, body: Record<string, unknown> = {}) =>
    t.http.post(path).auth(token, auth).send(body);
  const file = async (token: string, id: string, format: 'pdf' | 'xlsx') => {
    const res = await get(token, `/api/v1/reports/${id}/files/${format}`).buffer(true).parse(binary).expect(200);
    return {
      body: res.body as Buffer,
      header: res.headers['x-content-sha256'],
      type: res.headers['content-type'],
    };
  };
  const draft = (token: string, unit: UnitResponse, extra: Record<string, unknown> = {}) =>
    post(token, '/api/v1/reports', {
      unitId: unit.id,
      kind: 'yearly',
      periodFrom: yearStart,
      periodTo: today,
      ...extra,
    });

  beforeAll(async () => {
    t = await createTestApp();
    dir = await mkdtemp(join(tmpdir(), 'moc-reports-'));
    today = t.clock.today();
    yearStart = `${today.slice(0, 4)}-01-01`;
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Quảng Xa' });
    const token = async (name: string, permission: Permission, unit?: UnitResponse) => {
      tok[name] = await t.given.tokenFor(await t.given.account({ permission, scopeUnit: unit }));
    };
    await token('orgA', Permission.Organiser, A);
    await token('orgB', Permission.Organiser, B);
    await token('orgP', Permission.Organiser, P);
    await token('agencyP', Permission.Agency, P);
    await token('orgQ', Permission.Organiser, Q);
    await token('agencyQ', Permission.Agency, Q);
    await token('admin', Permission.Admin);
    const courseId = await countingCourse(t, P);
    for (const [unit, n] of [
      [A, 4],
      [B, 3],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const p = await t.given.person({ unit, roles: ['HR_OFFICIAL'], fullName: `Nguyễn Thị Ánh ${unit.name} ${i}` });
        people.push(p.id);
      }
    }
    // On the roster since the start of the year (people are created today): the period's figures are the year's.
    for (const table of ['person_membership', 'person_role', 'person_status_period']) {
      await t.db.query(`UPDATE ${table} SET valid_from = $1 WHERE person_id = ANY($2::uuid[])`, [yearStart, people]);
    }
    for (const personId of people.slice(0, 5)) {
      certificates.push(await writeCertificate(t, { personId, courseId, authorityUnitId: P.id, issuedOn: yearStart }));
    }
    // A training session of commune A in the period, two present.
    const [{ id: sessionId }] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO training_session (title, kind, organiser_unit_id, starts_at, ends_at, place, created_at, updated_at)
       VALUES ('Tập huấn kỹ năng truyền thông về quyền con người', 'training', $1, $2::date + time '02:00',
               $2::date + time '04:00', 'Hội trường xã', now(), now()) RETURNING id`,
      [A.id, yearStart],
    );
    for (const personId of people.slice(0, 2)) {
      await t.db.query(
        `INSERT INTO training_attendance (session_id, person_id, status, share, recorded_at) VALUES ($1, $2, 'present', 100, now())`,
        [sessionId, personId],
      );
    }
    await t.app.get(CoverageUpkeep).rebuild();
    await coverageCaughtUp(t);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  describe('bad input', () => {
    it.each([
      [{ kind: 'monthly' }, 'kind'],
      [{ periodFrom: '2026-02-30' }, 'periodFrom'],
      [{ periodFrom: '2022-12-31' }, 'periodFrom'],
      [{ periodTo: '2999-01-01' }, 'periodTo'],
      [{ periodFrom: '2025-06-01', periodTo: '2025-05-31' }, 'periodTo'],
      [{ periodFrom: '2024-01-01', periodTo: '2025-01-01' }, 'periodTo'], // a yearly report covers at most a year
    ])('%j → 400 naming %s', async (extra, field) => {
      const res = await draft(tok.orgA, A, extra).expect(400);
      expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
    });

    it('a 3-year interim review may cover three years; a unit outside the subtree → 403', async () => {
      await draft(tok.orgA, A, { kind: 'interim', periodFrom: '2024-01-01', periodTo: '2026-06-30' }).expect(201);
      await draft(tok.orgB, A).expect(403);
      await draft(tok.orgQ, P).expect(403);
    });

    it('an unknown file format → 400; a report of another subtree → 404', async () => {
      const created = (await draft(tok.orgA, A).expect(201)).body as { id: string };
      const res = await get(tok.orgA, `/api/v1/reports/${created.id}/files/docx`).expect(400);
      expect(res.body.details[0].field).toBe('format');
      await get(tok.orgQ, `/api/v1/reports/${created.id}`).expect(404);
      await get(tok.orgB, `/api/v1/reports/${created.id}`).expect(404);
    });
  });

  describe('workflow', () => {
    it('draft → submitted (to the parent) → 409 on a second submit → 403 from outside → accepted', async () => {
      const created = (await draft(tok.orgA, A).expect(201)).body as { id: string; status: string; number: string };
      expect(created.status).toBe('draft');
      expect(created.number).toMatch(new RegExp(`^\\d+/BC-${A.code}$`));
      const shown = (await get(tok.orgA, `/api/v1/reports/${created.id}`).expect(200)).body;
      expect(shown.frozen).toBe(false);
      expect(shown.receiver.id).toBe(P.id);
      expect(shown.actions).toEqual({ submit: true, accept: false, return: false });
      expect((shown.figures as Figures).coverage.allRoles.headcount).toBe(4);
      // the province does not see a draft as received, the commune's organiser sees it as its own
      const listP = (await get(tok.orgP, '/api/v1/reports').expect(200)).body as Array<{
        id: string;
        received: boolean;
      }>;
      expect(listP.find((r) => r.id === created.id)?.received).toBe(false);
      await post(tok.orgP, `/api/v1/reports/${created.id}/accept`).expect(403);

      // two submits at once: one submission, the other 409
      const both = await Promise.all([
        post(tok.orgA, `/api/v1/reports/${created.id}/submit`),
        post(tok.orgA, `/api/v1/reports/${created.id}/submit`),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      await post(tok.orgA, `/api/v1/reports/${created.id}/submit`).expect(409);
      const [{ n }] = await t.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM statutory_report_submission WHERE report_id = $1`,
        [created.id],
      );
      expect(n).toBe(1);

      for (const outsider of ['orgA', 'orgB', 'orgQ', 'agencyQ']) {
        const res = await post(tok[outsider], `/api/v1/reports/${created.id}/accept`);
        expect({ outsider, status: res.status }).toEqual({ outsider, status: 403 });
      }
      const received = (await get(tok.agencyP, '/api/v1/reports').expect(200)).body as Array<{
        id: string;
        received: boolean;
      }>;
      expect(received.find((r) => r.id === created.id)?.received).toBe(true);
      const accepted = (await post(tok.orgP, `/api/v1/reports/${created.id}/accept`).expect(200)).body;
      expect(accepted.status).toBe('accepted');
      await post(tok.orgP, `/api/v1/reports/${created.id}/accept`).expect(409);
      await post(tok.orgA, `/api/v1/reports/${created.id}/submit`).expect(409);
    });

    it('returned with a comment (required), then submitted again: a second frozen submission, the first kept', async () => {
      const { id } = (await draft(tok.orgA, A).expect(201)).body as { id: string };
      const first = (await post(tok.orgA, `/api/v1/reports/${id}/submit`).expect(200)).body;
      const bad = await post(tok.orgP, `/api/v1/reports/${id}/return`, { comment: '  ' }).expect(400);
      expect(bad.body.details[0].field).toBe('comment');
      const returned = (
        await post(tok.agencyP, `/api/v1/reports/${id}/return`, { comment: 'Bổ sung số liệu tập huấn quý IV.' }).expect(
          200,
        )
      ).body;
      expect(returned.status).toBe('returned');
      expect(returned.submissions[0].comment).toBe('Bổ sung số liệu tập huấn quý IV.');
      expect(returned.actions).toMatchObject({ accept: false, return: false });
      const seen = (await get(tok.orgA, `/api/v1/reports/${id}`).expect(200)).body;
      expect(seen.actions).toEqual({ submit: true, accept: false, return: false });
      const again = (await post(tok.orgA, `/api/v1/reports/${id}/submit`).expect(200)).body;
      expect(again.status).toBe('submitted');
      expect(again.submissions.map((s: { seq: number }) => s.seq)).toEqual([1, 2]);
      expect(again.submissions[0].pdfSha256).toBe(first.submissions[0].pdfSha256);
      const keys = await t.db.query<Array<{ pdf_key: string }>>(
        `SELECT pdf_key FROM statutory_report_submission WHERE report_id = $1 ORDER BY seq`,
        [id],
      );
      expect(new Set(keys.map((k) => k.pdf_key)).size).toBe(2);
    });

    it('an agency creates and submits for its unit; the country has no receiver (400)', async () => {
      const { id } = (await draft(tok.agencyP, P).expect(201)).body as { id: string };
      const submitted = (await post(tok.agencyP, `/api/v1/reports/${id}/submit`).expect(200)).body;
      expect(submitted.receiver.code).toBe('VN');
      await post(tok.admin, `/api/v1/reports/${id}/accept`).expect(200);
      const root = (await t.db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`))[0];
      const national = (
        await post(tok.admin, '/api/v1/reports', {
          unitId: root.id,
          kind: 'yearly',
          periodFrom: yearStart,
          periodTo: today,
        }).expect(201)
      ).body as { id: string };
      const res = await post(tok.admin, `/api/v1/reports/${national.id}/submit`).expect(400);
      expect(res.body.details[0].field).toBe('unitId');
    });

    it('an admin sets another receiving unit (the department in charge changed): only its readers decide', async () => {
      await t.http
        .put(`/api/v1/reports/receivers/${B.id}`)
        .auth(tok.orgP, auth)
        .send({ receiverUnitId: Q.id })
        .expect(403);
      const inside = await t.http
        .put(`/api/v1/reports/receivers/${P.id}`)
        .auth(tok.admin, auth)
        .send({ receiverUnitId: A.id })
        .expect(400);
      expect(inside.body.details[0].field).toBe('receiverUnitId');
      const set = await t.http
        .put(`/api/v1/reports/receivers/${B.id}`)
        .auth(tok.admin, auth)
        .send({ receiverUnitId: Q.id })
        .expect(200);
      expect(set.body).toMatchObject({ receiver: { id: Q.id }, configured: true });
      const { id } = (await draft(tok.orgB, B).expect(201)).body as { id: string };
      await post(tok.orgB, `/api/v1/reports/${id}/submit`).expect(200);
      await post(tok.orgP, `/api/v1/reports/${id}/accept`).expect(403);
      await post(tok.orgQ, `/api/v1/reports/${id}/accept`).expect(200);
      const reset = await t.http
        .put(`/api/v1/reports/receivers/${B.id}`)
        .auth(tok.admin, auth)
        .send({ receiverUnitId: null })
        .expect(200);
      expect(reset.body).toMatchObject({ receiver: { id: P.id }, configured: false });
    });
  });

  describe('files', () => {
    it('PDF: extractable Vietnamese text with the heading, number, date line and figures (pdftotext)', async () => {
      const { id } = (
        await draft(tok.orgP, P, {
          signatoryTitle: 'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
          signatoryName: 'Nguyễn Thị Quyên Thanh',
        }).expect(201)
      ).body as { id: string };
      const submitted = (await post(tok.orgP, `/api/v1/reports/${id}/submit`).expect(200)).body;
      const pdf = await file(tok.orgP, id, 'pdf');
      expect(pdf.type).toBe('application/pdf');
      expect(sha256(pdf.body)).toBe(submitted.submissions[0].pdfSha256);
      expect(pdf.header).toBe(submitted.submissions[0].pdfSha256);
      const path = join(dir, 'report.pdf');
      await writeFile(path, pdf.body);
      const text = (await run('pdftotext', ['-layout', path, '-'])).stdout.normalize('NFC').replace(/[ \t]+/g, ' ');
      const [y, m, d] = submitted.figures.date.split('-');
      for (const expected of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'TỈNH VĨNH LONG',
        'Kính gửi: Việt Nam',
        `Số: ${submitted.number}`,
        `Vĩnh Long, ngày ${d} tháng ${m} năm ${y}`,
        'BÁO CÁO',
        `Kết quả thực hiện Đề án Truyền thông về quyền con người năm ${y}`,
        'Xã Ánh Dương',
        'Tập huấn kỹ năng truyền thông về quyền', // a table cell: the title wraps
        'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
        'Nguyễn Thị Quyên Thanh',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('XLSX: the document sheet and the tables read back with exceljs', async () => {
      const { id } = (await draft(tok.orgP, P).expect(201)).body as { id: string };
      const xlsx = await file(tok.orgP, id, 'xlsx');
      const wb = new Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const doc = wb.worksheets[0];
      expect(doc.getCell('A2').value).toBe('TỈNH VĨNH LONG');
      expect(doc.getCell('C1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(doc.getCell('C3').value).toMatch(/^Vĩnh Long, ngày \d{2} tháng \d{2} năm \d{4}$/);
      const byUnit = wb.getWorksheet('Theo đơn vị')!;
      const names: unknown[] = [];
      byUnit.eachRow((row, i) => i > 1 && names.push(row.getCell(2).value));
      expect(names).toEqual(['Xã Ánh Dương', 'Xã Bình Minh']); // Vietnamese order
      const sessions = wb.getWorksheet('Tập huấn')!;
      expect(sessions.getRow(2).getCell(5).value).toBe(2);
    });
  });

  it('Done when: a frozen yearly report is byte-identical after people move, certificates are revoked and units merge', async () => {
    const { id } = (await draft(tok.agencyP, P).expect(201)).body as { id: string };
    const frozen = (await post(tok.agencyP, `/api/v1/reports/${id}/submit`).expect(200)).body;
    const before = {
      json: JSON.stringify(frozen.figures),
      pdf: await file(tok.agencyP, id, 'pdf'),
      xlsx: await file(tok.agencyP, id, 'xlsx'),
      rows: await t.db.query(`SELECT * FROM statutory_report_submission WHERE report_id = $1`, [id]),
    };
    const figures = frozen.figures as Figures;
    expect(figures.coverage.allRoles).toMatchObject({ headcount: 7, trained: 5 });
    expect(figures.coverage.children.map((c) => c.allRoles.headcount).sort()).toEqual([3, 4]);
    expect(figures.certificates).toMatchObject({ issued: 5, course: 5, revokedByPeriodEnd: 0 });
    expect(figures.sessions).toEqual([expect.objectContaining({ participants: 2 })]);
    expect(figures.headcounts.find((h) => h.roleCode === 'HR_OFFICIAL')?.named).toBe(7);
    expect(sha256(before.pdf.body)).toBe(frozen.submissions[0].pdfSha256);
    expect(sha256(before.xlsx.body)).toBe(frozen.submissions[0].xlsxSha256);
    expect(sha256(before.json)).toBe(frozen.submissions[0].figuresSha256);

    // The world changes, from the period's last day on.
    await post(tok.orgP, `/api/v1/people/${people[0]}/move`, { unitId: B.id }).expect(200);
    await post(tok.orgP, `/api/v1/people/${people[5]}/status`, { status: 'left' }).expect(200);
    for (const c of certificates.slice(1, 3)) await revokeCertificate(t, c, today);
    await post(tok.admin, '/api/v1/units/merge', { sourceIds: [A.id], targetId: B.id }).expect(200);
    await t.http
      .post(`/api/v1/units/${P.id}/rename`)
      .auth(tok.admin, auth)
      .send({ name: 'Tỉnh Vĩnh Long mới' })
      .expect(200);
    await coverageCaughtUp(t);

    // A new draft of the same period sees the change (so the frozen report had something to resist)...
    const live = (await draft(tok.agencyP, P).expect(201)).body as { id: string };
    const now = (await get(tok.agencyP, `/api/v1/reports/${live.id}`).expect(200)).body.figures as Figures;
    expect(now.coverage.children.map((c) => c.unit.name)).toEqual(['Xã Bình Minh']);
    expect(now.coverage.allRoles.trained).toBeLessThan(5);
    expect(now.unit.name).toBe('Tỉnh Vĩnh Long mới');

    // ...while the frozen one is byte-identical: figures, files, stored rows.
    const after = (await get(tok.agencyP, `/api/v1/reports/${id}`).expect(200)).body;
    expect(after.frozen).toBe(true);
    expect(JSON.stringify(after.figures)).toBe(before.json);
    const pdf = await file(tok.agencyP, id, 'pdf');
    const xlsx = await file(tok.agencyP, id, 'xlsx');
    expect(sha256(pdf.body)).toBe(sha256(before.pdf.body));
    expect(Buffer.compare(pdf.body, before.pdf.body)).toBe(0);
    expect(sha256(xlsx.body)).toBe(sha256(before.xlsx.body));
    expect(pdf.header).toBe(frozen.submissions[0].pdfSha256);
    expect(await t.db.query(`SELECT * FROM statutory_report_submission WHERE report_id = $1`, [id])).toEqual(
      before.rows,
    );
    // accepting afterwards changes the decision only
    await post(tok.admin, `/api/v1/reports/${id}/accept`).expect(200);
    const accepted = (await get(tok.agencyP, `/api/v1/reports/${id}`).expect(200)).body;
    expect(JSON.stringify(accepted.figures)).toBe(before.json);
  });

  it('audits creation, submission (with the SHA-256 of the figures and files) and decisions', async () => {
    const entries = await t.db.query<Array<{ action: string; details: Record<string, unknown> }>>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'report.%' ORDER BY id`,
    );
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['report.create', 'report.submit', 'report.accept', 'report.return', 'report.receiver']) {
      expect(actions).toContain(a);
    }
    const submit = entries.find((e) => e.action === 'report.submit')!;
    expect(submit.details.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(submit.details.figuresSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('pages (no script)', () => {
    it('list, create a draft, its page, the submit confirmation and the submit', async () => {
      const account = await t.given.account({ permission: Permission.Organiser, scopeUnit: P });
      const { agent, csrf } = await t.given.webLogin(account);
      const list = await agent.get('/reports').expect(200);
      expect(list.text).toContain('Báo cáo định kỳ');
      expect(list.text).toContain('href="/reports"');
      const bad = await agent
        .post('/reports')
        .type('form')
        .send({ _csrf: csrf, kind: 'yearly', unitId: P.id, periodFrom: '2025-06-01', periodTo: '2025-05-01' })
        .expect(400);
      expect(bad.text).toContain('periodTo');
      const created = await agent
        .post('/reports')
        .type('form')
        .send({
          _csrf: csrf,
          kind: 'yearly',
          unitId: P.id,
          periodFrom: yearStart,
          periodTo: today,
          number: '99/BC-TEST',
        })
        .expect(303);
      const href = created.headers.location;
      expect(href).toMatch(/^\/reports\/[0-9a-f-]{36}$/);
      const page = await agent.get(href).expect(200);
      expect(page.text).toContain('99/BC-TEST');
      expect(page.text).toContain(`${href}/submit`);
      expect(page.text).toContain('Xã Bình Minh');
      const confirm = await agent.get(`${href}/submit`).expect(200);
      expect(confirm.text).toContain(`action="${href}/submit"`);
      const done = await agent.post(`${href}/submit`).type('form').send({ _csrf: csrf }).expect(303);
      expect(done.headers.location).toBe(`${href}?done=submitted`);
      const again = await agent.post(`${href}/submit`).type('form').send({ _csrf: csrf }).expect(409);
      expect(again.text).toContain('submitted already');
      const pdf = await agent
        .get(`/api/v1/reports/${href.split('/')[2]}/files/pdf`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});
