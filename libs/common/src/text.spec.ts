import { nfc, searchKey } from './text';

describe(searchKey.name, () => {
  it.each([
    ['Nguyễn Văn A', 'nguyen van a'],
    ['ĐẶNG THỊ ÁNH', 'dang thi anh'],
    ['Đồng Văn', 'dong van'],
  ])('%s → %s', (input, expected) => expect(searchKey(input)).toBe(expected));
});

describe(nfc.name, () => {
  it('composes decomposed Vietnamese', () => {
    const decomposed = 'Nguye\u0302\u0303n';
    expect(nfc(decomposed)).toBe('Nguyễn');
    expect(nfc(decomposed)).toHaveLength(6);
  });
});
