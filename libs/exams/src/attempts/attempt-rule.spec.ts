import { countedAttempt, ruleAllowsAnother } from './attempt-rule';

const a = (
  attemptNo: number,
  percent: number | null,
  status: 'in_progress' | 'submitted' | 'expired' = 'submitted',
) => ({
  attemptNo,
  percent,
  status,
  passed: percent === null ? null : percent >= 70,
});

describe('countedAttempt', () => {
  const attempts = [a(1, 40), a(2, 90, 'expired'), a(3, 90), a(4, 60), a(5, null, 'in_progress')];

  it("'best' counts the highest percentage, the earliest of equals", () => {
    expect(countedAttempt('best', attempts)?.attemptNo).toBe(2);
    expect(countedAttempt('best', [a(2, 50), a(1, 50)])?.attemptNo).toBe(1);
  });

  it("'last' counts the latest graded attempt, whatever its order in the list", () => {
    expect(countedAttempt('last', attempts)?.attemptNo).toBe(4);
    expect(countedAttempt('last', [a(3, 10), a(1, 100)])?.attemptNo).toBe(3);
  });

  it('counts nothing before an attempt is graded', () => {
    expect(countedAttempt('best', [a(1, null, 'in_progress')])).toBeNull();
    expect(countedAttempt('last', [])).toBeNull();
  });
});

describe('ruleAllowsAnother', () => {
  it("refuses another attempt only at a passed final exam under 'last'", () => {
    expect(ruleAllowsAnother('last', 'final', { passed: true })).toBe(false);
    expect(ruleAllowsAnother('last', 'final', { passed: false })).toBe(true);
    expect(ruleAllowsAnother('last', 'final', null)).toBe(true);
    expect(ruleAllowsAnother('best', 'final', { passed: true })).toBe(true);
    expect(ruleAllowsAnother('last', 'practice', { passed: true })).toBe(true);
  });
});
