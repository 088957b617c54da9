import { hash, type Options, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { ValidationError } from '@app/common';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// Argon2id (the `Algorithm` const enum cannot be imported under isolated modules), OWASP's 19 MiB / t=2.
const ARGON2: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Why a password is refused, or null when it meets the policy (12–256 characters). */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  return null;
}

/** Throws a ValidationError naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError(`${field}: ${problem}`, [{ field, reason: problem }]);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A random password for the first admin and for `admin:create` without --password (20 characters). */
export const generatePassword = (): string => randomBytes(15).toString('base64url');

let dummyHash: Promise<string> | null = null;
/** Verifies against a throw-away hash so an unknown login takes as long as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(generatePassword());
  await verifyPassword(await dummyHash, password);
}
