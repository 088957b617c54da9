import { ValidationError } from '@app/common';

const MAX_KEY_LENGTH = 512;
const SAFE_KEY = /^[A-Za-z0-9._\-/]+$/;

/**
 * Checks that a storage key is a plain relative path (segments of letters, digits, `.`, `_`, `-`)
 * that cannot leave the storage root: no `..`/`.` segments, no absolute path, no backslash, no NUL,
 * no empty segment. Throws a ValidationError naming the field; returns the key unchanged.
 */
export function assertValidKey(key: unknown, field = 'key'): string {
  const fail = (reason: string): never => {
    throw new ValidationError(`Invalid storage key: ${reason}`, [{ field, reason }]);
  };
  if (typeof key !== 'string' || key.length === 0) return fail('must be a non-empty string');
  if (key.length > MAX_KEY_LENGTH) return fail(`must be at most ${MAX_KEY_LENGTH} characters`);
  if (key.includes('\0')) return fail('must not contain NUL');
  if (key.includes('\\')) return fail('must not contain a backslash');
  if (key.startsWith('/')) return fail('must be a relative path');
  if (!SAFE_KEY.test(key)) return fail('may only contain letters, digits, ".", "_", "-" and "/"');
  for (const segment of key.split('/')) {
    if (segment === '') return fail('must not contain an empty path segment');
    if (segment === '.' || segment === '..') return fail('must not contain "." or ".." segments');
  }
  return key;
}
