import type { QuestionContent } from '../questions/question-model';
import { normaliseShortAnswer } from '../questions/question-rules';

/** What a learner saved for one question: the chosen option keys, or the typed text. */
export type AnswerResponse = { selected: string[] } | { text: string };

/** The part of a question version the grader reads. */
export type GradedQuestion = Pick<QuestionContent, 'type' | 'options' | 'shortAnswer'>;

/** Scores are kept to 3 decimals (exam_attempt_question.score numeric(6,3)): 3 × 0.33333 counts as 1. */
const milli = (x: number): number => Math.round(x * 1000);
const clampScore = (x: number): number => Math.min(1, Math.max(0, milli(x) / 1000));

/** Moodle's short-answer wildcard: `*` matches any run of characters; everything else is literal. */
function matches(given: string, accepted: string): boolean {
  if (!accepted.includes('*')) return given === accepted;
  const pattern = accepted
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 'u').test(given);
}

/**
 * The credit (0–1) for one question. Choice questions: the sum of the chosen options' fractions (Moodle's rule),
 * floored at 0 and capped at 1; an unknown key or a second choice on a single-answer question earns 0.
 * Short answer: the best fraction among the accepted answers that match after normalising. No answer: 0.
 */
export function gradeQuestion(q: GradedQuestion, response: AnswerResponse | null): number {
  if (!response) return 0;
  if (q.type === 'short_answer') {
    if (!('text' in response) || !q.shortAnswer) return 0;
    const rule = q.shortAnswer;
    const given = normaliseShortAnswer(response.text, rule.ignoreDiacritics);
    if (given === '') return 0;
    const best = rule.accepted
      .filter((a) => matches(given, normaliseShortAnswer(a.text, rule.ignoreDiacritics)))
      .reduce((max, a) => Math.max(max, a.fraction), 0);
    return clampScore(best);
  }
  if (!('selected' in response)) return 0;
  const chosen = [...new Set(response.selected)];
  if (q.type !== 'multiple_choice' && chosen.length > 1) return 0;
  const byKey = new Map(q.options.map((o) => [o.key, o.fraction]));
  if (chosen.some((key) => !byKey.has(key))) return 0;
  return clampScore(chosen.reduce((sum, key) => sum + byKey.get(key)!, 0));
}

export interface PaperResult {
  /** Per question, in paper order (0–1, 3 decimals). */
  scores: number[];
  score: number;
  maxScore: number;
  /** 0–100, floored to 2 decimals: 69.999% never shows (or passes) as 70%. */
  percent: number;
  passed: boolean;
}

/** Grades a paper: every question is worth 1 mark; passed when percent ≥ passPercent. */
export function gradePaper(
  items: Array<{ question: GradedQuestion; response: AnswerResponse | null }>,
  passPercent: number,
): PaperResult {
  const scores = items.map((i) => gradeQuestion(i.question, i.response));
  const scoreMilli = scores.reduce((sum, s) => sum + milli(s), 0);
  const maxMilli = items.length * 1000;
  // Integer arithmetic: percent in hundredths, floored.
  const percent = maxMilli === 0 ? 0 : Math.floor((scoreMilli * 10_000) / maxMilli) / 100;
  return { scores, score: scoreMilli / 1000, maxScore: maxMilli / 1000, percent, passed: percent >= passPercent };
}
