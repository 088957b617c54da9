import { baseLogin, loginCandidates } from './login-suggestion';

describe(baseLogin.name, () => {
  it('takes the local part of a usable e-mail', () => {
    expect(baseLogin('Nguyễn Văn A', 'A.Nguyen@Example.VN')).toBe('a.nguyen');
  });

  it('falls back to the name without diacritics, đ as d', () => {
    expect(baseLogin('Nguyễn Văn Đức', null)).toBe('nguyenvanduc');
    expect(baseLogin('Đặng Thị Ánh'.normalize('NFD'), null)).toBe('dangthianh');
  });

  it('ignores an e-mail whose local part is not a valid login', () => {
    expect(baseLogin('Lê Bình', '+x@example.vn')).toBe('lebinh');
  });

  it('pads a name too short to be a login', () => {
    expect(baseLogin('Ý', null)).toBe('hocvieny');
  });
});

describe(loginCandidates.name, () => {
  it('numbers the alternatives from 2', () => {
    expect(loginCandidates('lebinh', 3)).toEqual(['lebinh', 'lebinh2', 'lebinh3']);
  });
});
