import { RosterColumnKey } from './roster-columns';
import { RoleCatalogue } from './role-catalogue';
import { planRoles } from './roles.fixture';
import { RosterFileValidator, RosterRow, validateRow } from './validate-row';

const ctx = { today: '2025-06-15', rowNumber: 7, roles: planRoles() };
const base: Partial<Record<RosterColumnKey, string>> = {
  employee_code: 'CB001',
  full_name: 'Nguyễn Văn An',
  unit_code: 'HN.SO-TTTT',
  roles: 'HR_OFFICIAL',
};

const ok = (values: Partial<Record<RosterColumnKey, string>>): RosterRow => {
  const result = validateRow({ ...base, ...values }, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.row;
};
const problems = (values: Partial<Record<RosterColumnKey, string | undefined>>) => {
  const result = validateRow({ ...base, ...values }, ctx);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => ({ row: p.row, field: p.field, code: p.code, reason: p.reason }));
};

describe(validateRow.name, () => {
  it('normalises a complete row', () => {
    expect(
      ok({
        employee_code: ' CB001 ',
        full_name: '  Đặng   Thị\u00a0Ánh ',
        roles: ' hr_official ; ICT_MANAGER|hr_official ',
        position_title: ' Phó  Trưởng phòng ',
        email: ' Anh.Dang@Hanoi.GOV.vn ',
        phone: '0912 345.678',
        gender: 'Nữ',
        birth_date: '5/3/1985',
        status: 'Nghỉ phép',
        status_from: '2025-01-01',
      }),
    ).toEqual({
      employeeCode: 'CB001',
      fullName: 'Đặng Thị Ánh',
      unitCode: 'HN.SO-TTTT',
      roles: ['HR_OFFICIAL', 'ICT_MANAGER'],
      positionTitle: 'Phó Trưởng phòng',
      email: 'anh.dang@hanoi.gov.vn',
      phone: '0912345678',
      gender: 'female',
      birthDate: '1985-03-05',
      status: 'on_leave',
      statusFrom: '2025-01-01',
    });
  });

  it('defaults optional fields: status active, the rest null', () => {
    expect(ok({})).toEqual({
      ...ok({}),
      positionTitle: null,
      email: null,
      phone: null,
      gender: null,
      birthDate: null,
      status: 'active',
      statusFrom: null,
    });
  });

  it('stores an NFD name as NFC', () => {
    const nfd = 'Nguyễn Thị Đào'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Đào');
    expect(ok({ full_name: nfd }).fullName).toBe('Nguyễn Thị Đào'.normalize('NFC'));
  });

  it('names every missing required field', () => {
    expect(problems({ employee_code: undefined, full_name: ' ', unit_code: '', roles: undefined })).toEqual(
      (['employee_code', 'full_name', 'unit_code', 'roles'] as const).map((field) => ({
        row: 7,
        field,
        code: 'required',
        reason: 'is required',
      })),
    );
  });

  it.each([
    ['full_name', '=HYPERLINK("http://x","y")'],
    ['full_name', '+Nguyễn'],
    ['full_name', '-Nguyễn'],
    ['position_title', '@SUM(A1)'],
    ['full_name', '\tNguyễn'],
    ['full_name', '\rNguyễn'],
    ['full_name', '  =1+1'],
    ['email', '=a@b.vn'],
    ['phone', '=0912345678'],
    ['phone', '+84 CALL(1)'],
  ] as const)('rejects %s %j as a formula', (field, value) => {
    expect(problems({ [field]: value })).toEqual([
      { row: 7, field, code: 'formula', reason: 'looks like a spreadsheet formula' },
    ]);
  });

  it('accepts an international phone number that starts with +', () => {
    expect(ok({ phone: '+84 912-345-678' }).phone).toBe('+84912345678');
  });

  it('restores the leading 0 Excel drops from a mobile number', () => {
    expect(ok({ phone: '912345678' }).phone).toBe('0912345678');
  });

  it.each([
    ['full_name', 'A', 'too_short'],
    ['full_name', 'x'.repeat(201), 'too_long'],
    ['full_name', '12 34', 'no_letter'],
    ['full_name', 'Nguyễn\u0007An', 'control_chars'],
    ['employee_code', 'CB 001', 'bad_code'],
    ['employee_code', 'CBđ01', 'bad_code'],
    ['employee_code', 'C'.repeat(41), 'bad_code'],
    ['unit_code', 'Sở TTTT', 'bad_code'],
    ['roles', ' ; | ', 'no_role'],
    ['roles', 'HR_OFFICIAL;Phóng viên', 'unknown_role'],
    ['roles', 'A', 'unknown_role'],
    ['roles', 'RETIRED_ROLE', 'unknown_role'],
    ['email', 'an@', 'bad_email'],
    ['email', 'an nguyen@x.vn', 'bad_email'],
    ['phone', '12345', 'bad_phone'],
    ['phone', '0912abc345', 'bad_phone'],
    ['gender', 'trai', 'bad_gender'],
    ['status', 'chuyển công tác', 'bad_status'],
    ['birth_date', '1985/03/05', 'bad_date'],
    ['birth_date', '5/3/85', 'bad_date'],
    ['birth_date', '31/02/2024', 'impossible_date'],
    ['birth_date', '29/02/2023', 'impossible_date'],
    ['birth_date', '2000-13-01', 'impossible_date'],
    ['birth_date', '31/12/1939', 'date_out_of_range'],
    ['birth_date', '16/06/2010', 'date_out_of_range'], // younger than 15 on 2025-06-15
    ['status_from', '01/01/2030', 'date_out_of_range'],
    ['status_from', '31/12/9999', 'date_out_of_range'],
    ['status_from', '16/06/2026', 'date_out_of_range'], // a year and a day after 2025-06-15
    ['status_from', '31/12/1999', 'date_out_of_range'],
    ['position_title', 'x'.repeat(201), 'too_long'],
  ] as const)('rejects %s %j (%s)', (field, value, code) => {
    expect(problems({ [field]: value })).toEqual([expect.objectContaining({ field, code })]);
  });

  it('names the roles it does not know, as typed', () => {
    expect(problems({ roles: 'HR_OFFICIAL;Phóng viên; NO_SUCH' })[0].reason).toBe(
      '"Phóng viên", "NO_SUCH": no active role has this code or name',
    );
  });

  it.each([
    ['Cán bộ làm công tác quyền con người', ['HR_OFFICIAL']],
    ['can bo lam cong tac quyen con nguoi', ['HR_OFFICIAL']], // no diacritics, any case
    ['CÁN BỘ LÀM CÔNG TÁC QUYỀN CON NGƯỜI', ['HR_OFFICIAL']],
    ['Cán bộ làm công tác quyền con người'.normalize('NFD'), ['HR_OFFICIAL']],
    ['Officials who work on human rights', ['HR_OFFICIAL']], // the English name
    ['Tuyên truyền viên; Báo cáo viên pháp luật', ['PROPAGANDIST', 'LEGAL_RAPPORTEUR']],
    ['Tuyên truyền viên | hr_official', ['PROPAGANDIST', 'HR_OFFICIAL']], // names and codes mixed
    ['Tuyên truyền viên, Báo cáo viên pháp luật', ['PROPAGANDIST', 'LEGAL_RAPPORTEUR']],
    // a comma inside a name: the longest run of pieces that names a role is taken
    ['Phóng viên, biên tập viên', ['REPORTER_EDITOR']],
    ['Phóng viên, biên tập viên, Tuyên truyền viên', ['REPORTER_EDITOR', 'PROPAGANDIST']],
    ['Cán bộ làm công tác quản lý thông tin, truyền thông;PROPAGANDIST', ['ICT_MANAGER', 'PROPAGANDIST']],
    ['Cán bộ chủ chốt của các tổ chức chính trị-xã hội', ['SOCIO_POLITICAL_KEY']], // spacing of "-" ignored
    ['Tuyên truyền viên; PROPAGANDIST', ['PROPAGANDIST']], // the same role twice, once
  ])('reads the role cell %j', (roles, expected) => expect(ok({ roles }).roles).toEqual(expected));

  it('reports a name shared by two roles as ambiguous, naming it and the roles', () => {
    const roles = new RoleCatalogue([
      { id: '1', code: 'HR_OFFICIAL', nameVi: 'Cán bộ', nameEn: 'Officials' },
      { id: '2', code: 'PROPAGANDIST', nameVi: 'Cán bọ', nameEn: 'Propagandists' }, // the same without diacritics
    ]);
    const result = validateRow({ ...base, roles: 'can bo' }, { ...ctx, roles });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({
        field: 'roles',
        code: 'ambiguous_role',
        reason: '"can bo" names several roles (HR_OFFICIAL, PROPAGANDIST): write the code',
        reasonVi: '"can bo" trùng tên nhiều vai trò (HR_OFFICIAL, PROPAGANDIST): hãy ghi mã vai trò',
      }),
    ]);
    expect(validateRow({ ...base, roles: 'PROPAGANDIST' }, { ...ctx, roles }).ok).toBe(true); // the code still works
  });

  it('reports every problem of a row at once, and the unit and code it names for the database checks', () => {
    const result = validateRow({ ...base, email: 'an@', roles: 'Tuyên truyền viên; Ai đó', gender: 'trai' }, ctx);
    expect(result).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({ field: 'roles', code: 'unknown_role' }),
        expect.objectContaining({ field: 'email', code: 'bad_email' }),
        expect.objectContaining({ field: 'gender', code: 'bad_gender' }),
      ],
      unitCode: 'HN.SO-TTTT',
      employeeCode: 'CB001',
    });
    const noUnit = validateRow({ ...base, unit_code: 'Sở TTTT', email: 'an@' }, ctx);
    expect(!noUnit.ok && noUnit.unitCode).toBeNull();
  });

  it('gives every reason in Vietnamese too', () => {
    const result = validateRow({ full_name: 'A', birth_date: '31/02/2024' }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.reasonVi)).toEqual([
        'bắt buộc phải có',
        'phải có ít nhất 2 ký tự',
        'bắt buộc phải có',
        'bắt buộc phải có',
        'ngày 31/02/2024 không tồn tại',
      ]);
    }
  });

  it.each([
    ['29/02/1996', '1996-02-29'],
    ['1/1/1990', '1990-01-01'],
    ['01.01.1990', '1990-01-01'],
    ['1990-1-2', '1990-01-02'],
    ['15/06/2010', '2010-06-15'], // exactly 15 on the day
  ])('accepts the date %s', (value, expected) => {
    expect(ok({ birth_date: value }).birthDate).toBe(expected);
  });

  it.each([
    ['Nam', 'male'],
    ['male', 'male'],
    ['NỮ', 'female'],
    ['nu', 'female'],
    ['Female', 'female'],
    ['Khác', 'other'],
    ['other', 'other'],
  ] as const)('reads gender %s', (value, expected) => expect(ok({ gender: value }).gender).toBe(expected));

  it.each([
    ['Đang công tác', 'active'],
    ['ACTIVE', 'active'],
    ['nghỉ phép', 'on_leave'],
    ['on_leave', 'on_leave'],
    ['on leave', 'on_leave'],
    ['Đã nghỉ', 'left'],
    ['nghỉ việc', 'left'],
    ['left', 'left'],
  ] as const)('reads status %s', (value, expected) => expect(ok({ status: value }).status).toBe(expected));
});

describe(RosterFileValidator.name, () => {
  it('rejects the second occurrence of an employee code, naming the first row', () => {
    const v = new RosterFileValidator({ today: '2025-06-15', roles: planRoles() });
    expect(v.validate({ rowNumber: 2, values: base }).ok).toBe(true);
    expect(v.validate({ rowNumber: 3, values: { ...base, employee_code: 'CB002' } }).ok).toBe(true);
    const dup = v.validate({ rowNumber: 5, values: { ...base, full_name: 'Trần Bình' } });
    expect(dup).toEqual({
      ok: false,
      unitCode: 'HN.SO-TTTT',
      employeeCode: 'CB001',
      problems: [
        expect.objectContaining({
          row: 5,
          field: 'employee_code',
          code: 'duplicate_code',
          reason: 'CB001 is already used in row 2',
        }),
      ],
    });
    expect([v.validRows, v.invalidRows]).toEqual([2, 1]);
  });

  it('counts a code seen in an otherwise invalid row', () => {
    const v = new RosterFileValidator({ today: '2025-06-15', roles: planRoles() });
    expect(v.validate({ rowNumber: 2, values: { ...base, full_name: 'A' } }).ok).toBe(false);
    const dup = v.validate({ rowNumber: 3, values: base });
    expect(!dup.ok && dup.problems.map((p) => p.code)).toEqual(['duplicate_code']);
  });

  it('keeps the cell problems the reader found', () => {
    const v = new RosterFileValidator({ today: '2025-06-15', roles: planRoles() });
    const cellProblem = {
      row: 4,
      field: 'birth_date' as const,
      code: 'cell_error' as const,
      reason: 'the cell holds the error #N/A',
      reasonVi: 'ô chứa lỗi #N/A',
    };
    expect(v.validate({ rowNumber: 4, values: base, problems: [cellProblem] })).toEqual({
      ok: false,
      problems: [cellProblem],
      unitCode: 'HN.SO-TTTT',
      employeeCode: 'CB001',
    });
  });
});
