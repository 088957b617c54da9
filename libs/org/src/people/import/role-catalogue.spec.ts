import { RoleCatalogue, roleNameKey } from './role-catalogue';
import { planRoles } from './roles.fixture';

describe(RoleCatalogue.name, () => {
  it('compares names without case, diacritics, punctuation or extra spaces', () => {
    expect(roleNameKey('  Cán bộ chủ chốt của các tổ chức chính trị - xã hội ')).toBe(
      roleNameKey('CAN BO CHU CHOT CUA CAC TO CHUC CHINH TRI-XA HOI'),
    );
    expect(roleNameKey('Đảng viên')).toBe('dang vien');
  });

  it('takes a code before a name that happens to look like it', () => {
    const roles = new RoleCatalogue([
      { id: '1', code: 'HR', nameVi: 'Nhân sự', nameEn: 'Human resources' },
      { id: '2', code: 'OTHER', nameVi: 'HR', nameEn: 'Other' },
    ]);
    expect(roles.matchCell('hr')).toEqual({ ok: true, codes: ['HR'] });
    expect(roles.matchCell('Nhân sự, Other')).toEqual({ ok: true, codes: ['HR', 'OTHER'] });
  });

  it('reports the comma-separated pieces that name nothing, and the whole part when no piece names a role', () => {
    const roles = planRoles();
    expect(roles.matchCell('Tuyên truyền viên, Phóng viên')).toEqual({
      ok: false,
      empty: false,
      unknown: ['Phóng viên'],
      ambiguous: [],
    });
    expect(roles.matchCell('Cán bộ quản lý thông tin, truyền thông')).toEqual({
      ok: false,
      empty: false,
      unknown: ['Cán bộ quản lý thông tin, truyền thông'],
      ambiguous: [],
    });
    expect(roles.matchCell(' ; | ')).toEqual({ ok: false, empty: true, unknown: [], ambiguous: [] });
  });

  it('gives the same answer for a cell seen again (cached)', () => {
    const roles = planRoles();
    const first = roles.matchCell('Tuyên truyền viên');
    expect(roles.matchCell('Tuyên truyền viên')).toBe(first);
    expect(roles.idOf('PROPAGANDIST')).toBe('id-PROPAGANDIST');
  });
});
