import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { csvBuffer, xlsxFromRows } from '../../fixtures/import/roster-files';
import { sampleFiles } from '../../factories/authoring';
import type { GivenLearner } from '../../factories/roster';
import { attendanceRows, Callers, createSession, sessionBody } from '../../factories/training';
import { putAuthority } from '../../factories/certificates';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Attendance import (CSV/XLSX): the records of a workshop already held, entered today. A dry run reports every row
 * and writes nothing; a commit with a refused row writes nothing (400 with the report); a good file is written in
 * one transaction, audited, and importing it again changes nothing; other files are 415.
 */

jest.setTimeout(120_000);

describe('attendance import', () => {
  let t: TestApp;
  let A: UnitResponse;
  let hr: string;
  let ann: GivenLearner;
  let chi: GivenLearner;
  let binh: GivenLearner;
  let c: Callers<'orgA' | 'orgB' | 'orgP'>;
  let sessionId: string;

  const upload = (file: Buffer, name: string, dryRun: boolean, token = c.tokens.orgA) =>
    t.http
      .post(`/api/v1/training-sessions/${sessionId}/attendance-imports?dryRun=${dryRun}`)
      .auth(token, { type: 'bearer' })
      .attach('file', file, name);
  const header = ['Mã cán bộ', 'Họ và tên', 'Điểm danh', 'Tỷ lệ (%)'];

  beforeAll(async () => {
    t = await createTestApp();
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    hr = await t.given.roleId('HR_OFFICIAL');
    ann = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ánh' });
    chi = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Trần Văn Chí' });
    binh = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đỗ Văn Bình' });
    const account = (unit: UnitResponse) => t.given.account({ permission: Permission.Organiser, scopeUnit: unit });
    c = await new Callers(t, { orgA: await account(A), orgB: await account(B), orgP: await account(P) }).login();
    await putAuthority(t.http, P.id, c.tokens.orgP);
    // A workshop held two days ago, recorded today.
    sessionId = await createSession(
      t,
      c.tokens.orgA,
      sessionBody(t, A.id, { startsInHours: -48, countingRoleIds: [hr] }),
    );
  });
  afterAll(() => t.close());

  it('reports every row on a dry run and writes nothing', async () => {
    const file = csvBuffer([
      header,
      [ann.person.employeeCode!, 'Nguyễn Thị Ánh', 'Có mặt', ''],
      ['', 'tran van chi', 'co mat', '80'],
      [binh.person.employeeCode!, 'Đỗ Văn Bình', 'Có mặt', ''],
      ['', 'Không Có Ai', 'vắng', ''],
    ]);
    const res = await upload(file, 'diem-danh.csv', true).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, valid: 2, invalid: 2, recorded: 0 });
    expect(
      res.body.rows.map((r: { row: number; ok: boolean; personId: string | null }) => [r.row, r.ok, r.personId]),
    ).toEqual([
      [2, true, ann.person.id],
      [3, true, chi.person.id],
      [4, false, null],
      [5, false, null],
    ]);
    expect(res.body.rows[2].reason).toMatch(/not invited/);
    expect(await attendanceRows(t, sessionId)).toEqual([]);
    const commit = await upload(file, 'diem-danh.csv', false).expect(400);
    expect(commit.body.details).toMatchObject({ invalid: 2 });
    expect(await attendanceRows(t, sessionId)).toEqual([]);
  });

  it('writes a good XLSX in one go, audited; the same file again changes nothing', async () => {
    const file = await xlsxFromRows([
      header,
      [ann.person.employeeCode!, 'Nguyễn Thị Ánh', 'Có mặt', ''],
      ['', 'Trần Văn Chí', 'Có phép', ''],
    ]);
    const res = await upload(file, 'diem-danh.xlsx', false).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, valid: 2, invalid: 0, recorded: 2 });
    expect(await attendanceRows(t, sessionId)).toEqual(
      [
        // not invited (the workshop was held before it was recorded): on the organiser's roster
        { person_id: ann.person.id, status: 'present', share: 100, walk_in: true },
        { person_id: chi.person.id, status: 'excused', share: 0, walk_in: true },
      ].sort((a, b) => a.person_id.localeCompare(b.person_id)),
    );
    const audit = await t.db.query(
      `SELECT details->>'via' AS via FROM audit_log WHERE entity_id = $1 AND action = 'training.attendance.mark'`,
      [sessionId],
    );
    expect(audit).toEqual([{ via: 'import' }, { via: 'import' }]);
    expect((await upload(file, 'diem-danh.xlsx', false).expect(200)).body.recorded).toBe(0);
  });

  it('then makes the attendance final: the certificates of the workshop held are issued', async () => {
    const res = await t.http
      .post(`/api/v1/training-sessions/${sessionId}/attendance/close`)
      .auth(c.tokens.orgA, { type: 'bearer' })
      .expect(200);
    expect(res.body.certificatesIssued).toBe(1);
    const certs = await t.db.query(`SELECT person_id, kind FROM certificate WHERE session_id = $1`, [sessionId]);
    expect(certs).toEqual([{ person_id: ann.person.id, kind: 'session' }]);
  });

  it('refuses a file that is not CSV or XLSX (415), a bad header (400) and an outsider (404)', async () => {
    await upload(sampleFiles.pdf(), 'diem-danh.csv', true).expect(415);
    const bad = await upload(csvBuffer([['Ghi chú'], ['x']]), 'diem-danh.csv', true).expect(400);
    expect(JSON.stringify(bad.body)).toContain('file');
    await upload(csvBuffer([header]), 'diem-danh.csv', true, c.tokens.orgB).expect(404);
  });
});
