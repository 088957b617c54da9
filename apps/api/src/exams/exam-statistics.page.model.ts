import type { QuestionStatsResponse } from '@app/exams';
import type { Lang } from '../web/i18n';
import { when } from './exam-times';

const pct = (n: number): string => `${Math.round(n * 1000) / 10}%`;

/** Below this discrimination a question separates stronger from weaker participants badly (Moodle's guidance). */
const WEAK_DISCRIMINATION = 0.2;

export function statisticsModel(_lang: Lang, s: QuestionStatsResponse): Record<string, unknown> {
  return {
    title: s.title,
    examId: s.examId,
    examHref: `/authoring/exams/${s.examId}`,
    action: `/authoring/exams/${s.examId}/statistics`,
    computedAt: when(s.computedAt),
    gradedAttempts: s.gradedAttempts,
    stale: s.computedAt !== null && s.questions.length > 0 && s.gradedAttempts !== s.questions[0].attempts,
    questions: s.questions.map((q) => ({
      ...q,
      facility: pct(q.facility),
      discrimination: q.discrimination === null ? '—' : q.discrimination.toFixed(2),
      weak: q.discrimination !== null && q.discrimination < WEAK_DISCRIMINATION,
      href: `/authoring/questions/${q.questionId}`,
      options: q.options.map((o) => ({ ...o, share: q.attempts ? pct(o.chosen / q.attempts) : '—' })),
    })),
  };
}
