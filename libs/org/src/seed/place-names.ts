import { Region } from './provinces';

// Syllables that make up most Vietnamese commune and ward names, by region ("Tân Phú", "Long Hồ", "Xuân Quang").
const FIRST: Record<Region, readonly string[]> = {
  south: (
    'Tân An Long Phú Hòa Bình Vĩnh Thạnh Mỹ Phước Hưng Thuận Nhơn Hiệp Trung Đông Tây Thới Hậu Khánh Lợi ' +
    'Định Quới Châu Xuân Thành Đức Ngãi Hựu Cái Tam Song Lương Hiếu Tường Lộc'
  ).split(' '),
  central: (
    'Quảng Hải Hương Phong Điện Duy Tam Hòa Bình Nghĩa Đức Phổ Cam Diên Ninh Vạn Xuân Tịnh Thăng Đại Sơn ' +
    'Kỳ Cẩm Thạch Hưng Diễn Quỳnh Yên Thanh Hoằng Quảng Triệu Vĩnh Tân An'
  ).split(' '),
  north: (
    'Đồng Xuân Quang Minh Tân Hòa Bình Thanh Hợp Tiến Thắng Phú Yên Nghĩa Đức Trung Hưng Kim Sơn Hà ' +
    'Vân Thái Cẩm Hồng Liên Việt Đại Thọ Phúc Lạc Tam Bắc Nam Văn Quỳnh'
  ).split(' '),
};

const SECOND: Record<Region, readonly string[]> = {
  south: (
    'Phú Hòa Long Bình An Thạnh Lợi Hưng Thuận Mỹ Hội Phước Tân Hiệp Đông Quới Xuân Lộc Định Hậu Thành Ngãi ' +
    'Hạnh Trung Nhuận Khánh Vang Sơn Châu Đức Hiếu Tiên'
  ).split(' '),
  central: (
    'Điền Trà Hòa Phú Thạnh Bình Lộc An Xuân Hương Sơn Hải Thủy Phong Điện Nghĩa Thọ Mỹ Khánh Lâm Thành ' +
    'Trung Long Đông Tây Nam Bắc Hưng'
  ).split(' '),
  north: (
    'Sơn Hà Lâm Xuân Thịnh Phong Tiến Lợi Hòa Bình An Hưng Thành Minh Quang Dương Vinh Trung Đông Tây Lạc ' +
    'Phúc Kiều Châu Hải Ninh Khê Giang Tân Yên Lương'
  ).split(' '),
};

/**
 * `count` distinct commune or ward names for one province ("Tân Phú", "Long Hồ"), without the "Xã"/"Phường"
 * prefix. Deterministic for a given random sequence.
 */
export function communeNames(region: Region, count: number, random: () => number): string[] {
  const first = FIRST[region];
  const second = SECOND[region];
  if (count > first.length * second.length) throw new Error(`too many communes for one province: ${count}`);
  const names = new Set<string>();
  while (names.size < count) {
    const a = first[Math.floor(random() * first.length)];
    const b = second[Math.floor(random() * second.length)];
    if (a !== b) names.add(`${a} ${b}`);
  }
  return [...names];
}
