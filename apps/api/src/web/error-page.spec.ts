import { errorPageModel, fieldLabel, reasonText } from './error-page';

describe('the error page in the reader’s language', () => {
  it('names a refused field by its label and says why in Vietnamese (English on English pages)', () => {
    const body = {
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: 'role: role must be a UUID',
      details: [
        { field: 'role', reason: 'role must be a UUID' },
        { field: 'q', reason: 'q must be shorter than or equal to 100 characters' },
        { field: '', reason: 'property foo should not exist' },
      ],
    };
    const vi = errorPageModel('vi', body, '/people');
    expect(vi.heading).toBe('Thông tin gửi lên chưa hợp lệ');
    expect(vi.problems).toEqual([
      { label: 'Vai trò', reason: 'phải là mã định danh hợp lệ (UUID)', english: false },
      { label: 'Từ khoá tìm kiếm', reason: 'tối đa 100 ký tự', english: false },
      { label: 'foo', reason: 'không được nhận ở đây', english: false },
    ]);
    const en = errorPageModel('en', body, '/people');
    expect(en.problems[0]).toEqual({ label: 'Role', reason: 'must be a valid id (UUID)', english: false });
  });

  it('says "no such page" for Nest’s "Cannot GET", and lists the permissions a 403 needs by name', () => {
    const missing = errorPageModel('vi', { statusCode: 404, error: 'Not Found', message: 'Cannot GET /x' }, '/x');
    expect(missing.heading).toBe('Không tìm thấy');
    expect(missing.explain).toContain('Không có trang /x.');
    expect(missing.explain).not.toContain('Cannot');
    const refused = errorPageModel(
      'vi',
      { statusCode: 403, error: 'FORBIDDEN', message: 'this needs one of the permissions: admin, organiser' },
      '/accounts',
    );
    expect(refused.heading).toBe('Bạn không có quyền làm việc này');
    expect(refused.explain).toContain('Cần một trong các quyền: Quản trị, Người tổ chức bồi dưỡng.');
  });

  it('keeps an unknown reason as it is, marked English on a Vietnamese page', () => {
    expect(reasonText('vi', 'the assignment is already cancelled')).toEqual({
      text: 'the assignment is already cancelled',
      english: true,
    });
    expect(fieldLabel('vi', 'rows.0.unitCode')).toBe('Mã đơn vị');
    expect(fieldLabel('vi', 'mystery')).toBe('mystery');
  });
});
