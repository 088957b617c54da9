import { Readable } from 'node:stream';
import { parseRoster, RosterRecord } from './parse-roster';
import { RosterColumnKey } from './roster-columns';
import { describeProblems, errorReportCsv, InvalidRosterRow, neutraliseFormula, writeRosterCsv } from './roster-writer';
import { planRoles } from './roles.fixture';
import { RosterFileValidator, RosterRow, validateRow } from './validate-row';

const today = '2025-06-15';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

async function readRows(
  csv: Buffer,
): Promise<{ rows: RosterRow[]; invalid: InvalidRosterRow[]; records: RosterRecord[] }> {
  const validator = new RosterFileValidator({ today, roles: planRoles() });
  const rows: RosterRow[] = [];
  const invalid: InvalidRosterRow[] = [];
  const records: RosterRecord[] = [];
  for await (const record of parseRoster(csv)) {
    records.push(record);
    const result = validator.validate(record);
    if (result.ok) rows.push(result.row);
    else invalid.push({ ...record, problems: result.problems });
  }
  return { rows, invalid, records };
}

const uploaded: Array<Partial<Record<RosterColumnKey, string>>> = [
  {
    employee_code: 'HN-0001',
    full_name: 'Đặng Thị Ánh Tuyết'.normalize('NFD'), // typed on a Mac: stored NFC
    unit_code: 'HN.SO-VHTT',
    roles: 'HR_OFFICIAL;ICT_MANAGER',
    position_title: 'Phó Trưởng phòng Thông tin, "Báo chí"',
    email: 'Anh.Dang@HANOI.gov.vn',
    phone: '+84 912 345 678',
    gender: 'Nữ',
    birth_date: '29/02/1988',
    status: 'nghỉ phép',
    status_from: '01/03/2025',
  },
  {
    employee_code: 'HN/0002',
    full_name: 'ĐỖ ĐỨC ĐẠT',
    unit_code: 'HN.XA-DONGANH',
    roles: 'PRESS_FOREIGN_INFO',
    position_title: 'Biên tập viên\nkiêm phóng viên',
    email: 'dat.do@vov.vn',
    phone: '0987.654.321',
    gender: 'Nam',
    birth_date: '1970-12-31',
    status: 'đã nghỉ',
    status_from: '2024-07-01',
  },
  { employee_code: 'HN_0003', full_name: 'Hà Khác', unit_code: 'HN', roles: 'PUBLIC_LEARNER', gender: 'Khác' },
];

const normalised = (): RosterRow[] =>
  uploaded.map((values, i) => {
    const result = validateRow(values, { today, roles: planRoles(), rowNumber: i + 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.row;
  });

describe(writeRosterCsv.name, () => {
  it('writes UTF-8 with BOM, Vietnamese headers, dd/mm/yyyy dates and roles joined by ;', async () => {
    const csv = await bytes(writeRosterCsv(normalised(), { includeContact: true }));
    expect(csv.subarray(0, 3)).toEqual(BOM);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Mã cán bộ,Họ và tên,Mã đơn vị,Vai trò,Chức vụ,Email,Điện thoại,Giới tính,Ngày sinh,Trạng thái,Từ ngày',
    );
    expect(lines[1]).toBe(
      'HN-0001,Đặng Thị Ánh Tuyết,HN.SO-VHTT,HR_OFFICIAL;ICT_MANAGER,"Phó Trưởng phòng Thông tin, ""Báo chí""",' +
        "anh.dang@hanoi.gov.vn,'+84912345678,Nữ,29/02/1988,nghỉ phép,01/03/2025",
    );
  });

  it('round-trips losslessly: parse(write(rows)) equals rows', async () => {
    const rows = normalised();
    expect(rows[0].fullName).toBe('Đặng Thị Ánh Tuyết'.normalize('NFC'));
    for (const language of ['vi', 'en'] as const) {
      const { rows: again, invalid } = await readRows(
        await bytes(writeRosterCsv(rows, { includeContact: true, language })),
      );
      expect(invalid).toEqual([]);
      expect(again).toEqual(rows);
    }
  });

  it('leaves out e-mail and phone unless asked for', async () => {
    const csv = (await bytes(writeRosterCsv(normalised()))).toString('utf8');
    expect(csv).not.toContain('Email');
    expect(csv).not.toContain('dat.do@vov.vn');
    const { rows } = await readRows(Buffer.from(csv));
    expect(rows).toEqual(normalised().map((r) => ({ ...r, email: null, phone: null })));
  });

  it('streams from an async source', async () => {
    async function* source(): AsyncGenerator<RosterRow> {
      yield* normalised();
    }
    const { rows } = await readRows(await bytes(writeRosterCsv(source(), { includeContact: true })));
    expect(rows).toHaveLength(3);
  });
});

describe(neutraliseFormula.name, () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+84', "'+84"],
    ['-x', "'-x"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Nguyễn', 'Nguyễn'],
    ['', ''],
  ])('%j → %j', (input, expected) => expect(neutraliseFormula(input)).toBe(expected));
});

describe(errorReportCsv.name, () => {
  const bad = [
    ['Mã cán bộ', 'Họ và tên', 'Mã đơn vị', 'Vai trò', 'Ngày sinh'],
    ['CB1', 'Lê Văn Tám', 'HN', 'HR_OFFICIAL', '31/02/2024'],
    ['CB2', '=HYPERLINK("http://evil","x")', 'HN', 'HR_OFFICIAL', ''],
    ['CB1', 'Lê Thị Tư', 'HN', 'HR_OFFICIAL', ''],
  ];

  it('lists the invalid rows with their reasons, neutralised, and can be uploaded again', async () => {
    const upload = Buffer.from(
      bad
        .map((r) => r.map((c) => (c.includes(',') || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
        .join('\n'),
    );
    const { invalid, rows } = await readRows(upload);
    expect(rows).toHaveLength(0);
    expect(invalid.map((r) => r.rowNumber)).toEqual([2, 3, 4]);

    const report = await bytes(
      errorReportCsv(invalid, ['employee_code', 'full_name', 'unit_code', 'roles', 'birth_date']),
    );
    expect(report.subarray(0, 3)).toEqual(BOM);
    const lines = report.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Mã cán bộ,Họ và tên,Mã đơn vị,Vai trò,Ngày sinh,Lỗi / Errors');
    expect(lines[1]).toBe(
      'CB1,Lê Văn Tám,HN,HR_OFFICIAL,31/02/2024,[Dòng 2] Ngày sinh: ngày 31/02/2024 không tồn tại (31/02/2024 is not a real date)',
    );
    expect(lines[2]).toContain(`CB2,"'=HYPERLINK(""http://evil"",""x"")",HN,HR_OFFICIAL,,`);
    expect(lines[3]).toContain('[Dòng 4] Mã cán bộ: Mã cán bộ CB1 đã có ở dòng 2 (CB1 is already used in row 2)');

    // Re-uploading the report: same values, the errors column ignored without a notice, same problems.
    const parse = parseRoster(report);
    const records: RosterRecord[] = [];
    for await (const r of parse) records.push(r);
    expect(records.map((r) => r.values)).toEqual(invalid.map((r) => r.values));
    expect(parse.summary.notices).toEqual([]);
  });

  it("repeats the file's own headers and names the columns by them", async () => {
    const upload = Buffer.from(
      'employee_code,Họ tên,Unit,Vai trò,Birth date\nCB1,Lê Văn Tám,HN,HR_OFFICIAL,31/02/2024\n',
    );
    const parse = parseRoster(upload);
    const { invalid } = await readRows(upload);
    for await (const r of parse) void r;
    const report = await bytes(errorReportCsv(invalid, parse.summary.columns, parse.summary.headers));
    const lines = report.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('employee_code,Họ tên,Unit,Vai trò,Birth date,Lỗi / Errors');
    expect(lines[1]).toContain('[Dòng 2] Birth date: ngày 31/02/2024 không tồn tại');
  });

  it('describes file-level problems without a column', () => {
    expect(describeProblems(9, [{ row: 9, field: null, code: 'required', reason: 'x', reasonVi: 'y' }])).toBe(
      '[Dòng 9] y (x)',
    );
  });
});
