import { purposeProblem, toPurpose } from './export-audit';

describe(purposeProblem.name, () => {
  const clean = (raw: string) => toPurpose({ value: raw }) as string;

  it('accepts one line of printable text with a letter, 10–500 characters once trimmed, made NFC', () => {
    expect(purposeProblem(clean('  gửi giấy mời tập huấn  '))).toBeNull();
    expect(clean('  Tập huấn  quý 3 '.normalize('NFD'))).toBe('Tập huấn  quý 3'.normalize('NFC'));
    expect(purposeProblem('a'.repeat(500))).toBeNull();
    expect(purposeProblem('a'.repeat(10))).toBeNull();
    expect(purposeProblem('a'.repeat(9))).not.toBeNull();
  });

  it('names the character it refuses by its code point', () => {
    expect(purposeProblem('gửi giấy \uE000 mời')).toBe('must be printable text on one line (contains U+E000)');
    expect(purposeProblem('gửi giấy\tmời tập huấn')).toBe('must be printable text on one line (contains U+0009)');
  });

  it.each([
    ['a NUL', 'gửi giấy mời tập huấn\u0000'],
    ['a tab', 'gửi giấy\tmời tập huấn'],
    ['a line break', 'gửi giấy\nmời tập huấn'],
    ['a C1 control', 'gửi giấy\u0085mời tập huấn'],
    ['a private-use character', 'gửi giấy \uE000 mời'],
    ['a lone surrogate', 'gửi giấy \uD800 mời'],
    ['too few characters', 'mời họp'],
    ['too many characters', 'a'.repeat(501)],
    ['no letter', '1234567890 !!'],
    ['not text', 42],
  ])('refuses %s', (_name, value) => {
    expect(purposeProblem(typeof value === 'string' ? clean(value) : value)).not.toBeNull();
  });

  it('removes zero-width and bidi characters before counting', () => {
    expect(purposeProblem(clean('\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200bmời'))).not.toBeNull();
  });
});
