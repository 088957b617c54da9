import { UnitType } from '../units/unit-type';
import { employeeCode, VietnameseNameGenerator } from './vietnamese-names';

describe(VietnameseNameGenerator.name, () => {
  const sample = (seed: number, n: number) => {
    const g = new VietnameseNameGenerator(seed);
    return Array.from({ length: n }, () => g.person(UnitType.Commune));
  };

  it('is deterministic', () => {
    expect(sample(7, 500)).toEqual(sample(7, 500));
    expect(sample(7, 50)).not.toEqual(sample(8, 50));
  });

  it('writes NFC names of 2–4 words with a realistic family-name spread', () => {
    const people = sample(1, 20_000);
    for (const p of people.slice(0, 2000)) {
      expect(p.fullName).toBe(p.fullName.normalize('NFC'));
      expect(p.fullName.split(' ').length).toBeGreaterThanOrEqual(2);
      expect(p.fullName.split(' ').length).toBeLessThanOrEqual(4);
    }
    const share = (family: string) => people.filter((p) => p.fullName.startsWith(`${family} `)).length / people.length;
    expect(share('Nguyễn')).toBeGreaterThan(0.35);
    expect(share('Nguyễn')).toBeLessThan(0.41);
    expect(share('Trần')).toBeGreaterThan(0.1);
    expect(share('Lê')).toBeGreaterThan(0.08);
  });

  it('matches middle names to the gender', () => {
    const people = sample(3, 5000);
    const women = people.filter((p) => p.gender === 'female');
    const men = people.filter((p) => p.gender === 'male');
    expect(women.filter((p) => p.fullName.includes(' Thị ')).length / women.length).toBeGreaterThan(0.3);
    expect(men.some((p) => p.fullName.includes(' Thị '))).toBe(false);
    expect(men.filter((p) => p.fullName.includes(' Văn ')).length / men.length).toBeGreaterThan(0.2);
  });

  it('gives birth dates 1960–2000, Vietnamese mobile numbers and positions for the unit type', () => {
    const g = new VietnameseNameGenerator(5);
    for (let i = 0; i < 2000; i++) {
      const p = g.person(UnitType.PressAgency);
      expect(p.birthDate >= '1960-01-01' && p.birthDate <= '2000-12-31').toBe(true);
      expect(p.phone).toMatch(/^0[35789]\d{8}$/);
      expect([
        'Phóng viên',
        'Biên tập viên',
        'Thư ký tòa soạn',
        'Phó Tổng biên tập',
        'Tổng biên tập',
        'Kỹ thuật viên',
      ]).toContain(p.positionTitle);
    }
    const title = g.positionTitle(UnitType.Commune);
    expect(title).toBe(title.normalize('NFC'));
  });

  it('makes unique, sortable employee codes', () => {
    expect(employeeCode('HN', 42)).toBe('HN0000042');
    expect(employeeCode('X', 3, 3)).toBe('X003');
  });
});
