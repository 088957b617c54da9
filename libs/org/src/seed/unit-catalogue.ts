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
  | 'hamlet'
  /** A province before the 1 July 2025 reform (the demo's history): merged into the new province. */
  | 'old_province'
  /** A commune before the reform (the demo's history): its people go to the new communes on 1 July 2025. */
  | 'old_commune';

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
  old_province: 0,
  // An old commune holds its offices' and organisations' people too (it has no sub-units in the demo's history).
  old_commune: 8,
};

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
/** A commune before the reform (no sub-units): its offices' and its socio-political organisations' people. */
export const OLD_COMMUNE_MIX: RoleMix = [
  ['HR_OFFICIAL', 25],
  ['ICT_MANAGER', 15],
  ['LEGAL_RAPPORTEUR', 15],
  ['PROPAGANDIST', 20],
  ['SOCIO_POLITICAL_KEY', 25],
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
