import { QuestionContent } from './question-model';

/** One thing wrong with a question's content, named by field (as the API's 400 details are). */
export interface QuestionProblem {
  field: string;
  reason: string;
}

export const MAX_OPTIONS = 20;
export const MAX_ACCEPTED_ANSWERS = 20;
/** Moodle writes thirds as 0.33333: positive fractions that add up to 1 within this count as 1. */
const FRACTION_SLACK = 0.001;

const near = (a: number, b: number): boolean => Math.abs(a - b) <= FRACTION_SLACK;

/**
 * The rules a question must keep to be stored (from the API or an import):
 * single choice: 2–20 options, one with full credit (fraction 1); multiple choice: 2–20 options whose positive
 * fractions add up to 1; true/false: options "true" and "false", one worth 1 and the other 0; short answer: no
 * options, 1–20 accepted answers (fractions 0–1), one worth 1. Option keys are unique; fractions lie in -1..1.
 */
export function checkQuestionContent(q: QuestionContent): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const add = (field: string, reason: string): void => void problems.push({ field, reason });
  if (q.stem.trim() === '') add('stem', 'must not be empty');
  if (q.type === 'short_answer') {
    if (q.options.length > 0) add('options', 'a short-answer question has no options');
    const accepted = q.shortAnswer?.accepted ?? [];
    if (accepted.length === 0 || accepted.length > MAX_ACCEPTED_ANSWERS) {
      add('shortAnswer.accepted', `1 to ${MAX_ACCEPTED_ANSWERS} accepted answers`);
    } else {
      if (accepted.some((a) => a.text.trim() === '')) add('shortAnswer.accepted', 'an accepted answer is empty');
      if (accepted.some((a) => a.fraction < 0 || a.fraction > 1)) add('shortAnswer.accepted', 'fractions are 0 to 1');
      if (!accepted.some((a) => near(a.fraction, 1))) add('shortAnswer.accepted', 'no answer gives full credit');
    }
    return problems;
  }
  if (q.shortAnswer) add('shortAnswer', 'only short-answer questions have accepted answers');
  const keys = q.options.map((o) => o.key);
  if (new Set(keys).size !== keys.length) add('options', 'option keys must be unique');
  if (q.options.some((o) => o.text.trim() === '')) add('options', 'an option has no text');
  if (q.options.some((o) => o.fraction < -1 || o.fraction > 1)) add('options', 'fractions are -1 to 1');
  if (q.type === 'true_false') {
    const sorted = [...keys].sort().join();
    const fractions = q.options.map((o) => o.fraction).sort((a, b) => a - b);
    if (sorted !== 'false,true' || !(fractions[0] === 0 && fractions[1] === 1)) {
      add('options', 'true/false has the options "true" and "false", one worth 1 and the other 0');
    }
    return problems;
  }
  if (q.options.length < 2 || q.options.length > MAX_OPTIONS) add('options', `2 to ${MAX_OPTIONS} options`);
  if (q.type === 'single_choice' && !q.options.some((o) => near(o.fraction, 1))) {
    add('options', 'no option gives full credit (fraction 1)');
  }
  if (q.type === 'multiple_choice') {
    const positive = q.options.filter((o) => o.fraction > 0).reduce((sum, o) => sum + o.fraction, 0);
    if (!near(positive, 1)) add('options', `the positive fractions add up to ${positive}, not 1`);
  }
  return problems;
}
