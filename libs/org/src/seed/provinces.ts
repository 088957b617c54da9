/** Where a province lies: hamlets are "thôn" in the north and centre, "ấp" in the south. */
export type Region = 'north' | 'central' | 'south';

export interface ProvinceSpec {
  /** Unit code (letters only, so that employee codes `<code><digits>` never collide). */
  code: string;
  /** The two-digit administrative code after the 2025 reform. */
  adminCode: string;
  /** Without the "Tỉnh"/"Thành phố" prefix. */
  shortName: string;
  city: boolean;
  /** Commune-level units (communes, wards, special zones) after 1 July 2025. */
  communes: number;
  region: Region;
}

type Row = readonly [code: string, adminCode: string, shortName: string, city: 0 | 1, communes: number, region: Region];

// The 34 provinces and cities from 1 July 2025 (Resolution 202/2025/QH15), with their commune-level counts;
// they add up to the national 3,321.
const ROWS: readonly Row[] = [
  ['HN', '01', 'Hà Nội', 1, 126, 'north'],
  ['CB', '04', 'Cao Bằng', 0, 56, 'north'],
  ['TQ', '08', 'Tuyên Quang', 0, 124, 'north'],
  ['DB', '11', 'Điện Biên', 0, 45, 'north'],
  ['LC', '12', 'Lai Châu', 0, 38, 'north'],
  ['SL', '14', 'Sơn La', 0, 75, 'north'],
  ['LCA', '15', 'Lào Cai', 0, 99, 'north'],
  ['TN', '19', 'Thái Nguyên', 0, 92, 'north'],
  ['LS', '20', 'Lạng Sơn', 0, 65, 'north'],
  ['QNI', '22', 'Quảng Ninh', 0, 54, 'north'],
  ['BN', '24', 'Bắc Ninh', 0, 99, 'north'],
  ['PT', '25', 'Phú Thọ', 0, 148, 'north'],
  ['HP', '31', 'Hải Phòng', 1, 114, 'north'],
  ['HY', '33', 'Hưng Yên', 0, 104, 'north'],
  ['NB', '37', 'Ninh Bình', 0, 129, 'north'],
  ['TH', '38', 'Thanh Hóa', 0, 166, 'central'],
  ['NA', '40', 'Nghệ An', 0, 130, 'central'],
  ['HT', '42', 'Hà Tĩnh', 0, 69, 'central'],
  ['QT', '44', 'Quảng Trị', 0, 78, 'central'],
  ['HUE', '46', 'Huế', 1, 40, 'central'],
  ['DNG', '48', 'Đà Nẵng', 1, 94, 'central'],
  ['QNG', '51', 'Quảng Ngãi', 0, 96, 'central'],
  ['GL', '52', 'Gia Lai', 0, 135, 'central'],
  ['KH', '56', 'Khánh Hòa', 0, 65, 'central'],
  ['DL', '66', 'Đắk Lắk', 0, 102, 'central'],
  ['LD', '68', 'Lâm Đồng', 0, 124, 'central'],
  ['DNI', '75', 'Đồng Nai', 0, 95, 'south'],
  ['HCM', '79', 'Hồ Chí Minh', 1, 168, 'south'],
  ['TNI', '80', 'Tây Ninh', 0, 96, 'south'],
  ['DT', '82', 'Đồng Tháp', 0, 102, 'south'],
  ['VL', '86', 'Vĩnh Long', 0, 124, 'south'],
  ['AG', '91', 'An Giang', 0, 102, 'south'],
  ['CT', '92', 'Cần Thơ', 1, 103, 'south'],
  ['CM', '96', 'Cà Mau', 0, 64, 'south'],
];

export const PROVINCES: readonly ProvinceSpec[] = ROWS.map(([code, adminCode, shortName, city, communes, region]) => ({
  code,
  adminCode,
  shortName,
  city: city === 1,
  communes,
  region,
}));

export const provinceByCode = (code: string): ProvinceSpec => {
  const found = PROVINCES.find((p) => p.code === code);
  if (!found) throw new Error(`unknown province code ${code}`);
  return found;
};

/** "Tỉnh Vĩnh Long" / "Thành phố Hà Nội". */
export const provinceName = (p: ProvinceSpec): string => `${p.city ? 'Thành phố' : 'Tỉnh'} ${p.shortName}`;

/** "tỉnh Vĩnh Long" / "thành phố Hà Nội", inside another unit's name. */
export const provinceSuffix = (p: ProvinceSpec): string => `${p.city ? 'thành phố' : 'tỉnh'} ${p.shortName}`;
