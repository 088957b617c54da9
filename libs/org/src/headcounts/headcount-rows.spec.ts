import { declaredNotNamed, headcountRows, namedAsOf, RoleInfo } from './headcount-rows';

const role = (id: string, retired = false): RoleInfo => ({
  id,
  code: id.toUpperCase(),
  nameVi: `vi ${id}`,
  nameEn: `en ${id}`,
  retired,
});

describe(declaredNotNamed.name, () => {
  it.each([
    [null, 3, 0],
    [5, 3, 2],
    [2, 2, 0],
    [1, 4, 0],
    [0, 0, 0],
  ])('declared %p, named %i → %i', (declared, named, expected) => {
    expect(declaredNotNamed(declared, named)).toBe(expected);
  });
});

describe(headcountRows.name, () => {
  it('puts declared and named side by side for every active role, in catalogue order', () => {
    const rows = headcountRows(
      [role('a'), role('b'), role('c')],
      [{ roleId: 'b', headcount: 4, declaredBy: 'acc', declaredAt: '2025-01-02T00:00:00.000Z' }],
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(rows.map((r) => [r.roleId, r.declared, r.named, r.declaredNotNamed])).toEqual([
      ['a', null, 2, 0],
      ['b', 4, 1, 3],
      ['c', null, 0, 0],
    ]);
    expect(rows[1]).toMatchObject({ declaredBy: 'acc', declaredAt: '2025-01-02T00:00:00.000Z', roleNameVi: 'vi b' });
  });

  it('keeps a retired role only while it still has a figure', () => {
    const roles = [role('old', true), role('gone', true), role('x')];
    const rows = headcountRows(
      roles,
      [{ roleId: 'old', headcount: 1, declaredBy: null, declaredAt: '2025-01-01T00:00:00.000Z' }],
      new Map(),
    );
    expect(rows.map((r) => r.roleId)).toEqual(['old', 'x']);
  });
});

describe(namedAsOf.name, () => {
  it('counts today for this and later years, and the last day of a past year', () => {
    expect(namedAsOf(2025, '2025-06-01')).toBe('2025-06-01');
    expect(namedAsOf(2027, '2025-06-01')).toBe('2025-06-01');
    expect(namedAsOf(2024, '2025-06-01')).toBe('2024-12-31');
  });
});
