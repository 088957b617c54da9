import { mulberry32 } from '@app/common';
import type { Gender } from '../people/import/roster-values';
import { UnitType } from '../units/unit-type';

type Weighted = ReadonlyArray<readonly [string, number]>;

/** Picks from a weighted list with one random number and one table lookup (65,536 slots: 0.0015% resolution). */
class WeightedPick {
  private static readonly SLOTS = 1 << 16;
  private readonly values: string[];
  private readonly table = new Uint16Array(WeightedPick.SLOTS);
  constructor(list: Weighted) {
    this.values = list.map(([v]) => v.normalize('NFC'));
    const total = list.reduce((sum, [, w]) => sum + w, 0);
    let index = 0;
    let cumulative = list[0][1] / total;
    for (let slot = 0; slot < WeightedPick.SLOTS; slot++) {
      const u = (slot + 0.5) / WeightedPick.SLOTS;
      while (u >= cumulative && index < list.length - 1) cumulative += list[++index][1] / total;
      this.table[slot] = index;
    }
  }
  pick(r: number): string {
    return this.values[this.table[(r * WeightedPick.SLOTS) | 0]];
  }
}

const even = (names: string): Weighted => names.split(' ').map((n) => [n, 1] as const);

// Share of the population (%), after the usual published estimates; the tail is shared by the rarer names.
const FAMILY = new WeightedPick([
  ['Nguyễn', 38.4],
  ['Trần', 12.1],
  ['Lê', 9.5],
  ['Phạm', 7.0],
  ['Hoàng', 3.1],
  ['Huỳnh', 2.0],
  ['Phan', 4.5],
  ['Vũ', 2.0],
  ['Võ', 1.9],
  ['Đặng', 2.1],
  ['Bùi', 2.0],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1.0],
  ['Lý', 0.5],
  ['Đào', 0.6],
  ['Đoàn', 0.6],
  ['Trịnh', 0.5],
  ['Trương', 0.5],
  ['Đinh', 0.5],
  ['Lâm', 0.4],
  ['Mai', 0.4],
  ['Hà', 0.4],
  ['Lương', 0.3],
  ['Cao', 0.3],
  ['Phùng', 0.3],
  ['Tạ', 0.3],
  ['Tô', 0.3],
  ['Chu', 0.2],
  ['Lưu', 0.2],
  ['Vương', 0.2],
  ['Kiều', 0.2],
  ['Quách', 0.15],
  ['Thái', 0.15],
  ['Triệu', 0.2],
  ['Nông', 0.3],
  ['Lục', 0.1],
  ['Hứa', 0.1],
  ['Mạc', 0.1],
  ['Lò', 0.1],
  ['Ma', 0.1],
  ['Khổng', 0.05],
  ['Âu', 0.05],
  ['La', 0.1],
]);

const MIDDLE: Record<'male' | 'female', WeightedPick> = {
  male: new WeightedPick([
    ['Văn', 30],
    ['Hữu', 6],
    ['Đức', 8],
    ['Minh', 8],
    ['Quang', 6],
    ['Công', 5],
    ['Thành', 4],
    ['Xuân', 3],
    ['Đình', 4],
    ['Ngọc', 3],
    ['Trọng', 3],
    ['Mạnh', 2],
    ['Quốc', 4],
    ['Hoàng', 2],
    ['Anh', 2],
    ['Bá', 2],
    ['Thế', 3],
    ['Duy', 2],
    ['Tiến', 2],
    ['Việt', 2],
    ['Trung', 2],
    ['Gia', 1],
    ['Khắc', 1],
    ['Như', 1],
  ]),
  female: new WeightedPick([
    ['Thị', 40],
    ['Ngọc', 6],
    ['Thu', 5],
    ['Thanh', 5],
    ['Kim', 4],
    ['Thùy', 3],
    ['Hồng', 3],
    ['Phương', 2],
    ['Bích', 2],
    ['Minh', 3],
    ['Mai', 2],
    ['Thúy', 2],
    ['Hải', 2],
    ['Diệu', 1],
    ['Khánh', 2],
    ['Bảo', 1],
    ['Quỳnh', 1],
    ['Lan', 1],
    ['Hoài', 1],
    ['Thảo', 1],
    ['Mỹ', 1],
    ['Tuyết', 1],
  ]),
};

// A second middle name ("Nguyễn Thị Thu Hà"): common for women born in the 1970s–1990s.
const SECOND_MIDDLE = new WeightedPick(even('Thu Thanh Ngọc Minh Hồng Kim Phương Bích Diệu Thùy'));

const GIVEN: Record<'male' | 'female', WeightedPick> = {
  male: new WeightedPick(
    even(
      'Anh Hùng Dũng Tuấn Minh Hải Long Nam Sơn Thắng Trung Cường Đức Hiếu Hoàng Huy Khánh Phong Quân Thành Tùng ' +
        'Việt Vinh Bình Hiệp Hưng Kiên Lâm Lợi Phúc Quang Tâm Thái Thanh Toàn Trí Tú Bảo Đạt Duy Giang Hà Hậu Khoa ' +
        'Lộc Nghĩa Phương Tiến Tín Vũ Chiến Công Định Hòa Khải Lực Mạnh Ngọc Quý Sang Tài Thịnh Thuận Trường Vương',
    ),
  ),
  female: new WeightedPick(
    even(
      'Anh Hà Hương Lan Linh Mai Nga Ngọc Nhung Oanh Phương Quỳnh Thảo Thu Thủy Trang Vân Yến Hằng Hạnh Hoa Huyền ' +
        'Liên Loan Ly My Nhàn Như Tâm Thơ Tuyết Uyên Vy Diệp Dung Giang Hiền Hồng Huệ Lệ Hải Chi Ngân Nhi Thắm Trâm ' +
        'Xuân Duyên Hậu Lý Nguyệt Thanh Thúy Tình Trinh Vui',
    ),
  ),
};

const POSITIONS: Record<'department' | 'commune' | 'press' | 'socio_political' | 'any', WeightedPick> = {
  department: new WeightedPick([
    ['Chuyên viên', 50],
    ['Chuyên viên chính', 15],
    ['Phó Trưởng phòng', 12],
    ['Trưởng phòng', 7],
    ['Cán sự', 6],
    ['Phó Giám đốc', 3],
    ['Giám đốc', 1],
    ['Thanh tra viên', 4],
    ['Báo cáo viên', 2],
  ]),
  commune: new WeightedPick([
    ['Công chức Văn hóa - Xã hội', 25],
    ['Công chức Tư pháp - Hộ tịch', 20],
    ['Công chức Văn phòng - Thống kê', 15],
    ['Chủ tịch', 5],
    ['Phó Chủ tịch', 10],
    ['Bí thư', 4],
    ['Phó Bí thư', 5],
    ['Chuyên viên', 10],
    ['Tuyên truyền viên', 6],
  ]),
  press: new WeightedPick([
    ['Phóng viên', 50],
    ['Biên tập viên', 30],
    ['Thư ký tòa soạn', 5],
    ['Phó Tổng biên tập', 4],
    ['Tổng biên tập', 1],
    ['Kỹ thuật viên', 10],
  ]),
  socio_political: new WeightedPick([
    ['Chủ tịch', 10],
    ['Phó Chủ tịch', 20],
    ['Ủy viên Ban Thường vụ', 20],
    ['Chuyên viên', 35],
    ['Bí thư', 5],
    ['Phó Bí thư', 10],
  ]),
  any: new WeightedPick([
    ['Chuyên viên', 40],
    ['Phó Trưởng phòng', 10],
    ['Trưởng phòng', 6],
    ['Chủ tịch', 3],
    ['Phó Chủ tịch', 6],
    ['Phóng viên', 8],
    ['Biên tập viên', 5],
    ['Công chức Văn hóa - Xã hội', 10],
    ['Báo cáo viên', 4],
    ['Tuyên truyền viên', 8],
  ]),
};

// Vietnamese mobile prefixes (Viettel 032–039, 086, 096–098; Vinaphone 081–085, 088, 091, 094; MobiFone 070,
// 076–079, 089, 090, 093; Vietnamobile 052, 056, 058; Gmobile 059, 099; iTel 087).
const MOBILE_PREFIXES = (
  '032 033 034 035 036 037 038 039 086 096 097 098 081 082 083 084 085 088 091 094 070 076 077 078 079 089 090 093 ' +
  '052 056 058 059 099 087'
).split(' ');

const BIRTH_FROM = Date.UTC(1960, 0, 1);
const BIRTH_DAYS = (Date.UTC(2000, 11, 31) - BIRTH_FROM) / 86_400_000 + 1;
let birthDates: string[] | null = null; // ~15,000 strings, built once: cheaper than formatting 3M dates

export interface GeneratedPerson {
  fullName: string;
  gender: Gender;
  /** yyyy-mm-dd, 1960–2000. */
  birthDate: string;
  positionTitle: string;
  phone: string;
}

/** Deterministic generator of realistic Vietnamese people (all text NFC): same seed, same sequence. */
export class VietnameseNameGenerator {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  /** ~52% male, ~47.8% female, 0.2% other. */
  gender(): Gender {
    const r = this.random();
    return r < 0.52 ? 'male' : r < 0.998 ? 'female' : 'other';
  }

  fullName(gender: Gender = this.gender()): string {
    const g = gender === 'other' ? (this.random() < 0.5 ? 'male' : 'female') : gender;
    const family = FAMILY.pick(this.random());
    const middle = MIDDLE[g].pick(this.random());
    const given = GIVEN[g].pick(this.random());
    if (g === 'female' && middle === 'Thị' && this.random() < 0.12) {
      return `${family} ${middle} ${SECOND_MIDDLE.pick(this.random())} ${given}`;
    }
    return middle === given ? `${family} ${given}` : `${family} ${middle} ${given}`;
  }

  /** yyyy-mm-dd between 1960-01-01 and 2000-12-31. */
  birthDate(): string {
    birthDates ??= Array.from({ length: BIRTH_DAYS }, (_, i) =>
      new Date(BIRTH_FROM + i * 86_400_000).toISOString().slice(0, 10),
    );
    return birthDates[Math.floor(this.random() * BIRTH_DAYS)];
  }

  /** A position title typical of the unit type (department, commune, press agency, socio-political organisation). */
  positionTitle(unitType?: UnitType): string {
    return POSITIONS[positionPool(unitType)].pick(this.random());
  }

  /** A 10-digit Vietnamese mobile number (03x/05x/07x/08x/09x); not guaranteed unique. */
  phone(): string {
    const prefix = MOBILE_PREFIXES[Math.floor(this.random() * MOBILE_PREFIXES.length)];
    return prefix + String(Math.floor(this.random() * 10_000_000)).padStart(7, '0');
  }

  person(unitType?: UnitType): GeneratedPerson {
    const gender = this.gender();
    return {
      fullName: this.fullName(gender),
      gender,
      birthDate: this.birthDate(),
      positionTitle: this.positionTitle(unitType),
      phone: this.phone(),
    };
  }
}

/** "HN0000042": a unique, sortable employee code from a prefix (e.g. the province code) and a sequence number. */
export const employeeCode = (prefix: string, sequence: number, width = 7): string =>
  `${prefix}${String(sequence).padStart(width, '0')}`;

function positionPool(unitType: UnitType | undefined): keyof typeof POSITIONS {
  switch (unitType) {
    case UnitType.Department:
    case UnitType.Province:
    case UnitType.District:
      return 'department';
    case UnitType.Commune:
      return 'commune';
    case UnitType.PressAgency:
      return 'press';
    case UnitType.SocioPoliticalOrg:
      return 'socio_political';
    default:
      return 'any';
  }
}
