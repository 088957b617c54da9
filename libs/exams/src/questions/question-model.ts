/**
 * The question model shared by the bank, the grader and every import/export format (CSV/XLSX, Moodle XML, GIFT).
 * Plain data: what a question version says, independent of how it is stored. A stored question version is this plus
 * ids; an imported question is this plus where it came from in the file.
 */

export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'short_answer'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export interface QuestionOption {
  /** Stable within the question version ("a", "b"… or a short id); what an answer refers to. */
  key: string;
  /** Plain text (NFC, one line or a few); no HTML. */
  text: string;
  /**
   * Credit for choosing this option, as a fraction of the question's mark, between -1 and 1 (Moodle's fractions).
   * single_choice/true_false: exactly one option has 1, the others 0 (or negative). multiple_choice: the positive
   * fractions add up to 1; wrong options have 0 or a negative fraction; the question's score is the sum of the
   * chosen options' fractions, floored at 0 (Moodle's rule).
   */
  fraction: number;
  /** Shown in the review, when the review policy allows. */
  feedback?: string | null;
}

export interface ShortAnswerRule {
  /** Accepted answers; compared after normalising case and spaces (always) and diacritics (when ignoreDiacritics). */
  accepted: Array<{ text: string; fraction: number }>;
  ignoreDiacritics: boolean;
}

export interface QuestionContent {
  type: QuestionType;
  /** A name unique within the bank (Moodle's <name>), used to match on re-import. */
  name: string;
  /** The question text, plain (NFC). */
  stem: string;
  /** single_choice, multiple_choice, true_false (two options: keys "true" and "false"). Empty for short_answer. */
  options: QuestionOption[];
  /** short_answer only. */
  shortAnswer: ShortAnswerRule | null;
  /** Topic tag codes from the course catalogue (libs/learning topic-tags), possibly empty. */
  topics: string[];
  difficulty: Difficulty | null;
  /** General feedback / explanation, shown when the review policy allows. */
  explanation: string | null;
}

/** A question read from a file, or the reason it could not be imported. */
export type ImportedQuestion =
  | { ok: true; line: number | null; question: QuestionContent; category: string | null }
  | { ok: false; line: number | null; name: string | null; code: string; reason: string; reasonVi: string };
