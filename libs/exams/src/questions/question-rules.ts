import { TOPIC_TAG_CODES } from '@app/learning';
import { searchKey } from '@app/common';
import { DIFFICULTIES, QuestionContent } from './question-model';

/**
 * THE rules of a valid question: the one module the bank API (QuestionsService, and the DTO's limits), every importer
 * (Moodle XML, GIFT, CSV/XLSX through QuestionCollector) and the grader (normaliseShortAnswer) use.
 *
 * - single choice and true/false: exactly one option with fraction 1, every other option 0 or a penalty (< 0);
 *   partial credit needs a multiple-choice question;
 * - multiple choice: the positive fractions add up to 1 (within 1e-4: Moodle writes thirds as 33.33333%); wrong
 *   options 0 or a penalty; the question's score is the sum of the chosen fractions, floored at 0;
 * - true/false: the options "true" and "false";
 * - short answer: no options; 1–20 accepted answers, each worth more than 0 and at most 1, one worth 1; no two the
 *   same once normalised as the grader normalises them (case, spaces; diacritics when ignoreDiacritics);
 * - 2–20 options with distinct keys and distinct texts (ignoring case); fractions in -1..1;
 * - lengths (QUESTION_LIMITS) and topics from the catalogue.
 */

export const MAX_OPTIONS = 20;
export const MAX_ACCEPTED_ANSWERS = 20;

/** Bounds of a question, and of an import file. */
export const QUESTION_LIMITS = {
  /** Questions (not counting Moodle category entries or GIFT $CATEGORY lines) in one file. */
  questionsPerFile: 5000,
  name: 255, // Moodle's limit
  stem: 10_000,
  optionText: 2000,
  feedback: 5000,
  explanation: 10_000,
  minOptions: 2,
  maxOptions: MAX_OPTIONS,
  acceptedAnswers: MAX_ACCEPTED_ANSWERS,
  acceptedAnswerText: 255,
  topics: 20,
} as const;

/** Sum of the positive fractions of a multiple-choice question: 1 within this (3 × 33.33333% = 99.99999%). */
const SUM_TOLERANCE = 1e-4;

export interface QuestionRuleOptions {
  /** Topic codes a question may carry; default: the course catalogue (TOPIC_TAG_CODES of @app/learning). */
  topicCodes?: readonly string[];
}

/** Why a question is not valid: the field (as the API's 400 details name it), a code, English and Vietnamese. */
export interface QuestionProblem {
  field: string;
  code: string;
  reason: string;
  reasonVi: string;
}

const fail = (field: string, code: string, reason: string, reasonVi: string): QuestionProblem => ({
  field,
  code,
  reason,
  reasonVi,
});

/** Case, spaces (runs of any width as one, trimmed), NFC; diacritics (and đ) too when `ignoreDiacritics`. */
export function normaliseShortAnswer(text: string, ignoreDiacritics: boolean): string {
  const spaced = text.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');
  return ignoreDiacritics ? searchKey(spaced) : spaced;
}

const isOne = (fraction: number): boolean => Math.abs(fraction - 1) < 1e-9;
const pct = (fraction: number): string => `${Math.round(fraction * 1e5) / 1e3}%`;

/**
 * The first rule the question breaks, or null when it is valid. Texts are expected already normalised (the DTO's
 * transforms, or the importers' questionText / oneLine).
 */
export function checkQuestion(q: QuestionContent, options: QuestionRuleOptions = {}): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  if (q.name.trim() === '') return fail('name', 'required', 'the question has no name', 'câu hỏi chưa có tên');
  if (q.name.length > L.name) return tooLong('name', 'name', 'tên câu hỏi', L.name);
  if (q.stem.trim() === '') return fail('stem', 'required', 'the question text is empty', 'nội dung câu hỏi trống');
  if (q.stem.length > L.stem) return tooLong('stem', 'question text', 'nội dung câu hỏi', L.stem);
  if (q.explanation !== null && q.explanation.length > L.explanation) {
    return tooLong('explanation', 'explanation', 'giải thích', L.explanation);
  }
  if (q.difficulty !== null && !DIFFICULTIES.includes(q.difficulty)) {
    return fail(
      'difficulty',
      'bad_difficulty',
      `unknown difficulty ${q.difficulty}`,
      `độ khó không hợp lệ: ${q.difficulty}`,
    );
  }
  const topicProblem = checkTopics(q.topics, options.topicCodes ?? TOPIC_TAG_CODES);
  if (topicProblem) return topicProblem;
  if (q.type === 'short_answer') return checkShortAnswer(q);
  if (q.shortAnswer !== null) {
    return fail(
      'shortAnswer',
      'bad_question',
      'only short answers have accepted answers',
      'chỉ câu trả lời ngắn mới có đáp án gõ',
    );
  }
  return checkOptions(q);
}

function checkTopics(topics: readonly string[], known: readonly string[]): QuestionProblem | null {
  if (topics.length > QUESTION_LIMITS.topics) {
    return fail('topics', 'too_many_topics', `more than ${QUESTION_LIMITS.topics} topics`, 'quá nhiều chủ đề');
  }
  const unknown = topics.filter((t) => !known.includes(t));
  if (unknown.length === 0) return null;
  const list = unknown.map((t) => `"${t}"`).join(', ');
  return fail('topics', 'unknown_topic', `unknown topic ${list}`, `chủ đề không có trong danh mục: ${list}`);
}

function checkOptions(q: QuestionContent): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  const { options } = q;
  if (q.type === 'true_false') {
    const keys = options
      .map((o) => o.key)
      .sort()
      .join(',');
    if (keys !== 'false,true') {
      return fail(
        'options',
        'bad_question',
        'a true/false question has the options true and false',
        'câu Đúng/Sai phải có hai phương án Đúng và Sai',
      );
    }
  } else if (options.length < L.minOptions) {
    return fail(
      'options',
      'too_few_options',
      `needs at least ${L.minOptions} options`,
      `cần ít nhất ${L.minOptions} phương án`,
    );
  } else if (options.length > L.maxOptions) {
    return fail(
      'options',
      'too_many_options',
      `has more than ${L.maxOptions} options`,
      `có hơn ${L.maxOptions} phương án`,
    );
  }
  const texts = new Set<string>();
  const keys = new Set<string>();
  for (const [i, o] of options.entries()) {
    const n = i + 1;
    const field = `options.${i}`;
    if (o.text.trim() === '') return fail(`${field}.text`, 'required', `option ${n} is empty`, `phương án ${n} trống`);
    if (o.text.length > L.optionText) return tooLong(`${field}.text`, `option ${n}`, `phương án ${n}`, L.optionText);
    if (o.feedback != null && o.feedback.length > L.feedback) {
      return tooLong(`${field}.feedback`, `feedback ${n}`, `phản hồi ${n}`, L.feedback);
    }
    if (!Number.isFinite(o.fraction) || o.fraction < -1 || o.fraction > 1) {
      return fail(
        `${field}.fraction`,
        'bad_fraction',
        `option ${n}: the grade must be between -100% and 100%`,
        `phương án ${n}: điểm phải từ -100% đến 100%`,
      );
    }
    if (keys.has(o.key)) {
      return fail('options', 'bad_question', `option key ${o.key} is repeated`, `khoá phương án ${o.key} bị lặp`);
    }
    keys.add(o.key);
    const key = o.text.toLowerCase();
    if (texts.has(key)) {
      return fail(
        'options',
        'duplicate_option',
        `option ${n} repeats an earlier option: "${o.text}"`,
        `phương án ${n} trùng với phương án trước: "${o.text}"`,
      );
    }
    texts.add(key);
  }
  const positive = options.filter((o) => o.fraction > 0);
  if (positive.length === 0) {
    return fail('options', 'no_correct_answer', 'no option is marked correct', 'chưa có phương án đúng');
  }
  if (q.type === 'multiple_choice') {
    const sum = positive.reduce((s, o) => s + o.fraction, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      return fail(
        'options',
        'fractions_sum',
        `the grades of the correct options add up to ${pct(sum)}, not 100%`,
        `tổng điểm các phương án đúng là ${pct(sum)}, không phải 100%`,
      );
    }
    return null;
  }
  // single_choice and true_false: exactly one option worth 100%, the others 0 or a penalty.
  const full = positive.filter((o) => isOne(o.fraction));
  if (full.length < positive.length) {
    const partial = positive.find((o) => !isOne(o.fraction))!;
    return fail(
      'options',
      'partial_credit_single',
      `a single-answer question gives 100% to one option and 0 or a penalty to the others (an option is worth ${pct(partial.fraction)}); make it a multiple-answer question`,
      `câu một đáp án chỉ có một phương án 100%, các phương án khác 0 hoặc điểm trừ (có phương án ${pct(partial.fraction)}); hãy dùng loại nhiều đáp án`,
    );
  }
  if (full.length > 1) {
    return fail(
      'options',
      'several_correct',
      `${full.length} options are marked correct in a single-answer question`,
      `câu một đáp án có ${full.length} phương án đúng`,
    );
  }
  return null;
}

function checkShortAnswer(q: QuestionContent): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  const field = 'shortAnswer.accepted';
  if (q.options.length > 0) {
    return fail(
      'options',
      'bad_question',
      'a short-answer question has no options',
      'câu trả lời ngắn không có phương án chọn',
    );
  }
  const rule = q.shortAnswer;
  if (rule === null || rule.accepted.length === 0) {
    return fail(field, 'no_correct_answer', 'no accepted answer', 'chưa có đáp án được chấp nhận');
  }
  if (rule.accepted.length > L.acceptedAnswers) {
    return fail(
      field,
      'too_many_options',
      `more than ${L.acceptedAnswers} accepted answers`,
      `hơn ${L.acceptedAnswers} đáp án được chấp nhận`,
    );
  }
  const seen = new Map<string, string>();
  for (const [i, a] of rule.accepted.entries()) {
    const n = i + 1;
    if (a.text.trim() === '') return fail(field, 'required', `accepted answer ${n} is empty`, `đáp án ${n} trống`);
    if (a.text.length > L.acceptedAnswerText) {
      return tooLong(field, `accepted answer ${n}`, `đáp án ${n}`, L.acceptedAnswerText);
    }
    if (!Number.isFinite(a.fraction) || a.fraction <= 0 || a.fraction > 1) {
      return fail(
        field,
        'bad_fraction',
        `accepted answer ${n}: the grade must be above 0% and at most 100%`,
        `đáp án ${n}: điểm phải lớn hơn 0% và không quá 100%`,
      );
    }
    const key = normaliseShortAnswer(a.text, rule.ignoreDiacritics);
    const first = seen.get(key);
    if (first !== undefined) {
      return fail(
        field,
        'duplicate_answer',
        `accepted answers "${first}" and "${a.text}" are the same answer once case and spaces${rule.ignoreDiacritics ? ' and diacritics' : ''} are ignored`,
        `đáp án "${first}" và "${a.text}" là một khi bỏ qua chữ hoa/thường, dấu cách${rule.ignoreDiacritics ? ' và dấu' : ''}`,
      );
    }
    seen.set(key, a.text);
  }
  if (!rule.accepted.some((a) => isOne(a.fraction))) {
    return fail(field, 'no_correct_answer', 'no accepted answer gives 100%', 'không có đáp án nào được 100% điểm');
  }
  return null;
}

const tooLong = (field: string, what: string, whatVi: string, max: number): QuestionProblem =>
  fail(field, 'too_long', `the ${what} has more than ${max} characters`, `${whatVi} dài quá ${max} ký tự`);
