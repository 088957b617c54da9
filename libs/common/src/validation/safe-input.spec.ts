import { findUnsafeInput, jsonDepthExceeds, MAX_INPUT_DEPTH } from './safe-input';

const nest = (levels: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe(findUnsafeInput.name, () => {
  it('passes clean input, tabs and line breaks included', () => {
    expect(findUnsafeInput({ name: 'Nguyễn Văn A', notes: 'một\ndòng\tkhác\r\n', list: [1, 'b', null] })).toBeNull();
  });

  it.each([
    ['\u0000', 'U+0000'],
    ['\u0007', 'U+0007'],
    ['\u001b', 'U+001B'],
    ['\u007f', 'U+007F'],
    ['\u0085', 'U+0085'],
  ])('names the field holding %j', (c, code) => {
    expect(findUnsafeInput({ grants: [{ unitId: `abc${c}` }] })).toEqual({
      field: 'grants.0.unitId',
      reason: `contains a control character (${code})`,
    });
  });

  it('prefixes the parameter name and checks keys', () => {
    expect(findUnsafeInput('a\u0000', 'q')).toEqual({ field: 'q', reason: 'contains a control character (U+0000)' });
    expect(findUnsafeInput({ ['k\u0000']: 1 })?.reason).toMatch(/key contains a control character/);
  });

  it('refuses nesting past the limit without recursion', () => {
    expect(findUnsafeInput(nest(MAX_INPUT_DEPTH))).toBeNull();
    expect(findUnsafeInput(nest(MAX_INPUT_DEPTH + 1))?.reason).toBe(`nested deeper than ${MAX_INPUT_DEPTH} levels`);
    expect(findUnsafeInput(nest(100_000))?.reason).toMatch(/nested deeper/);
  });
});

describe(jsonDepthExceeds.name, () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":"[[[[{{{{"}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"\\"[[[[[["}', 1)).toBe(false);
  });

  it('finds a 5,000-level document', () => {
    expect(jsonDepthExceeds('['.repeat(5000) + ']'.repeat(5000))).toBe(true);
    expect(jsonDepthExceeds('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH))).toBe(false);
  });
});
