import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { ROSTER_COLUMNS } from '@app/org';
import { StorageService } from '@app/storage';
import { unique } from '../../factories/given';
import { csvBuffer, xlsxFromRows } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const HEADER = ROSTER_COLUMNS.map((c) => c.headerVi);
type Cells = Partial<Record<(typeof ROSTER_COLUMNS)[number]['key'], string>>;
/** A row in documented column order. */
const row = (c: Cells): string[] => ROSTER_COLUMNS.map((col) => c[col.key] ?? '');

describe('/api/v1/roster-imports and /api/v1/roster/export.csv', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let communeA: { id: string; code: string };
  let communeB: { id: string; code: string };
  let organiserA: string;
  let organiserB: string;
  let organiserP: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    communeA = await t.given.unit({ parent: province });
    communeB = await t.given.unit({ parent: province });
    const token = async (scopeUnit: { id: string }) =>
      t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit }));
    [organiserA, organiserB, organiserP] = await Promise.all([token(communeA), token(communeB), token(province)]);
  });
  afterAll(() => t.close());

  const post = (token: string, file: Buffer, name: string, mode = 'commit') =>
    t.http.post('/api/v1/roster-imports').query({ mode }).auth(token, { type: 'bearer' }).attach('file', file, name);

  /** Uploads, waits for the job and returns the finished batch. */
  async function importFile(token: string, file: Buffer, mode = 'commit', name = 'danh-sach.csv') {
    const res = await post(token, file, name, mode).expect(202);
    expect(res.body).toMatchObject({ mode, status: 'queued', fileName: name });
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http.get(`/api/v1/roster-imports/${res.body.id}`).auth(token, { type: 'bearer' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', progress: 100, error: null });
    return done.body;
  }

  const peopleIn = async (unitId: string) =>
    t.db.query(
      `SELECT p.employee_code, p.full_name, p.email, p.phone, p.gender, p.birth_date::text, p.status, p.unit_id,
              (SELECT array_agg(r.code ORDER BY r.code) FROM person_role pr JOIN role r ON r.id = pr.role_id
                WHERE pr.person_id = p.id AND pr.valid_to IS NULL) AS roles,
              (SELECT count(*)::int FROM person_membership m WHERE m.person_id = p.id) AS memberships,
              (SELECT count(*)::int FROM person_status_period s WHERE s.person_id = p.id) AS statuses
         FROM person p JOIN org_unit_closure c ON c.descendant_id = p.unit_id
        WHERE c.ancestor_id = $1 ORDER BY p.employee_code`,
      [unitId],
    );

  it('dry run reports every bad row and writes nothing; commit writes the valid rows and lists the invalid ones', async () => {
    const code = unique('A');
    const nfd = 'Nguyễn Thị Ánh Tuyết'.normalize('NFD');
    const file = csvBuffer(
      [
        HEADER,
        row({
          employee_code: `${code}-1`,
          full_name: nfd,
          unit_code: communeA.code,
          roles: 'HR_OFFICIAL;propagandist',
        }),
        row({ employee_code: `${code}-2`, full_name: 'Trần Văn Bình', unit_code: communeA.code, roles: 'ICT_MANAGER' }),
        row({ employee_code: `${code}-2`, full_name: 'Lê Văn Cường', unit_code: communeA.code, roles: 'ICT_MANAGER' }),
        row({
          employee_code: `${code}-4`,
          full_name: 'Phạm Thị Dung',
          unit_code: 'NO-SUCH-UNIT',
          roles: 'HR_OFFICIAL',
        }),
        row({ employee_code: `${code}-5`, full_name: 'Hoàng Văn Em', unit_code: communeA.code, roles: 'NO_SUCH_ROLE' }),
        row({ employee_code: `${code}-6`, full_name: 'Vũ Thị Giang', unit_code: communeB.code, roles: 'HR_OFFICIAL' }),
        row({
          employee_code: `${code}-7`,
          full_name: 'Đỗ Văn Hải',
          unit_code: communeA.code,
          roles: 'HR_OFFICIAL',
          birth_date: '31/02/2024',
        }),
        row({
          employee_code: `${code}-8`,
          full_name: '=HYPERLINK("http://x")',
          unit_code: communeA.code,
          roles: 'HR_OFFICIAL',
        }),
        row({ employee_code: `${code}-9`, full_name: 'Ngô Văn Khoa', unit_code: communeA.code, roles: '@SUM(A1)' }),
        row({ employee_code: `${code}-10`, full_name: '+Bùi Lan', unit_code: communeA.code, roles: 'HR_OFFICIAL' }),
        row({ employee_code: `${code}-11`, full_name: '-Đặng Minh', unit_code: communeA.code, roles: 'HR_OFFICIAL' }),
        row({}),
        row({}),
        row({ employee_code: `${code}-12`, full_name: 'Lý Thị Nga', unit_code: communeA.code, roles: 'PROPAGANDIST' }),
      ],
      { bom: true },
    );
    const dry = await importFile(organiserA, file, 'dry_run');
    expect(dry.counts).toEqual({ rows: 12, valid: 3, invalid: 9, created: 3, updated: 0, unchanged: 0, empty: 2 });
    const byRow = Object.fromEntries(
      dry.problems.map((p: { row: number; field: string; code: string }) => [p.row, `${p.field}:${p.code}`]),
    );
    expect(byRow).toEqual({
      4: 'employee_code:duplicate_code',
      5: 'unit_code:unknown_unit',
      6: 'roles:unknown_role',
      7: 'unit_code:unknown_unit', // another subtree's unit answers as an unknown code (issue 16, point 9)
      8: 'birth_date:impossible_date',
      9: 'full_name:formula',
      10: 'roles:formula',
      11: 'full_name:formula',
      12: 'full_name:formula',
    });
    expect(dry.problems.find((p: { row: number }) => p.row === 7).reason).toMatch(/^no unit has code /);
    expect(await peopleIn(communeA.id)).toEqual([]);

    const done = await importFile(organiserA, file, 'commit');
    expect(done.counts).toEqual({ rows: 12, valid: 3, invalid: 9, created: 3, updated: 0, unchanged: 0, empty: 2 });
    const people = await peopleIn(communeA.id);
    expect(people.map((p: { employee_code: string }) => p.employee_code)).toEqual([
      `${code}-1`,
      `${code}-12`,
      `${code}-2`,
    ]);
    expect(people[0]).toMatchObject({
      full_name: 'Nguyễn Thị Ánh Tuyết'.normalize('NFC'),
      roles: ['HR_OFFICIAL', 'PROPAGANDIST'],
      memberships: 1,
      statuses: 1,
      status: 'active',
    });
    expect(await peopleIn(communeB.id)).toEqual([]);

    const errors = await t.http.get(done.errorsUrl).auth(organiserA, { type: 'bearer' }).expect(200);
    expect(errors.headers['content-type']).toMatch(/^text\/csv/);
    const lines = errors.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Lỗi / Errors');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toContain('[Dòng 4]');
    expect(lines.find((l) => l.includes('[Dòng 9]'))).toContain(`'=HYPERLINK`); // neutralised again
    expect(lines.find((l) => l.includes('[Dòng 7]'))).toContain('không có đơn vị mã');

    const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'roster.import' AND entity_id = $1`, [
      done.id,
    ]);
    expect(audit[0].details).toMatchObject({ created: 3, invalid: 9 });
  });

  it('importing the same file twice changes nothing; a changed file updates only what changed', async () => {
    const unit = await t.given.unit({ parent: communeA });
    const other = await t.given.unit({ parent: communeA });
    const code = unique('B');
    const base = {
      full_name: 'Trịnh Văn Sơn',
      unit_code: unit.code,
      roles: 'HR_OFFICIAL',
      position_title: 'Chuyên viên',
      email: 'son@xa.gov.vn',
      gender: 'Nam',
      birth_date: '02/09/1985',
      status_from: '01/01/2025',
    };
    const rows = [row({ ...base, employee_code: `${code}-1` }), row({ ...base, employee_code: `${code}-2` })];
    const file = csvBuffer([HEADER, ...rows]);
    expect((await importFile(organiserA, file)).counts).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const before = await peopleIn(unit.id);
    expect((await importFile(organiserA, file)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await peopleIn(unit.id)).toEqual(before);

    const changed = csvBuffer([
      HEADER,
      row({ ...base, employee_code: `${code}-1`, unit_code: other.code, roles: 'PROPAGANDIST' }),
      rows[1],
    ]);
    expect((await importFile(organiserA, changed)).counts).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const [moved] = await peopleIn(other.id);
    expect(moved).toMatchObject({ employee_code: `${code}-1`, roles: ['PROPAGANDIST'], memberships: 2 });
    const ended = await t.db.query(
      `SELECT r.code, pr.valid_to FROM person_role pr JOIN role r ON r.id = pr.role_id
         JOIN person p ON p.id = pr.person_id WHERE p.employee_code = $1 AND pr.valid_to IS NOT NULL`,
      [`${code}-1`],
    );
    expect(ended.map((r: { code: string }) => r.code)).toEqual(['HR_OFFICIAL']);
  });

  it('a dry run of a file that renames, moves and re-roles an existing person changes nothing of that person', async () => {
    const unit = await t.given.unit({ parent: communeA });
    const other = await t.given.unit({ parent: communeA });
    const code = unique('D');
    const base = { employee_code: code, full_name: 'Kiều Văn Phúc', unit_code: unit.code, roles: 'HR_OFFICIAL' };
    expect((await importFile(organiserA, csvBuffer([HEADER, row(base)]))).counts).toMatchObject({ created: 1 });
    const [{ id }] = await t.db.query(`SELECT id FROM person WHERE employee_code = $1`, [code]);
    /** Everything stored about the person: the row itself, memberships, roles, status periods and the audit trail. */
    const everything = async () => ({
      person: await t.db.query(`SELECT to_jsonb(p) AS row FROM person p WHERE p.id = $1`, [id]),
      memberships: await t.db.query(
        `SELECT to_jsonb(m) AS row FROM person_membership m WHERE m.person_id = $1 ORDER BY m.valid_from, m.unit_id`,
        [id],
      ),
      roles: await t.db.query(
        `SELECT to_jsonb(r) AS row FROM person_role r WHERE r.person_id = $1 ORDER BY r.role_id, r.valid_from`,
        [id],
      ),
      statuses: await t.db.query(
        `SELECT to_jsonb(s) AS row FROM person_status_period s WHERE s.person_id = $1 ORDER BY s.valid_from`,
        [id],
      ),
      audit: await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1::text`, [id]),
      history: (await t.http.get(`/api/v1/people/${id}/history`).auth(organiserA, { type: 'bearer' }).expect(200)).body,
    });
    const before = await everything();
    expect(before.memberships).toHaveLength(1);

    const changed = row({
      ...base,
      full_name: 'Kiều Văn Phúc Mới',
      unit_code: other.code,
      roles: 'PROPAGANDIST',
      position_title: 'Trưởng phòng',
      email: 'phuc@xa.gov.vn',
      status: 'Nghỉ phép',
    });
    const dry = await importFile(organiserA, csvBuffer([HEADER, changed]), 'dry_run');
    expect(dry.counts).toMatchObject({ rows: 1, valid: 1, created: 0, updated: 1, unchanged: 0 });
    expect(await everything()).toEqual(before);

    // The same file committed does change the person: the dry run above was not a no-op by accident.
    const done = await importFile(organiserA, csvBuffer([HEADER, changed]), 'commit');
    expect(done.counts).toMatchObject({ updated: 1 });
    const after = await everything();
    expect(after.person[0].row).toMatchObject({ full_name: 'Kiều Văn Phúc Mới', unit_id: other.id });
    // (A membership that began today is replaced rather than closed: compare the open one.)
    const open = after.memberships.filter((m: { row: { valid_to: string | null } }) => m.row.valid_to === null);
    expect(open.map((m: { row: { unit_id: string } }) => m.row.unit_id)).toEqual([other.id]);
    expect(after.statuses).not.toEqual(before.statuses);
  });

  it('reads XLSX with Vietnamese headers', async () => {
    const code = unique('X');
    const file = await xlsxFromRows([
      ['DANH SÁCH CÁN BỘ'],
      ['Mã cán bộ', 'Họ và tên', 'Đơn vị', 'Vai trò', 'Chức vụ', 'Điện thoại', 'Ngày sinh'],
      [`${code}-1`, 'Đinh Thị Hương', communeA.code, 'REPORTER_EDITOR', 'Phóng viên', '0912345678', '15/03/1990'],
    ]);
    const done = await importFile(organiserA, file, 'commit', 'danh-sach.xlsx');
    expect(done).toMatchObject({ kind: 'xlsx', counts: { rows: 1, valid: 1, created: 1 } });
    const [person] = await t.db.query(
      `SELECT full_name, phone, birth_date::text FROM person WHERE employee_code = $1`,
      [`${code}-1`],
    );
    expect(person).toEqual({ full_name: 'Đinh Thị Hương', phone: '0912345678', birth_date: '1990-03-15' });
  });

  it('export then re-import is a no-op; contact details need a purpose and exports are audited', async () => {
    const unit = await t.given.unit({ parent: province });
    const code = unique('R');
    const file = csvBuffer([
      HEADER,
      row({
        employee_code: `${code}-1`,
        full_name: 'Mai Thị Lan',
        unit_code: unit.code,
        roles: 'HR_OFFICIAL;LEGAL_RAPPORTEUR',
        position_title: '=Phó chủ tịch',
        email: 'lan@xa.gov.vn',
        phone: '0987654321',
        gender: 'Nữ',
        birth_date: '29/02/1988',
        status: 'nghỉ phép',
        status_from: '01/03/2025',
      }),
      row({ employee_code: `${code}-2`, full_name: 'Tạ Văn Phúc', unit_code: unit.code, roles: 'PROPAGANDIST' }),
    ]);
    const first = await importFile(organiserP, file);
    expect(first.counts).toMatchObject({ created: 1, invalid: 1 }); // '=Phó chủ tịch' is refused as a formula

    const fixed = csvBuffer([
      HEADER,
      ...[1, 2].map((i) =>
        row({
          employee_code: `${code}-${i}`,
          full_name: i === 1 ? 'Mai Thị Lan' : 'Tạ Văn Phúc',
          unit_code: unit.code,
          roles: i === 1 ? 'HR_OFFICIAL;LEGAL_RAPPORTEUR' : 'PROPAGANDIST',
          email: i === 1 ? 'lan@xa.gov.vn' : '',
          phone: i === 1 ? '0987654321' : '',
          gender: i === 1 ? 'Nữ' : '',
          status: i === 1 ? 'nghỉ phép' : '',
        }),
      ),
    ]);
    expect((await importFile(organiserP, fixed)).counts).toMatchObject({ created: 1, unchanged: 1, invalid: 0 });
    const before = await peopleIn(unit.id);

    const plain = await t.http
      .get('/api/v1/roster/export.csv')
      .query({ unitId: unit.id })
      .auth(organiserP, { type: 'bearer' })
      .expect(200);
    expect(plain.text).not.toContain('lan@xa.gov.vn');
    expect(plain.text.split('\r\n')[0]).not.toContain('Email');
    const noPurpose = await t.http
      .get('/api/v1/roster/export.csv')
      .query({ unitId: unit.id, includeContact: 'true' })
      .auth(organiserP, { type: 'bearer' })
      .expect(400);
    expect(noPurpose.body.details[0].field).toBe('purpose');
    const full = await t.http
      .get('/api/v1/roster/export.csv')
      .query({ unitId: unit.id, includeContact: 'true', purpose: 'gửi giấy mời tập huấn quý 3' })
      .auth(organiserP, { type: 'bearer' })
      .expect(200);
    expect(full.text).toContain('lan@xa.gov.vn');
    expect(full.headers['content-disposition']).toContain('attachment');

    for (const exported of [plain.text, full.text]) {
      const again = await importFile(organiserP, Buffer.from(exported, 'utf8'));
      expect(again.counts).toMatchObject({ rows: 2, valid: 2, created: 0, updated: 0, unchanged: 2 });
    }
    expect(await peopleIn(unit.id)).toEqual(before);
    const audits = await t.db.query(
      `SELECT id::text, action, details FROM audit_log
        WHERE action IN ('roster.export', 'roster.export.end') AND entity_id = $1 ORDER BY id`,
      [unit.id],
    );
    // Audit, then stream: each export's entry comes before the rows, its row count in a second (append-only) entry.
    expect(audits.map((a: { action: string }) => a.action)).toEqual([
      'roster.export',
      'roster.export.end',
      'roster.export',
      'roster.export.end',
    ]);
    expect(audits[0].details).toMatchObject({ scopeUnitId: unit.id, includeContact: false });
    expect(audits[0].details.purpose).toBeUndefined();
    expect(audits[2].details).toMatchObject({ purpose: 'gửi giấy mời tập huấn quý 3', includeContact: true });
    expect(audits[2].details.columns).toContain('email');
    expect(audits[1].details).toEqual({ exportAuditId: audits[0].id, rowCount: 2, complete: true });
    expect(audits[3].details).toEqual({ exportAuditId: audits[2].id, rowCount: 2, complete: true });
  });

  it('refuses unreadable files at once: not UTF-8, UTF-16, missing columns, not CSV/XLSX, too large, no file', async () => {
    const latin = Buffer.concat([
      Buffer.from('Mã cán bộ,Họ và tên,Mã đơn vị,Vai trò\r\nX1,', 'latin1'),
      Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0x6e, 0x0d, 0x0a]), // "Nguyên" in Windows-1258
    ]);
    const notUtf8 = await post(organiserA, latin, 'cp1258.csv').expect(415);
    expect(notUtf8.body.message).toMatch(/not UTF-8.*Windows-1258/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER.join(',') + '\r\n', 'utf16le')]);
    expect((await post(organiserA, utf16, 'unicode.txt').expect(415)).body.message).toContain('UTF-16');

    const missing = await post(
      organiserA,
      csvBuffer([
        ['Mã cán bộ', 'Họ và tên', 'Chức vụ'],
        ['X1', 'Ai Đó', ''],
      ]),
      'a.csv',
    ).expect(400);
    expect(missing.body.details.problems.map((p: { field: string }) => p.field).sort()).toEqual(['roles', 'unit_code']);

    const pdf = await post(organiserA, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'roster.pdf').expect(415);
    expect(pdf.body.message).toContain('PDF');

    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    const tooLarge = await post(organiserA, big, 'big.csv').expect(413);
    expect(tooLarge.body.message).toContain('20 MB');

    const noFile = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'commit' })
      .auth(organiserA, { type: 'bearer' })
      .field('x', '1')
      .expect(400);
    expect(noFile.body.details).toEqual([{ field: 'file', reason: 'is required' }]);
    const badMode = await post(organiserA, csvBuffer([HEADER]), 'a.csv', 'maybe').expect(400);
    expect(badMode.body.details[0].field).toBe('mode');
    const batches = await t.db.query(
      `SELECT count(*)::int AS n FROM import_batch
        WHERE file_name IN ('cp1258.csv', 'unicode.txt', 'a.csv', 'roster.pdf', 'big.csv')`,
    );
    expect(batches[0].n).toBe(0);
  });

  it('keeps batches, errors and exports inside the subtree; codes held outside it are refused', async () => {
    const code = unique('S');
    const inB = csvBuffer([
      HEADER,
      row({ employee_code: `${code}-1`, full_name: 'Kiều Văn Tài', unit_code: communeB.code, roles: 'HR_OFFICIAL' }),
    ]);
    const batch = await importFile(organiserB, inB);
    await t.http.get(`/api/v1/roster-imports/${batch.id}`).auth(organiserA, { type: 'bearer' }).expect(404);
    await t.http.get(`/api/v1/roster-imports/${batch.id}/errors.csv`).auth(organiserA, { type: 'bearer' }).expect(404);
    await t.http.get(`/api/v1/roster-imports/${batch.id}`).auth(organiserP, { type: 'bearer' }).expect(200);
    await t.http
      .get('/api/v1/roster/export.csv')
      .query({ unitId: communeB.id })
      .auth(organiserA, { type: 'bearer' })
      .expect(404);
    const own = await t.http.get('/api/v1/roster/export.csv').auth(organiserA, { type: 'bearer' }).expect(200);
    expect(own.text).not.toContain('Kiều Văn Tài');
    const learner = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Learner, scopeUnit: communeA }),
    );
    await post(learner, inB, 'a.csv').expect(403);
    await post(organiserA, inB, 'a.csv').query({ unitId: communeB.id }).expect(404);

    // The same employee code pointed at commune A: it belongs to someone in B, so A's organiser cannot take them.
    const steal = csvBuffer([
      HEADER,
      row({ employee_code: `${code}-1`, full_name: 'Kiều Văn Tài', unit_code: communeA.code, roles: 'HR_OFFICIAL' }),
    ]);
    const refused = await importFile(organiserA, steal);
    expect(refused.counts).toMatchObject({ valid: 0, invalid: 1, created: 0, updated: 0 });
    expect(refused.problems[0]).toMatchObject({ field: 'employee_code', code: 'code_out_of_scope' });
    expect((await peopleIn(communeB.id)).map((p: { full_name: string }) => p.full_name)).toEqual(['Kiều Văn Tài']);
  });

  it('keeps the upload and the errors report in StorageService (no files of its own under STORAGE_DIR)', async () => {
    const code = unique('ST');
    const file = csvBuffer([
      HEADER,
      row({ employee_code: `${code}-1`, full_name: 'Mai Văn Sơn', unit_code: communeA.code, roles: 'HR_OFFICIAL' }),
      row({ employee_code: `${code}-2`, full_name: 'Lò Thị Hoa', unit_code: 'NO-SUCH-UNIT', roles: 'HR_OFFICIAL' }),
    ]);
    const batch = await importFile(organiserA, file, 'dry_run');
    const storage = t.app.get(StorageService);
    expect(await storage.stat(`imports/${batch.id}/upload.csv`)).toMatchObject({
      size: file.length,
      contentType: 'text/csv; charset=utf-8',
    });
    expect(await storage.stat(`imports/${batch.id}/errors.csv`)).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
    });
    const errors = await t.http.get(batch.errorsUrl).auth(organiserA, { type: 'bearer' }).expect(200);
    expect(errors.text).toContain('NO-SUCH-UNIT');
    expect(errors.text).not.toContain('Mai Văn Sơn');
    await expect(access(join(t.config.storageDir, 'imports'))).rejects.toThrow(); // the old node:fs layout

    // A file refused after it was stored (its encoding, found past the first bytes) leaves nothing behind.
    const stored = async () =>
      (await readdir(join(t.config.storageDir, 'objects', 'imports'), { recursive: true, withFileTypes: true })).filter(
        (e) => e.isFile(),
      ).length;
    const before = await stored();
    const late = Buffer.concat([csvBuffer([HEADER]), Buffer.alloc(8_000, 0x41), Buffer.from([0xea, 0x0d, 0x0a])]);
    await post(organiserA, late, 'late.csv').expect(415);
    expect(await stored()).toBe(before);
    expect(await readdir(join(t.config.storageDir, 'tmp'))).toEqual([]);
  });
});
