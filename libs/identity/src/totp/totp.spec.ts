import { base32Decode, base32Encode, hotp, otpauthUri, totpCode, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (8 digits there; the last 6 here).
const SEED = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 17, 99]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(SEED).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 vector at %i s', (seconds, code) => {
    expect(totpCode(SEED, new Date(seconds * 1000))).toBe(code);
  });

  it('matches RFC 4226 HOTP vectors', () => {
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224');
    expect(hotp(Buffer.from('12345678901234567890'), 9)).toBe('520489');
  });

  it('accepts one step of drift either side, refuses more and refuses replays', () => {
    const at = new Date(1_700_000_000_000);
    const prev = totpCode(SEED, new Date(at.getTime() - 30_000));
    const next = totpCode(SEED, new Date(at.getTime() + 30_000));
    const far = totpCode(SEED, new Date(at.getTime() + 90_000));
    expect(verifyTotp(SEED, prev, at)).not.toBeNull();
    expect(verifyTotp(SEED, next, at)).not.toBeNull();
    expect(verifyTotp(SEED, far, at)).toBeNull();
    const step = verifyTotp(SEED, totpCode(SEED, at), at);
    expect(verifyTotp(SEED, totpCode(SEED, at), at, step)).toBeNull();
    expect(verifyTotp(SEED, 'abcdef', at)).toBeNull();
  });

  it('builds an otpauth URI', () => {
    expect(otpauthUri(SEED, 'admin')).toBe(
      `otpauth://totp/Moc%3Aadmin?secret=${SEED}&issuer=Moc&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
