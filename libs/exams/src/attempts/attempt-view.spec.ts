import type { AttemptRow, PaperItemRow } from './attempt.repository';
import { remainingSeconds, reviewAllowed, toAttemptResponse } from './attempt-view';

const now = new Date('2026-03-01T08:00:00Z');
const item: PaperItemRow = {
  questionVersionId: 'v1',
  position: 1,
  optionOrder: ['b', 'a'],
  score: 1,
  type: 'single_choice',
  stem: 'Câu hỏi',
  options: [
    { key: 'a', text: 'Sai', fraction: 0, feedback: 'Chưa đúng' },
    { key: 'b', text: 'Đúng', fraction: 1, feedback: null },
  ],
  shortAnswer: null,
  explanation: 'Giải thích',
  response: { selected: ['b'] },
  savedAt: now,
};
const attempt = (o: Partial<AttemptRow> = {}): AttemptRow => ({
  id: 'a1',
  examId: 'e1',
  personId: 'p1',
  enrolmentId: null,
  attemptNo: 1,
  startedAt: new Date(now.getTime() - 60_000),
  deadlineAt: new Date(now.getTime() + 90_500),
  status: 'in_progress',
  passPercent: 70,
  score: null,
  maxScore: null,
  percent: null,
  passed: null,
  submittedAt: null,
  examTitle: 'Kiểm tra',
  examKind: 'final',
  reviewPolicy: 'with_answers',
  closesAt: null,
  ...o,
});

describe(reviewAllowed.name, () => {
  it.each([
    ['score_only', 'submitted', null, false],
    ['with_answers', 'in_progress', null, false],
    ['with_answers', 'expired', null, true],
    ['after_close', 'submitted', null, false],
    ['after_close', 'submitted', new Date(now.getTime() + 1), false],
    ['after_close', 'submitted', now, true],
    ['after_close', 'in_progress', now, false],
  ] as const)('%s, %s, closes %p → %p', (policy, status, closesAt, expected) => {
    expect(reviewAllowed(policy, { status }, closesAt, now)).toBe(expected);
  });
});

describe(toAttemptResponse.name, () => {
  it('shows the paper in the drawn option order with no answer-key field while in progress', () => {
    const res = toAttemptResponse(attempt(), [item], now);
    expect(res.questions).toEqual([
      {
        questionVersionId: 'v1',
        position: 1,
        type: 'single_choice',
        stem: 'Câu hỏi',
        options: [
          { key: 'b', text: 'Đúng' },
          { key: 'a', text: 'Sai' },
        ],
        answer: { selected: ['b'] },
        savedAt: now.toISOString(),
      },
    ]);
    expect(res.result).toBeNull();
    expect(res.remainingSeconds).toBe(91);
    expect(JSON.stringify(res)).not.toMatch(/fraction|feedback|explanation|Giải thích|Chưa đúng|accepted/);
  });

  it('adds the review only when the policy allows it', () => {
    const graded = {
      status: 'submitted' as const,
      score: 1,
      maxScore: 1,
      percent: 100,
      passed: true,
      submittedAt: now,
    };
    const hidden = toAttemptResponse(attempt({ ...graded, reviewPolicy: 'score_only' }), [item], now);
    expect(hidden.result).toMatchObject({ percent: 100, passed: true, review: null, reviewOpensAt: null });
    expect(JSON.stringify(hidden)).not.toMatch(/fraction|feedback|explanation/);
    const later = new Date(now.getTime() + 3_600_000);
    const closed = toAttemptResponse(attempt({ ...graded, reviewPolicy: 'after_close', closesAt: later }), [item], now);
    expect(closed.result?.reviewOpensAt).toBe(later.toISOString());
    const shown = toAttemptResponse(attempt(graded), [item], now);
    expect(shown.result?.review).toEqual([
      {
        questionVersionId: 'v1',
        score: 1,
        options: [
          { key: 'b', text: 'Đúng', fraction: 1, feedback: null },
          { key: 'a', text: 'Sai', fraction: 0, feedback: 'Chưa đúng' },
        ],
        acceptedAnswers: null,
        explanation: 'Giải thích',
      },
    ]);
  });

  it('counts remaining seconds from the server clock, never below 0', () => {
    expect(remainingSeconds(new Date(now.getTime() - 5_000), now)).toBe(0);
    expect(remainingSeconds(new Date(now.getTime() + 1), now)).toBe(1);
  });
});
