import {
  inSubtree,
  inSubtrees,
  onRosterOn,
  openOn,
  periodOpenOn,
  personOnRosterOn,
  rosterPeriods,
  sqlPlaceholder,
} from './sql-fragments';

describe('org SQL fragments', () => {
  it('write placeholders and columns, never values', () => {
    expect(openOn('$2', 'm.valid_from', 'm.valid_to')).toBe(
      'm.valid_from <= $2::date AND (m.valid_to IS NULL OR m.valid_to > $2::date)',
    );
    expect(periodOpenOn('$3', 'r')).toBe(openOn('$3', 'r.valid_from', 'r.valid_to'));
    expect(inSubtree('$1', 'p.unit_id')).toContain('sub_c.ancestor_id = $1::uuid AND sub_c.descendant_id = p.unit_id');
    expect(inSubtrees('$4', 'u.id')).toContain('ANY($4::uuid[])');
    expect(onRosterOn('$2')).toContain("roster_s.person_id = m.person_id AND roster_s.status = 'active'");
    expect(onRosterOn('$2', 'mm')).toContain('mm.valid_from <= $2::date');
    expect(personOnRosterOn('$1', 'p.id')).toContain('roster_m.person_id = p.id');
  });

  it('refuse a value or an expression where a placeholder or a column goes', () => {
    expect(() => openOn('2026-01-01', 'a', 'b')).toThrow(/placeholder/);
    expect(() => onRosterOn("$1'; DROP TABLE person; --")).toThrow(/placeholder/);
    expect(() => inSubtree('$1', 'p.unit_id OR true')).toThrow(/column/);
    expect(() => inSubtrees('$0', 'u.id')).toThrow(/placeholder/);
    expect(() => onRosterOn('$1', 'm; --')).toThrow(/column/);
    expect(() => sqlPlaceholder('now() - $1')).toThrow(/placeholder/);
    expect(() => periodOpenOn('$1', 'r.x OR true; r')).toThrow(/column/);
    expect(() => rosterPeriods('ARRAY[$1]')).toThrow(/placeholder/);
    expect(sqlPlaceholder('$12')).toBe('$12');
  });

  it('give the roster periods of everyone, or of the people in a uuid[] placeholder', () => {
    const everyone = rosterPeriods();
    expect(everyone).toContain("rp_s.person_id = rp_m.person_id AND rp_s.status = 'active'");
    expect(everyone).not.toContain('WHERE');
    expect(rosterPeriods('$3')).toContain('WHERE rp_m.person_id = ANY($3::uuid[])');
  });
});
