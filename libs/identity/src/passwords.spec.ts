import { hashPassword, passwordProblem, verifyPassword } from './passwords';

describe(passwordProblem.name, () => {
  it('refuses fewer than 12 characters, counting code points', () => {
    expect(passwordProblem('short-pass1')).toMatch(/at least 12/);
    expect(passwordProblem('mật-khẩu-dài')).toBeNull();
  });
  it('refuses more than 256 characters', () => expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/));
});

describe(hashPassword.name, () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(h, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(h, 'wrong horse battery')).resolves.toBe(false);
    await expect(verifyPassword('not-a-hash', 'x')).resolves.toBe(false);
  });
});
