import { ValidationError } from '@app/common';
import { assertValidKey } from './storage-key';

describe(assertValidKey.name, () => {
  it.each(['a', 'lessons/9f1c2b8e-1d2a-4c7e-9a55-0d1b2c3d4e5f/video.mp4', 'a/b/c.d_e-f', '.hidden/x', 'a..b'])(
    'accepts %j',
    (key) => {
      expect(assertValidKey(key)).toBe(key);
    },
  );

  it.each([
    ['empty', ''],
    ['parent segment', '../etc/passwd'],
    ['parent in the middle', 'a/../../b'],
    ['parent at the end', 'a/..'],
    ['current segment', 'a/./b'],
    ['absolute', '/etc/passwd'],
    ['backslash', 'a\\..\\b'],
    ['NUL', 'a\0b'],
    ['empty segment', 'a//b'],
    ['trailing slash', 'a/'],
    ['drive letter', 'C:/x'],
    ['percent-encoded', '%2e%2e/x'],
    ['too long', 'a'.repeat(513)],
  ])('refuses %s', (_label, key) => {
    expect(() => assertValidKey(key)).toThrow(ValidationError);
  });

  it('refuses non-strings and names the field', () => {
    expect(() => assertValidKey(42)).toThrow(ValidationError);
    try {
      assertValidKey('../x', 'fileKey');
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).details).toEqual([{ field: 'fileKey', reason: expect.any(String) as string }]);
    }
  });
});
