/**
 * One rule for every suite that needs something from the machine (Chromium, Redis): in CI nothing may skip.
 * CI counts as on when the variable is set to anything but '', 'false' or '0' (`CI=true`, `CI=1`, `CI=yes`).
 */
export const IN_CI = ((v: string | undefined): boolean => {
  const value = (v ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
})(process.env.CI);

type Suite = (name: string, fn: () => void) => void;

/**
 * `describe` when `available`; otherwise, on a developer machine, `describe.skip` with `missing` printed, and in CI
 * a suite whose one test fails naming what is missing (`.ci/run` also fails on any skipped test).
 */
export function describeWhen(available: boolean, missing: string): Suite {
  if (available) return describe;
  if (IN_CI) {
    return (name, _fn) =>
      describe(name, () => {
        it(`cannot run in CI: ${missing}`, () => {
          throw new Error(`${missing} (in CI nothing may skip)`);
        });
      });
  }
  process.stderr.write(`skipped (not in CI): ${missing}\n`);
  return describe.skip;
}
