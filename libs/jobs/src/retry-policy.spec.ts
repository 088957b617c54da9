import { clampProgress, errorMessage, MAX_ERROR_LENGTH, retryDelayMs, shouldRetry } from './retry-policy';

describe(retryDelayMs.name, () => {
  it.each([
    [1, 1000, 1000],
    [2, 1000, 3000],
    [3, 1000, 7000],
    [4, 50, 750],
  ])('after %i failed attempt(s) with base %i ms waits %i ms', (attempts, base, expected) => {
    expect(retryDelayMs(attempts, base)).toBe(expected);
  });

  it('matches Bull’s built-in exponential backoff', () => {
    // bull/lib/backoffs.js: Math.round((Math.pow(2, attemptsMade) - 1) * delay)
    const bull = (attemptsMade: number, delay: number): number => Math.round((Math.pow(2, attemptsMade) - 1) * delay);
    for (let n = 1; n <= 10; n++) expect(retryDelayMs(n, 123)).toBe(bull(n, 123));
  });

  it('never waits before the first attempt or with no base delay', () => {
    expect(retryDelayMs(0, 1000)).toBe(0);
    expect(retryDelayMs(3, 0)).toBe(0);
  });
});

describe(shouldRetry.name, () => {
  it('retries until the attempts are used up', () => {
    expect(shouldRetry(1, 3)).toBe(true);
    expect(shouldRetry(2, 3)).toBe(true);
    expect(shouldRetry(3, 3)).toBe(false);
    expect(shouldRetry(1, 1)).toBe(false);
  });
});

describe(clampProgress.name, () => {
  it.each([
    [-5, 0],
    [0, 0],
    [42.4, 42],
    [99.6, 100],
    [250, 100],
    [Number.NaN, 0],
  ])('%p → %p', (input, expected) => expect(clampProgress(input)).toBe(expected));
});

describe(errorMessage.name, () => {
  it('keeps the message and drops the stack', () => {
    const e = new Error('boom');
    expect(errorMessage(e)).toBe('boom');
    expect(errorMessage(e)).not.toContain('at ');
  });

  it('describes non-Error throws', () => {
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ code: 1 })).toBe('{"code":1}');
    expect(errorMessage(new Error(''))).toBe('Error');
  });

  it('bounds very long messages', () => {
    expect(errorMessage(new Error('x'.repeat(10_000)))).toHaveLength(MAX_ERROR_LENGTH);
  });
});
