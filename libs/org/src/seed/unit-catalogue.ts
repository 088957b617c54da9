import { UnitType } from '../units/unit-type';
import { Region } from './provinces';

/** What a generated unit is, finer than its UnitType: it decides the people it holds and their roles. */
export type UnitKind =
  | 'province'
  | 'department'
  | 'department_sub'
  | 'press'
  | 'press_sub'
  | 'org_province'
  | 'commune'
  | 'commune_office'
  | 'org_commune'
  | 'service_centre'
  | 'hamlet';

/** The roles the generated people hold (codes seeded by the Roster migration). */
export const SEED_ROLE_CODES = [
  'HR_OFFICIAL',
  'ICT_MANAGER',
  'PRESS_FOREIGN_INFO',
  'SOCIO_POLITICAL_KEY',
  'REPORTER_EDITOR',
  'LEGAL_RAPPORTEUR',
  'PROPAGANDIST',
];

/** Role codes (seeded by the Roster migration) with relative weights: who works in such a unit. */
export type RoleMix = ReadonlyArray<readonly [string, number]>;

/** Relative number of people per unit of each kind (before a ±50% jitter). */
export const PEOPLE_WEIGHT: Readonly<Record<UnitKind, number>> = {
  province: 0,
  department: 4,
  department_sub: 6,
  press: 4,
  press_sub: 10,
  org_province: 8,
  commune: 5,
  commune_office: 5,
  org_commune: 3,
  service_centre: 3,
  hamlet: 2,
};

const GENERIC: RoleMix = [
  ['HR_OFFICIAL', 30],
  ['LEGAL_RAPPORTEUR', 30],
  ['PROPAGANDIST', 40],
];
const SOCIO_POLITICAL: RoleMix = [
  ['SOCIO_POLITICAL_KEY', 70],
  ['PROPAGANDIST', 30],
];
export const PRESS_MIX: RoleMix = [
  ['REPORTER_EDITOR', 75],
  ['PRESS_FOREIGN_INFO', 20],
  ['ICT_MANAGER', 5],
];
export const HAMLET_MIX: RoleMix = [
  ['PROPAGANDIST', 70],
  ['LEGAL_RAPPORTEUR', 30],
];
export const COMMUNE_MIX: RoleMix = [
  ['HR_OFFICIAL', 40],
  ['ICT_MANAGER', 20],
  ['LEGAL_RAPPORTEUR', 20],
  ['PROPAGANDIST', 20],
];
export const SERVICE_CENTRE_MIX: RoleMix = [
  ['HR_OFFICIAL', 50],
  ['ICT_MANAGER', 50],
];
/** A second role, for the ~12% of people who hold two. */
export const SECOND_ROLE_MIX: RoleMix = [
  ['PROPAGANDIST', 50],
  ['LEGAL_RAPPORTEUR', 30],
  ['HR_OFFICIAL', 20],
];

export interface DepartmentSpec {
  /** Code suffix: "<province>-<key>". */
  key: string;
  /** Official name without the province ("Sở Tư pháp"). */
  name: string;
  type: UnitType;
  mix: RoleMix;
  subunits: readonly string[];
}

const ADMIN_SUBUNITS = ['Văn phòng Sở', 'Phòng Kế hoạch - Tài chính', 'Phòng Pháp chế', 'Phòng Nghiệp vụ'];

// The provincial departments after the 2025 reform: information & communications moved to Culture, Sports and
// Tourism (press, publishing, grassroots and foreign information), digital transformation to Science and Technology.
export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    key: 'VPUB',
    name: 'Văn phòng Ủy ban nhân dân',
    type: UnitType.Department,
    mix: [
      ['HR_OFFICIAL', 50],
      ['ICT_MANAGER', 30],
      ['LEGAL_RAPPORTEUR', 20],
    ],
    subunits: ['Phòng Tổng hợp', 'Phòng Nội chính', 'Cổng thông tin điện tử'],
  },
  {
    key: 'SVHTTDL',
    name: 'Sở Văn hóa, Thể thao và Du lịch',
    type: UnitType.Department,
    mix: [
      ['ICT_MANAGER', 55],
      ['PROPAGANDIST', 25],
      ['HR_OFFICIAL', 20],
    ],
    subunits: [
      'Văn phòng Sở',
      'Phòng Quản lý Báo chí, Xuất bản',
      'Phòng Thông tin cơ sở và Thông tin đối ngoại',
      'Phòng Quản lý Văn hóa',
      'Phòng Quản lý Thể thao',
      'Phòng Quản lý Du lịch',
    ],
  },
  {
    key: 'STP',
    name: 'Sở Tư pháp',
    type: UnitType.Department,
    mix: [
      ['LEGAL_RAPPORTEUR', 55],
      ['HR_OFFICIAL', 45],
    ],
    subunits: [
      'Văn phòng Sở',
      'Phòng Phổ biến, giáo dục pháp luật',
      'Phòng Xây dựng và Kiểm tra văn bản',
      'Phòng Hành chính tư pháp',
      'Trung tâm Trợ giúp pháp lý nhà nước',
    ],
  },
  {
    key: 'SNV',
    name: 'Sở Nội vụ',
    type: UnitType.Department,
    mix: [
      ['HR_OFFICIAL', 70],
      ['PROPAGANDIST', 15],
      ['LEGAL_RAPPORTEUR', 15],
    ],
    subunits: [
      'Văn phòng Sở',
      'Phòng Tổ chức, biên chế',
      'Phòng Công chức, viên chức',
      'Phòng Chính quyền địa phương',
      'Phòng Lao động - Việc làm',
    ],
  },
  {
    key: 'SNGV',
    name: 'Sở Ngoại vụ',
    type: UnitType.Department,
    mix: [
      ['HR_OFFICIAL', 60],
      ['PROPAGANDIST', 25],
      ['ICT_MANAGER', 15],
    ],
    subunits: ['Văn phòng Sở', 'Phòng Hợp tác quốc tế', 'Phòng Lãnh sự', 'Phòng Thông tin đối ngoại'],
  },
  {
    key: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ',
    type: UnitType.Department,
    mix: [
      ['ICT_MANAGER', 65],
      ['HR_OFFICIAL', 20],
      ['PROPAGANDIST', 15],
    ],
    subunits: [
      'Văn phòng Sở',
      'Phòng Chuyển đổi số',
      'Phòng Bưu chính, Viễn thông',
      'Trung tâm Công nghệ thông tin và Truyền thông',
    ],
  },
  {
    key: 'CA',
    name: 'Công an',
    type: UnitType.Department,
    mix: [
      ['HR_OFFICIAL', 55],
      ['LEGAL_RAPPORTEUR', 20],
      ['PROPAGANDIST', 25],
    ],
    subunits: [
      'Phòng Tham mưu',
      'Phòng An ninh chính trị nội bộ',
      'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao',
      'Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc',
      'Phòng Công tác đảng và công tác chính trị',
    ],
  },
  {
    key: 'BTGDV',
    name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy',
    type: UnitType.Other,
    mix: [
      ['PROPAGANDIST', 60],
      ['HR_OFFICIAL', 20],
      ['LEGAL_RAPPORTEUR', 20],
    ],
    subunits: [
      'Phòng Tuyên truyền, báo chí, văn hóa, văn nghệ',
      'Phòng Lý luận chính trị và Lịch sử Đảng',
      'Phòng Dân vận',
    ],
  },
  { key: 'STC', name: 'Sở Tài chính', type: UnitType.Department, mix: GENERIC, subunits: ADMIN_SUBUNITS },
  { key: 'SCT', name: 'Sở Công Thương', type: UnitType.Department, mix: GENERIC, subunits: ADMIN_SUBUNITS },
  {
    key: 'SNNMT',
    name: 'Sở Nông nghiệp và Môi trường',
    type: UnitType.Department,
    mix: GENERIC,
    subunits: ADMIN_SUBUNITS,
  },
  { key: 'SXD', name: 'Sở Xây dựng', type: UnitType.Department, mix: GENERIC, subunits: ADMIN_SUBUNITS },
  {
    key: 'SGDDT',
    name: 'Sở Giáo dục và Đào tạo',
    type: UnitType.Department,
    mix: GENERIC,
    subunits: ADMIN_SUBUNITS,
  },
  { key: 'SYT', name: 'Sở Y tế', type: UnitType.Department, mix: GENERIC, subunits: ADMIN_SUBUNITS },
  {
    key: 'SDTTG',
    name: 'Sở Dân tộc và Tôn giáo',
    type: UnitType.Department,
    mix: GENERIC,
    subunits: ADMIN_SUBUNITS.slice(0, 3),
  },
  {
    key: 'TTR',
    name: 'Thanh tra',
    type: UnitType.Department,
    mix: [
      ['LEGAL_RAPPORTEUR', 50],
      ['HR_OFFICIAL', 50],
    ],
    subunits: ['Văn phòng', 'Phòng Nghiệp vụ 1', 'Phòng Nghiệp vụ 2'],
  },
];

export interface PressSpec {
  key: string;
  /** Name before the province's short name ("Báo" → "Báo Vĩnh Long"). */
  prefix: string;
  subunits: readonly string[];
}

export const PRESS: readonly PressSpec[] = [
  {
    key: 'BAO',
    prefix: 'Báo',
    subunits: ['Ban Thời sự', 'Ban Kinh tế', 'Ban Văn hóa - Xã hội', 'Ban Báo điện tử', 'Ban Thông tin đối ngoại'],
  },
  {
    key: 'PTTH',
    prefix: 'Đài Phát thanh và Truyền hình',
    subunits: ['Phòng Thời sự', 'Phòng Chuyên đề', 'Phòng Biên tập', 'Phòng Kỹ thuật'],
  },
];

/** The socio-political organisations, at province and commune level. Trade unions only at province level. */
export interface OrgSpec {
  key: string;
  /** Name at province level before "tỉnh X"/"thành phố X" (null: a name of its own, see provinceName). */
  province: string;
  /** Name at commune level before "xã X"/"phường X"; null when the organisation has no commune level. */
  commune: string | null;
}

export const ORGS: readonly OrgSpec[] = [
  { key: 'MTTQ', province: 'Ủy ban MTTQ Việt Nam', commune: 'Ủy ban MTTQ Việt Nam' },
  { key: 'DTN', province: 'Đoàn TNCS Hồ Chí Minh', commune: 'Đoàn TNCS Hồ Chí Minh' },
  { key: 'HLHPN', province: 'Hội Liên hiệp Phụ nữ', commune: 'Hội Liên hiệp Phụ nữ' },
  { key: 'LDLD', province: 'Liên đoàn Lao động', commune: null },
  { key: 'HND', province: 'Hội Nông dân', commune: 'Hội Nông dân' },
  { key: 'HCCB', province: 'Hội Cựu chiến binh', commune: 'Hội Cựu chiến binh' },
];

/** The provincial Youth Union is called "Tỉnh đoàn"/"Thành đoàn". */
export const orgProvinceName = (org: OrgSpec, shortName: string, city: boolean, suffix: string): string =>
  org.key === 'DTN' ? `${city ? 'Thành đoàn' : 'Tỉnh đoàn'} ${shortName}` : `${org.province} ${suffix}`;

export interface CommuneOfficeSpec {
  key: string;
  name: (ward: boolean) => string;
  mix: RoleMix;
}

// A commune's specialised offices after the 2025 reform, plus its public administration service centre.
export const COMMUNE_OFFICES: readonly CommuneOfficeSpec[] = [
  {
    key: 'VP',
    name: () => 'Văn phòng HĐND và UBND',
    mix: [
      ['HR_OFFICIAL', 50],
      ['LEGAL_RAPPORTEUR', 30],
      ['ICT_MANAGER', 20],
    ],
  },
  {
    key: 'VHXH',
    name: () => 'Phòng Văn hóa - Xã hội',
    mix: [
      ['ICT_MANAGER', 50],
      ['HR_OFFICIAL', 25],
      ['PROPAGANDIST', 25],
    ],
  },
  {
    key: 'KT',
    name: (ward) => (ward ? 'Phòng Kinh tế, Hạ tầng và Đô thị' : 'Phòng Kinh tế'),
    mix: [
      ['PROPAGANDIST', 50],
      ['LEGAL_RAPPORTEUR', 50],
    ],
  },
];
export const SERVICE_CENTRE_NAME = 'Trung tâm Phục vụ hành chính công';

/** "Ấp 3" in the south, "Thôn 3" elsewhere; "Khu phố 3"/"Tổ dân phố 3" in wards. */
export const hamletName = (region: Region, ward: boolean, n: number): string =>
  ward ? `${region === 'south' ? 'Khu phố' : 'Tổ dân phố'} ${n}` : `${region === 'south' ? 'Ấp' : 'Thôn'} ${n}`;

export const SOCIO_POLITICAL_MIX = SOCIO_POLITICAL;
