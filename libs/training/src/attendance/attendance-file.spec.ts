import { AttendanceFileError, readAttendanceRows } from './attendance-file';

describe(readAttendanceRows.name, () => {
  it('reads Vietnamese headers and statuses, with and without diacritics, skipping blank rows', () => {
    const rows = [
      ['Mã cán bộ', 'Họ và tên', 'Điểm danh', 'Tỷ lệ (%)'],
      ['CB01', 'Nguyễn Thị Ánh', 'Có mặt', ''],
      ['', '', '', ''],
      ['CB02', 'Trần Văn Chí', 'co mat', '80%'],
      ['', 'Lê Thị Dung', 'Có phép', ''],
      ['CB04', '', 'vắng', '0'],
    ];
    expect(readAttendanceRows(rows)).toEqual([
      { row: 2, ok: true, code: 'CB01', name: 'Nguyễn Thị Ánh', status: 'present', share: null },
      { row: 4, ok: true, code: 'CB02', name: 'Trần Văn Chí', status: 'present', share: 80 },
      { row: 5, ok: true, code: null, name: 'Lê Thị Dung', status: 'excused', share: null },
      { row: 6, ok: true, code: 'CB04', name: null, status: 'absent', share: 0 },
    ]);
  });

  it('refuses a row with no person, an unknown status or a bad share, naming why', () => {
    const lines = readAttendanceRows([
      ['employee_code', 'status', 'share'],
      ['', 'present', ''],
      ['CB01', 'maybe', ''],
      ['CB02', 'present', '120'],
      ['CB03', 'present', '50.5'],
    ]);
    expect(lines.map((l) => (l.ok ? 'ok' : l.reason))).toEqual([
      'no employee code and no name',
      'unknown attendance "maybe" (có mặt / vắng / có phép)',
      'share "120" is not a whole percent from 0 to 100',
      'share "50.5" is not a whole percent from 0 to 100',
    ]);
  });

  it('refuses a header without a person column or a status', () => {
    expect(() => readAttendanceRows([['Họ và tên', 'Ghi chú']])).toThrow(AttendanceFileError);
    expect(() => readAttendanceRows([['Điểm danh']])).toThrow(AttendanceFileError);
  });
});
