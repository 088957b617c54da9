import { TOPIC_TAG_CODES } from '@app/learning';
import { searchKey } from '@app/common';
import { DIFFICULTIES, ImportedQuestion, QuestionContent } from '../question-model';
import { MAX_ACCEPTED_ANSWERS, MAX_OPTIONS } from '../question-rules';
import { QuestionFileError } from './question-file-error';

/** Bounds every importer applies (the bank should apply the same ones to questions written on the page). */
export const QUESTION_LIMITS = {
  /** Questions (not counting Moodle category entries or GIFT $CATEGORY lines) in one file. */
  questionsPerFile: 5000,
  name: 255, // Moodle's limit
  stem: 10_000,
  optionText: 2000,
  feedback: 5000,
  explanation: 10_000,
  minOptions: 2,
  maxOptions: MAX_OPTIONS, // the bank's own limits (question-rules.ts)
  acceptedAnswers: MAX_ACCEPTED_ANSWERS,
  acceptedAnswerText: 255,
  topics: 20,
} as const;

/** Sum of the positive fractions of a multiple-choice question: 1 within this (3 × 33.33333% = 99.99999%). */
const SUM_TOLERANCE = 1e-4;

export interface QuestionImportOptions {
  /** Topic codes a question may carry; default: the course catalogue (TOPIC_TAG_CODES of @app/learning). */
  topicCodes?: readonly string[];
}

/** Why a question cannot be imported (the code, reason and reasonVi of an ImportedQuestion with ok: false). */
export interface QuestionProblem {
  code: string;
  reason: string;
  reasonVi: string;
}

export const problem = (code: string, reason: string, reasonVi: string): QuestionProblem => ({
  code,
  reason,
  reasonVi,
});

/** The form accepted short answers are compared in when checking for duplicates (the grader's rule). */
export const shortAnswerKey = (text: string, ignoreDiacritics: boolean): string =>
  ignoreDiacritics ? searchKey(text).replace(/\s+/g, ' ') : text.toLowerCase().replace(/\s+/g, ' ').trim();

const isOne = (fraction: number): boolean => Math.abs(fraction - 1) < 1e-9;
const pct = (fraction: number): string => `${Math.round(fraction * 1e5) / 1e3}%`;

/**
 * The rules of a question every importer applies before accepting it (and the bank can apply to the page's form):
 * text lengths, option counts, the fraction rules stated in question-model.ts, known topics. The first problem, or
 * null. Texts are expected already normalised (questionText / oneLine).
 */
export function checkQuestion(q: QuestionContent, options: QuestionImportOptions = {}): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  if (q.name === '') return problem('required', 'the question has no name', 'câu hỏi chưa có tên');
  if (q.name.length > L.name) return tooLong('name', 'tên câu hỏi', L.name);
  if (q.stem === '') return problem('required', 'the question text is empty', 'nội dung câu hỏi trống');
  if (q.stem.length > L.stem) return tooLong('question text', 'nội dung câu hỏi', L.stem);
  if (q.explanation !== null && q.explanation.length > L.explanation) {
    return tooLong('explanation', 'giải thích', L.explanation);
  }
  if (q.difficulty !== null && !DIFFICULTIES.includes(q.difficulty)) {
    return problem('bad_difficulty', `unknown difficulty ${q.difficulty}`, `độ khó không hợp lệ: ${q.difficulty}`);
  }
  const topicProblem = checkTopics(q.topics, options.topicCodes ?? TOPIC_TAG_CODES);
  if (topicProblem) return topicProblem;
  if (q.type === 'short_answer') return checkShortAnswer(q);
  if (q.shortAnswer !== null) {
    return problem('bad_question', 'only short answers have accepted answers', 'chỉ câu trả lời ngắn mới có đáp án gõ');
  }
  return checkOptions(q);
}

function checkTopics(topics: readonly string[], known: readonly string[]): QuestionProblem | null {
  if (topics.length > QUESTION_LIMITS.topics) {
    return problem('too_many_topics', `more than ${QUESTION_LIMITS.topics} topics`, 'quá nhiều chủ đề');
  }
  const unknown = topics.filter((t) => !known.includes(t));
  if (unknown.length === 0) return null;
  const list = unknown.map((t) => `"${t}"`).join(', ');
  return problem('unknown_topic', `unknown topic ${list}`, `chủ đề không có trong danh mục: ${list}`);
}

function checkOptions(q: QuestionContent): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  const { options } = q;
  if (q.type === 'true_false') {
    const keys = options.map((o) => o.key).join(',');
    if (keys !== 'true,false') {
      return problem(
        'bad_question',
        'a true/false question has the options true and false',
        'câu Đúng/Sai phải có hai phương án Đúng và Sai',
      );
    }
  } else if (options.length < L.minOptions) {
    return problem(
      'too_few_options',
      `needs at least ${L.minOptions} options`,
      `cần ít nhất ${L.minOptions} phương án`,
    );
  } else if (options.length > L.maxOptions) {
    return problem('too_many_options', `has more than ${L.maxOptions} options`, `có hơn ${L.maxOptions} phương án`);
  }
  const texts = new Set<string>();
  const keys = new Set<string>();
  for (const [i, o] of options.entries()) {
    const n = i + 1;
    if (o.text === '') return problem('required', `option ${n} is empty`, `phương án ${n} trống`);
    if (o.text.length > L.optionText) return tooLong(`option ${n}`, `phương án ${n}`, L.optionText);
    if (o.feedback != null && o.feedback.length > L.feedback) {
      return tooLong(`feedback ${n}`, `phản hồi ${n}`, L.feedback);
    }
    if (!Number.isFinite(o.fraction) || o.fraction < -1 || o.fraction > 1) {
      return problem(
        'bad_fraction',
        `option ${n}: the grade must be between -100% and 100%`,
        `phương án ${n}: điểm phải từ -100% đến 100%`,
      );
    }
    if (keys.has(o.key)) {
      return problem('bad_question', `option key ${o.key} is repeated`, `khóa phương án ${o.key} bị lặp`);
    }
    keys.add(o.key);
    const key = o.text.toLowerCase();
    if (texts.has(key)) {
      return problem(
        'duplicate_option',
        `option ${n} repeats an earlier option: "${o.text}"`,
        `phương án ${n} trùng với phương án trước: "${o.text}"`,
      );
    }
    texts.add(key);
  }
  const positive = options.filter((o) => o.fraction > 0);
  if (positive.length === 0) {
    return problem('no_correct_answer', 'no option is marked correct', 'chưa có phương án đúng');
  }
  if (q.type === 'multiple_choice') {
    const sum = positive.reduce((s, o) => s + o.fraction, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      return problem(
        'fractions_sum',
        `the grades of the correct options add up to ${pct(sum)}, not 100%`,
        `tổng điểm các phương án đúng là ${pct(sum)}, không phải 100%`,
      );
    }
    return null;
  }
  // single_choice and true_false: one option worth 100%, the others 0 or a penalty.
  const full = positive.filter((o) => isOne(o.fraction));
  if (full.length === 0 || full.length < positive.length) {
    const partial = positive.find((o) => !isOne(o.fraction))!;
    return problem(
      'partial_credit_single',
      `a single-answer question gives 100% to one option and 0 or a penalty to the others (an option is worth ${pct(partial.fraction)}); make it a multiple-answer question`,
      `câu một đáp án chỉ có một phương án 100%, các phương án khác 0 hoặc điểm trừ (có phương án ${pct(partial.fraction)}); hãy dùng loại nhiều đáp án`,
    );
  }
  if (full.length > 1) {
    return problem(
      'several_correct',
      `${full.length} options are marked correct in a single-answer question`,
      `câu một đáp án có ${full.length} phương án đúng`,
    );
  }
  return null;
}

function checkShortAnswer(q: QuestionContent): QuestionProblem | null {
  const L = QUESTION_LIMITS;
  if (q.options.length > 0) {
    return problem(
      'bad_question',
      'a short-answer question has no options',
      'câu trả lời ngắn không có phương án chọn',
    );
  }
  const rule = q.shortAnswer;
  if (rule === null || rule.accepted.length === 0) {
    return problem('no_correct_answer', 'no accepted answer', 'chưa có đáp án được chấp nhận');
  }
  if (rule.accepted.length > L.acceptedAnswers) {
    return problem(
      'too_many_options',
      `more than ${L.acceptedAnswers} accepted answers`,
      `hơn ${L.acceptedAnswers} đáp án được chấp nhận`,
    );
  }
  const seen = new Map<string, string>();
  for (const [i, a] of rule.accepted.entries()) {
    const n = i + 1;
    if (a.text === '') return problem('required', `accepted answer ${n} is empty`, `đáp án ${n} trống`);
    if (a.text.length > L.acceptedAnswerText) {
      return tooLong(`accepted answer ${n}`, `đáp án ${n}`, L.acceptedAnswerText);
    }
    if (!Number.isFinite(a.fraction) || a.fraction <= 0 || a.fraction > 1) {
      return problem(
        'bad_fraction',
        `accepted answer ${n}: the grade must be above 0% and at most 100%`,
        `đáp án ${n}: điểm phải lớn hơn 0% và không quá 100%`,
      );
    }
    const key = shortAnswerKey(a.text, rule.ignoreDiacritics);
    const first = seen.get(key);
    if (first !== undefined) {
      return problem(
        'duplicate_answer',
        `accepted answers "${first}" and "${a.text}" are the same answer once case and spaces${rule.ignoreDiacritics ? ' and diacritics' : ''} are ignored`,
        `đáp án "${first}" và "${a.text}" là một khi bỏ qua chữ hoa/thường, dấu cách${rule.ignoreDiacritics ? ' và dấu' : ''}`,
      );
    }
    seen.set(key, a.text);
  }
  if (!rule.accepted.some((a) => isOne(a.fraction))) {
    return problem('no_correct_answer', 'no accepted answer gives 100%', 'không có đáp án nào được 100% điểm');
  }
  return null;
}

const tooLong = (what: string, whatVi: string, max: number): QuestionProblem =>
  problem('too_long', `the ${what} has more than ${max} characters`, `${whatVi} dài quá ${max} ký tự`);

/**
 * Collects the questions of one file in order: checks each (checkQuestion), refuses a name already used by an
 * earlier question of the file, and bounds the number of questions.
 */
export class QuestionCollector {
  readonly items: ImportedQuestion[] = [];
  private readonly lineByName = new Map<string, number | null>();
  private count = 0;

  constructor(
    private readonly options: QuestionImportOptions,
    /** How positions are named in messages: 'line' (XML, GIFT) or 'row' (CSV/XLSX). */
    private readonly unit: 'line' | 'row',
  ) {}

  /** Counts one more question of the file; refuses the file past QUESTION_LIMITS.questionsPerFile. */
  private next(line: number | null): void {
    if (++this.count > QUESTION_LIMITS.questionsPerFile) {
      const max = QUESTION_LIMITS.questionsPerFile;
      throw new QuestionFileError(
        'too_many_questions',
        line,
        `the file has more than ${max} questions; split it`,
        `tệp có hơn ${max} câu hỏi; hãy chia nhỏ`,
      );
    }
  }

  add(line: number | null, question: QuestionContent, category: string | null): void {
    this.next(line);
    const found = checkQuestion(question, this.options);
    if (found) return this.push(line, question.name, found);
    if (this.lineByName.has(question.name)) {
      const first = this.lineByName.get(question.name);
      const where = first == null ? '' : ` (${this.unit} ${first})`;
      const whereVi = first == null ? '' : ` (dòng ${first})`;
      return this.push(
        line,
        question.name,
        problem(
          'duplicate_name',
          `the name "${question.name}" is already used by an earlier question${where}`,
          `tên "${question.name}" đã dùng cho một câu hỏi trước${whereVi}`,
        ),
      );
    }
    this.lineByName.set(question.name, line);
    this.items.push({ ok: true, line, question, category });
  }

  refuse(line: number | null, name: string | null, p: QuestionProblem): void {
    this.next(line);
    this.push(line, name, p);
  }

  private push(line: number | null, name: string | null, p: QuestionProblem): void {
    this.items.push({ ok: false, line, name, code: p.code, reason: p.reason, reasonVi: p.reasonVi });
  }

  /** A question this file has but Mộc does not import (an essay, a matching question…). */
  unsupported(line: number | null, name: string | null, type: string): void {
    this.refuse(line, name, unsupportedType(type));
  }
}

export const unsupportedType = (type: string): QuestionProblem =>
  problem('unsupported_type', `not imported: type ${type}`, `không nhập: loại câu hỏi ${type} chưa được hỗ trợ`);

/** A question that shows or links files the import cannot carry (no storage of embedded files yet). */
export const embeddedFiles = (files: string[]): QuestionProblem => {
  const list = files.map((f) => `"${f}"`).join(', ');
  return problem(
    'embedded_file',
    `not imported: the question shows or links the file ${list}, which is not imported (add it to the question in Mộc)`,
    `không nhập: câu hỏi có tệp đính kèm ${list} chưa được nhập (hãy thêm lại trong Mộc)`,
  );
};
