import type { AttemptRule } from '../exams/dto/exam.dto';
import type { AttemptStatus } from './attempt.repository';

/** What the attempt rule needs of an attempt. */
export interface RuledAttempt {
  attemptNo: number;
  status: AttemptStatus;
  percent: number | null;
}

/**
 * The attempt that is a person's result in an exam, by the exam's attempt rule, among their graded attempts:
 * 'best' the highest percentage (the earliest of equals), 'last' the latest. Null before any attempt is graded.
 * Every reader of a result (the learner's pages, the organisers' results) goes through this rule or its SQL twin
 * `COUNTED_ORDER`; course completion follows it because attempts are graded in order (one in progress at a time), so
 * a graded attempt that passes is the counted one under either rule at that moment.
 */
export function countedAttempt<T extends RuledAttempt>(rule: AttemptRule, attempts: T[]): T | null {
  let counted: T | null = null;
  for (const a of attempts) {
    if (a.status === 'in_progress' || a.percent === null) continue;
    if (!counted) counted = a;
    else if (rule === 'last' ? a.attemptNo > counted.attemptNo : better(a, counted)) counted = a;
  }
  return counted;
}

const better = (a: RuledAttempt, b: RuledAttempt): boolean =>
  a.percent! > b.percent! || (a.percent === b.percent && a.attemptNo < b.attemptNo);

/** ORDER BY of a person's graded attempts (alias `b`) that puts the counted one first. */
export const COUNTED_ORDER: Record<AttemptRule, string> = {
  best: 'b.percent DESC, b.attempt_no',
  last: 'b.attempt_no DESC',
};

/**
 * Whether a person may start another attempt as far as the rule goes: under 'last', a passed final exam has
 * completed the course (completion is never taken back), so another attempt, which would replace that result, is
 * refused. Under 'best' a later attempt can only raise the result.
 */
export const ruleAllowsAnother = (rule: AttemptRule, kind: string, counted: { passed: boolean | null } | null) =>
  !(rule === 'last' && kind === 'final' && counted?.passed === true);
