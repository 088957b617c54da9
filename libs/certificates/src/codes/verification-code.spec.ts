import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatVerificationCode,
  newVerificationCode,
  parseVerificationCode,
} from './verification-code';

describe('verification codes', () => {
  it('are 28 characters of the alphabet, all different over many draws, and pass their own check', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newVerificationCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect([...code].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true);
      expect(parseVerificationCode(code)).toEqual({ ok: true, code });
      codes.add(code);
    }
    expect(codes.size).toBe(2000);
  });

  it('use every character of the alphabet in the random part (no bias to a subset)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const ch of newVerificationCode().slice(0, -1)) seen.add(ch);
    expect(seen.size).toBe(32);
  });

  it('are printed in groups of four and read back with dashes, spaces, lower case and look-alikes', () => {
    const code = newVerificationCode();
    const printed = formatVerificationCode(code);
    expect(printed).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(parseVerificationCode(printed)).toEqual({ ok: true, code });
    expect(parseVerificationCode(` ${printed.toLowerCase().replace(/-/g, ' ')} `)).toEqual({ ok: true, code });
    const withZeros = code.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(parseVerificationCode(withZeros)).toEqual({ ok: true, code });
  });

  it('catch every single mistyped character and every swap of two different neighbours', () => {
    for (let n = 0; n < 20; n++) {
      const code = newVerificationCode();
      for (let i = 0; i < code.length; i++) {
        for (const ch of CODE_ALPHABET) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          expect(parseVerificationCode(typo)).toEqual({ ok: false, problem: 'mistyped' });
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          const parsed = parseVerificationCode(swapped);
          // Luhn mod N misses one swap only: of the alphabet's first and last characters (0 and Z).
          if (parsed.ok) expect(Math.abs(CODE_ALPHABET.indexOf(code[i]) - CODE_ALPHABET.indexOf(code[i + 1]))).toBe(31);
        }
      }
    }
  });

  it('say malformed for what cannot be a code', () => {
    expect(parseVerificationCode('')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseVerificationCode('ABC')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseVerificationCode(newVerificationCode() + 'A')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseVerificationCode('U'.repeat(28))).toEqual({ ok: false, problem: 'malformed' });
    expect(parseVerificationCode('<script>alert(1)</script>xxxx')).toEqual({ ok: false, problem: 'malformed' });
  });
});
