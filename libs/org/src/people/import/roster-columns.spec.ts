import { columnLetter, headerMatchKey, ROSTER_COLUMNS, rosterColumnForHeader } from './roster-columns';

describe(rosterColumnForHeader.name, () => {
  it.each([
    ['Mã cán bộ', 'employee_code'],
    ['MÃ CÁN BỘ (*)', 'employee_code'],
    ['ma can bo', 'employee_code'],
    ['Mã  cán\u00a0bộ ', 'employee_code'],
    ['Mã cán bộ'.normalize('NFD'), 'employee_code'],
    ['employee_code', 'employee_code'],
    ['Employee code', 'employee_code'],
    ['Họ và tên', 'full_name'],
    ['Đơn vị', 'unit_code'],
    ['Mã đơn vị', 'unit_code'],
    ['Nhóm đối tượng', 'roles'],
    ['Vai trò', 'roles'],
    ['Thư điện tử', 'email'],
    ['E-mail', 'email'],
    ['Số điện thoại', 'phone'],
    ['Giới tính', 'gender'],
    ['Ngày sinh', 'birth_date'],
    ['Trạng thái', 'status'],
    ['Từ ngày', 'status_from'],
    ['Chức vụ', 'position_title'],
  ])('%j → %s', (header, key) => expect(rosterColumnForHeader(header)).toBe(key));

  it('returns null for an unknown header', () => {
    expect(rosterColumnForHeader('STT')).toBeNull();
    expect(rosterColumnForHeader('Ghi chú')).toBeNull();
  });

  it('documents every column in Vietnamese and English', () => {
    for (const c of ROSTER_COLUMNS) {
      expect(rosterColumnForHeader(c.headerVi)).toBe(c.key);
      expect(rosterColumnForHeader(c.headerEn)).toBe(c.key);
    }
    expect(ROSTER_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual([
      'employee_code',
      'full_name',
      'unit_code',
      'roles',
    ]);
  });

  it('compares headers without case, diacritics, đ or spaces', () => {
    expect(headerMatchKey(' Đơn  Vị ')).toBe('donvi');
  });
});

describe(columnLetter.name, () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i → %s', (i, l) => expect(columnLetter(i)).toBe(l));
});
