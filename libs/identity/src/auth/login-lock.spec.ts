import { LOCK_WINDOW_MS, lockedUntil, retryAfterSeconds } from './login-lock';

describe(lockedUntil.name, () => {
  const at = (minutesAgo: number): Date => new Date(Date.UTC(2026, 0, 1, 12, 0) - minutesAgo * 60_000);

  it('is not locked below the limit', () => {
    expect(lockedUntil([at(1), at(2)], 3)).toBeNull();
  });

  it('opens when the max-th newest failure leaves the window', () => {
    const failures = [at(1), at(2), at(3), at(14)];
    expect(lockedUntil(failures, 3)).toEqual(new Date(at(3).getTime() + LOCK_WINDOW_MS));
  });
});

describe(retryAfterSeconds.name, () => {
  const now = new Date(Date.UTC(2026, 0, 1));
  it.each([
    [1, 1],
    [1500, 2],
    [900_000, 900],
    [-5, 1],
  ])('%i ms ahead → %i s', (ms, seconds) => {
    expect(retryAfterSeconds(new Date(now.getTime() + ms), now)).toBe(seconds);
  });
});
