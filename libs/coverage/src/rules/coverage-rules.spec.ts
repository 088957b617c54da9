import { coverageGap, coveragePercent, coverageStatus, expectedPercent, PROGRAMME_START } from './coverage-rules';

describe(coveragePercent.name, () => {
  it('is null when nobody is counted', () => expect(coveragePercent(0, 0)).toBeNull());
  it('never rounds up to 100%', () => expect(coveragePercent(2499, 2500)).toBe(99.9));
  it.each([
    [0, 4, 0],
    [1, 3, 33.3],
    [2, 3, 66.6],
    [4, 4, 100],
  ])('%i of %i → %p', (trained, headcount, expected) => expect(coveragePercent(trained, headcount)).toBe(expected));
});

describe(coverageGap.name, () => {
  it.each([
    [100, 10, 3, 7],
    [70, 10, 3, 4],
    [70, 3, 0, 3], // ⌈2.1⌉
    [70, 10, 9, 0],
    [100, 0, 0, 0],
  ])('%p%% of %i with %i trained → %i', (target, headcount, trained, gap) =>
    expect(coverageGap(target, headcount, trained)).toBe(gap),
  );
});

describe(coverageStatus.name, () => {
  const target = { targetPercent: 100, deadline: '2028-12-31', milestones: {} };
  it('is met when the gap is 0, and null with no headcount', () => {
    expect(coverageStatus({ ...target, trained: 5, headcount: 5, on: '2024-01-01' })).toBe('met');
    expect(coverageStatus({ ...target, trained: 0, headcount: 0, on: '2024-01-01' })).toBeNull();
  });
  it('follows a straight line to the deadline without a milestone', () => {
    const on = '2026-01-01'; // 1096 of 2191 days: about 50%
    expect(expectedPercent({ ...target, on })).toBeCloseTo(50.02, 1);
    expect(coverageStatus({ ...target, trained: 51, headcount: 100, on })).toBe('on_track');
    expect(coverageStatus({ ...target, trained: 49, headcount: 100, on })).toBe('behind');
  });
  it("uses the year's milestone when one is set", () => {
    const withMilestone = { ...target, milestones: { '2026': 30 } };
    expect(coverageStatus({ ...withMilestone, trained: 31, headcount: 100, on: '2026-01-01' })).toBe('on_track');
    expect(coverageStatus({ ...withMilestone, trained: 29, headcount: 100, on: '2026-06-01' })).toBe('behind');
  });
  it('expects the target itself once the deadline has passed, not more', () => {
    expect(expectedPercent({ ...target, targetPercent: 70, on: '2030-06-01' })).toBe(70);
    expect(coverageStatus({ ...target, targetPercent: 70, trained: 69, headcount: 100, on: '2030-06-01' })).toBe(
      'behind',
    );
  });
  it('expects the target when the deadline is not after the programme start', () => {
    const early = { ...target, targetPercent: 70, on: '2022-06-01' };
    expect(expectedPercent({ ...early, deadline: PROGRAMME_START })).toBe(70);
    expect(expectedPercent({ ...early, deadline: '2022-12-01' })).toBe(70);
  });
  it('is on track exactly at the expected coverage', () => {
    const withMilestone = { ...target, milestones: { '2026': 30 } };
    expect(coverageStatus({ ...withMilestone, trained: 30, headcount: 100, on: '2026-06-01' })).toBe('on_track');
  });
});
