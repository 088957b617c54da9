import { cleanLine, emailAddress, hasReadableText, nfc, searchKey } from './text';

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

describe(cleanLine.name, () => {
  it('strips zero-width and bidi controls, collapses whitespace, composes', () => {
    expect(cleanLine(' Nguy\u200bễn\u00a0\u202eVăn\u202c\t Bình\ufeff ')).toBe('Nguyễn Văn Bình');
    expect(cleanLine('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(cleanLine('plain ascii')).toBe('plain ascii');
  });
});

describe(hasReadableText.name, () => {
  it.each([
    ['Lê', true],
    ['\u0301\u0303', false],
    ['12345', false],
    ['', false],
  ])('%j → %p', (value, expected) => expect(hasReadableText(value)).toBe(expected));
});

describe(emailAddress.name, () => {
  it.each([
    [' Mai.Tran@Example.VN ', 'mai.tran@example.vn'],
    ['=1+2@example.vn', null],
    ['-a@example.vn', null],
    ['no-at-sign', null],
    [`${'a'.repeat(250)}@x.vn`, null],
  ])('%j → %p', (value, expected) => expect(emailAddress(value)).toBe(expected));
});
