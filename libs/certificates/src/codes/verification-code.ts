import { randomBytes } from 'node:crypto';

/**
 * Verification codes: 27 random characters of Crockford's base32 (135 bits: not guessable) and a check character
 * (Luhn mod 32: catches every single mistyped character and every swap of two neighbours but 0↔Z), printed in seven
 * groups of four (`7KQ2-M9XA-…`). Crockford's alphabet has no I, L, O or U, so a code read aloud or typed from
 * paper is unambiguous; typing O for 0 or I/L for 1, lower case, spaces or no dashes is accepted.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_LENGTH = 27;
export const CODE_LENGTH = RANDOM_LENGTH + 1;
const N = CODE_ALPHABET.length;

function valueOf(ch: string): number {
  return CODE_ALPHABET.indexOf(ch);
}

/** Luhn mod N over the characters, the rightmost one doubled first (the check character is appended after). */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const addend = factor * valueOf(body[i]);
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / N) + (addend % N);
  }
  return CODE_ALPHABET[(N - (sum % N)) % N];
}

/** A new code, stored form (28 characters, no dashes). */
export function newVerificationCode(): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let body = '';
  for (const b of bytes) body += CODE_ALPHABET[b & 31];
  return body + checkCharacter(body);
}

/** The printed form: groups of four joined by dashes. */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

export type ParsedCode = { ok: true; code: string } | { ok: false; problem: 'malformed' | 'mistyped' };

/**
 * Reads a code as a person typed it: case, dashes, spaces and the look-alikes O/I/L do not matter. `malformed`
 * when it cannot be a code (length, characters); `mistyped` when its check character does not match.
 */
export function parseVerificationCode(input: string): ParsedCode {
  const code = input
    .normalize('NFC')
    .toUpperCase()
    .replace(/[\s\-‐-―_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((ch) => valueOf(ch) < 0)) {
    return { ok: false, problem: 'malformed' };
  }
  const body = code.slice(0, RANDOM_LENGTH);
  if (checkCharacter(body) !== code[RANDOM_LENGTH]) return { ok: false, problem: 'mistyped' };
  return { ok: true, code };
}
