import type { ReviewPolicy } from '../exams/dto/exam.dto';
import type { AttemptRow, PaperItemRow } from './attempt.repository';
import type { AttemptResponse, PaperQuestionResponse, ReviewQuestionResponse } from './dto/attempt.dto';

/**
 * Whether an attempt's review (correct answers, feedback, explanations) may be shown: never while it is in
 * progress; score_only never; with_answers once graded; after_close once the exam has closed (an exam that never
 * closes never shows them).
 */
export function reviewAllowed(
  policy: ReviewPolicy,
  attempt: { status: string },
  closesAt: Date | null,
  now: Date,
): boolean {
  if (attempt.status === 'in_progress') return false;
  switch (policy) {
    case 'score_only':
      return false;
    case 'with_answers':
      return true;
    case 'after_close':
      return closesAt !== null && now >= closesAt;
  }
}

export const remainingSeconds = (deadlineAt: Date, now: Date): number =>
  Math.max(0, Math.ceil((deadlineAt.getTime() - now.getTime()) / 1000));

/** The learner's view of a question: an allow-list of fields, never the answer key. */
export function toPaperQuestion(item: PaperItemRow): PaperQuestionResponse {
  const text = new Map(item.options.map((o) => [o.key, o.text]));
  return {
    questionVersionId: item.questionVersionId,
    position: item.position,
    type: item.type,
    stem: item.stem,
    options: item.optionOrder.map((key) => ({ key, text: text.get(key) ?? '' })),
    answer: item.response ? { ...item.response } : null,
    savedAt: item.savedAt ? item.savedAt.toISOString() : null,
  };
}

function toReviewQuestion(item: PaperItemRow): ReviewQuestionResponse {
  const byKey = new Map(item.options.map((o) => [o.key, o]));
  return {
    questionVersionId: item.questionVersionId,
    score: item.score ?? 0,
    options: item.optionOrder.map((key) => {
      const o = byKey.get(key)!;
      return { key, text: o.text, fraction: o.fraction, feedback: o.feedback ?? null };
    }),
    acceptedAnswers: item.shortAnswer
      ? item.shortAnswer.accepted.map((a) => ({ text: a.text, fraction: a.fraction }))
      : null,
    explanation: item.explanation,
  };
}

/** The attempt as its learner may see it at `now`. */
export function toAttemptResponse(a: AttemptRow, paper: PaperItemRow[], now: Date): AttemptResponse {
  const graded = a.status !== 'in_progress';
  const showReview = reviewAllowed(a.reviewPolicy, a, a.closesAt, now);
  return {
    id: a.id,
    examId: a.examId,
    examTitle: a.examTitle,
    attemptNo: a.attemptNo,
    status: a.status,
    startedAt: a.startedAt.toISOString(),
    deadlineAt: a.deadlineAt.toISOString(),
    remainingSeconds: graded ? 0 : remainingSeconds(a.deadlineAt, now),
    submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
    questions: paper.map(toPaperQuestion),
    result: graded
      ? {
          score: a.score ?? 0,
          maxScore: a.maxScore ?? 0,
          percent: a.percent ?? 0,
          passPercent: a.passPercent,
          passed: a.passed ?? false,
          review: showReview ? paper.map(toReviewQuestion) : null,
          reviewOpensAt:
            !showReview && a.reviewPolicy === 'after_close' && a.closesAt ? a.closesAt.toISOString() : null,
        }
      : null,
  };
}
