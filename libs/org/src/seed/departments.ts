import { UnitType } from '../units/unit-type';
import type { RoleMix } from './unit-catalogue';

const GENERIC: RoleMix = [
  ['HR_OFFICIAL', 30],
  ['LEGAL_RAPPORTEUR', 30],
  ['PROPAGANDIST', 40],
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
