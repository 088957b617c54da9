import { FORMULA_START, searchKey } from '@app/common';
import type { Difficulty, ImportedQuestion, QuestionContent, QuestionOption, QuestionType } from '../question-model';
import { QUESTION_LIMITS } from '../question-rules';
import { ImportProblem, problem, QuestionCollector, QuestionImportOptions } from './question-collector';
import { QuestionFileError } from './question-file-error';
import { ExportedQuestion, trueFalseOptions } from './question-parts';
import { fractionOfPercent, nameFromStem, oneLine, optionalText, percentOf, questionText } from './question-text';

/**
 * Questions as spreadsheet rows (CSV/XLSX): one question per row, under a header row. The file readers (the
 * roster's bounded CSV/XLSX readers) give rows of string cells; this turns them into questions and back.
 *
 * Columns (Vietnamese header, English header; headers match ignoring case, diacritics, spaces and punctuation, so
 * "Tên câu hỏi (*)" is "Tên câu hỏi"; columns may come in any order; unknown columns are ignored):
 * | Tên câu hỏi       | Question name     | unique in the file; empty: the start of the question text            |
 * | Loại (*)          | Type              | Một đáp án / Nhiều đáp án / Đúng/Sai / Trả lời ngắn                    |
 * |                   |                   | (single_choice / multiple_choice / true_false / short_answer)        |
 * | Nội dung câu hỏi (*) | Question text  | plain text; line breaks kept                                         |
 * | Phương án A … T   | Option A … T      | the options, from A without gaps; for a short answer, the accepted answers |
 * | Đáp án đúng (*)   | Correct answer    | single: "B" (a wrong option may carry a penalty: "B; D=-50%");       |
 * |                   |                   | multiple: "A; C" (equal shares) or "A=60%; C=40%; D=-100%";         |
 * |                   |                   | true/false: Đúng or Sai (true/false); short answer: empty (every     |
 * |                   |                   | answer 100%) or "A; B=50%". Letters separated by ";" (or ",").       |
 * | Bỏ qua dấu        | Ignore diacritics | short answer: Có/Không (yes/no): "Ha Noi" accepted for "Hà Nội"      |
 * | Chủ đề            | Topics            | topic codes of the catalogue, separated by "," or ";" (iccpr, cedaw) |
 * | Độ khó            | Difficulty        | Dễ / Trung bình / Khó (easy / medium / hard)                         |
 * | Giải thích        | Explanation       | shown in the review when the exam allows                             |
 * | Danh mục          | Category          | free text (Moodle's category); optional                              |
 * | Phản hồi A … T    | Feedback A … T    | per-option feedback; true/false: A is "Đúng", B is "Sai"            |
 * Short answers always ignore case and extra spaces.
 *
 * Cells that start like a spreadsheet formula (= + - @, or a tab or line feed before them) are refused, as in the
 * roster import, unless they are a plain number ("-5", "+3") or start with the apostrophe our exports put before
 * such cells ("'- Không có" reads as "- Không có"). toQuestionRows puts that apostrophe before every such cell.
 */

export const OPTION_LETTERS = 'ABCDEFGHIJKLMNOPQRST'.slice(0, QUESTION_LIMITS.maxOptions).split('');

type Letter = string;
export type QuestionColumnKey =
  | 'name'
  | 'type'
  | 'stem'
  | `option_${Letter}`
  | 'correct'
  | 'ignore_diacritics'
  | 'topics'
  | 'difficulty'
  | 'explanation'
  | 'category'
  | `feedback_${Letter}`;

export interface QuestionColumn {
  key: QuestionColumnKey;
  headerVi: string;
  headerEn: string;
  required: boolean;
  aliases: readonly string[];
}

const column = (
  key: QuestionColumnKey,
  headerVi: string,
  headerEn: string,
  required: boolean,
  aliases: string[] = [],
): QuestionColumn => ({
  key,
  headerVi,
  headerEn,
  required,
  aliases,
});

/** Every documented column, in the order of the template and of the export. */
export const QUESTION_COLUMNS: readonly QuestionColumn[] = [
  column('name', 'Tên câu hỏi', 'Question name', false, ['Tên', 'Name', 'Mã câu hỏi']),
  column('type', 'Loại', 'Type', true, ['Loại câu hỏi', 'Question type', 'Dạng câu hỏi']),
  column('stem', 'Nội dung câu hỏi', 'Question text', true, ['Câu hỏi', 'Nội dung', 'Question', 'Stem']),
  ...OPTION_LETTERS.map((l) =>
    column(`option_${l}`, `Phương án ${l}`, `Option ${l}`, false, [`Lựa chọn ${l}`, `Đáp án ${l}`, `Answer ${l}`]),
  ),
  column('correct', 'Đáp án đúng', 'Correct answer', true, ['Đáp án', 'Correct', 'Answer key']),
  column('ignore_diacritics', 'Bỏ qua dấu', 'Ignore diacritics', false, ['Không phân biệt dấu']),
  column('topics', 'Chủ đề', 'Topics', false, ['Topic', 'Mã chủ đề']),
  column('difficulty', 'Độ khó', 'Difficulty', false, ['Mức độ']),
  column('explanation', 'Giải thích', 'Explanation', false, ['General feedback', 'Phản hồi chung', 'Lời giải']),
  column('category', 'Danh mục', 'Category', false, ['Nhóm câu hỏi']),
  ...OPTION_LETTERS.map((l) => column(`feedback_${l}`, `Phản hồi ${l}`, `Feedback ${l}`, false, [`Nhận xét ${l}`])),
];

const BY_KEY = new Map(QUESTION_COLUMNS.map((c) => [c.key, c]));
const matchKey = (text: string): string => searchKey(text).replace(/[^a-z0-9]/g, '');

const HEADER_INDEX = new Map<string, QuestionColumnKey>(
  QUESTION_COLUMNS.flatMap((c) =>
    [c.key, c.headerVi, c.headerEn, ...c.aliases].map((h) => [matchKey(h), c.key] as const),
  ),
);

/** Cell words, Vietnamese first; matched like headers. */
export const TYPE_LABELS: Record<QuestionType, { vi: string; en: string; aliases: string[] }> = {
  single_choice: {
    vi: 'Một đáp án',
    en: 'single_choice',
    aliases: ['single', 'Một lựa chọn', 'Chọn một', 'multichoice'],
  },
  multiple_choice: { vi: 'Nhiều đáp án', en: 'multiple_choice', aliases: ['multiple', 'Nhiều lựa chọn', 'Chọn nhiều'] },
  true_false: { vi: 'Đúng/Sai', en: 'true_false', aliases: ['truefalse', 'Đúng sai', 'True/False'] },
  short_answer: { vi: 'Trả lời ngắn', en: 'short_answer', aliases: ['shortanswer', 'Điền từ', 'Short answer'] },
};
export const DIFFICULTY_LABELS: Record<Difficulty, { vi: string; en: string }> = {
  easy: { vi: 'Dễ', en: 'easy' },
  medium: { vi: 'Trung bình', en: 'medium' },
  hard: { vi: 'Khó', en: 'hard' },
};

const lookup = <T extends string>(entries: Array<[T, string[]]>): Map<string, T> =>
  new Map(entries.flatMap(([value, words]) => words.map((w) => [matchKey(w), value] as const)));
const TYPE_BY_WORD = lookup(
  Object.entries(TYPE_LABELS).map(([k, v]) => [k as QuestionType, [k, v.vi, v.en, ...v.aliases]]),
);
const DIFFICULTY_BY_WORD = lookup(
  Object.entries(DIFFICULTY_LABELS).map(([k, v]) => [k as Difficulty, [k, v.vi, v.en]]),
);
const BOOLEAN_BY_WORD = lookup<'yes' | 'no'>([
  ['yes', ['Có', 'C', 'yes', 'y', 'true', '1', 'x']],
  ['no', ['Không', 'K', 'no', 'n', 'false', '0']],
]);
const TRUTH_BY_WORD = lookup<'true' | 'false'>([
  ['true', ['Đúng', 'Đ', 'true', 'T', 'A']],
  ['false', ['Sai', 'S', 'false', 'F', 'B']],
]);

export interface QuestionRowsOptions extends QuestionImportOptions {
  /** Row number of rows[0] (the header) as a person sees it in the spreadsheet; default 1. */
  firstRowNumber?: number;
}

/** Rows (header first) → one ImportedQuestion per non-empty data row, `line` being its row number. */
export function parseQuestionRows(
  rows: ReadonlyArray<ReadonlyArray<string>>,
  options: QuestionRowsOptions = {},
): ImportedQuestion[] {
  const first = options.firstRowNumber ?? 1;
  const columns = mapHeader(rows[0] ?? [], first);
  const collector = new QuestionCollector(options, 'row');
  for (let i = 1; i < rows.length; i++) {
    const row = first + i;
    const cells = new Map<QuestionColumnKey, string>();
    for (const { index, key } of columns) {
      const cell = rows[i][index];
      if (cell !== undefined && cell.trim() !== '') cells.set(key, cell);
    }
    if (cells.size === 0) continue;
    const read = readRow(cells);
    if ('code' in read) collector.refuse(row, read.name, read);
    else collector.add(row, read.question, read.category);
  }
  return collector.items;
}

function mapHeader(header: ReadonlyArray<string>, row: number): Array<{ index: number; key: QuestionColumnKey }> {
  const columns: Array<{ index: number; key: QuestionColumnKey }> = [];
  const problems: string[] = [];
  const problemsVi: string[] = [];
  header.forEach((cell, index) => {
    const key = HEADER_INDEX.get(matchKey(cell));
    if (key === undefined) return;
    if (columns.some((c) => c.key === key)) {
      const c = BY_KEY.get(key)!;
      problems.push(`the column "${c.headerEn}" appears twice`);
      problemsVi.push(`cột "${c.headerVi}" xuất hiện hai lần`);
    }
    columns.push({ index, key });
  });
  for (const c of QUESTION_COLUMNS) {
    if (c.required && !columns.some((x) => x.key === c.key)) {
      problems.push(`the required column "${c.headerVi}" (${c.headerEn}) is missing`);
      problemsVi.push(`thiếu cột bắt buộc "${c.headerVi}"`);
    }
  }
  if (problems.length > 0) throw new QuestionFileError('header', row, problems.join('; '), problemsVi.join('; '));
  return columns;
}

type RowResult = { question: QuestionContent; category: string | null } | (ImportProblem & { name: string | null });

const NUMBER = /^[+-]?\d+(?:[.,]\d+)*%?$/;

function readRow(cells: Map<QuestionColumnKey, string>): RowResult {
  let name: string | null = null;
  const fail = (key: QuestionColumnKey | null, code: string, reason: string, reasonVi: string): RowResult => {
    const c = key === null ? null : BY_KEY.get(key)!;
    return c === null
      ? { ...problem(code, reason, reasonVi), name }
      : { ...problem(code, `${c.headerEn}: ${reason}`, `${c.headerVi}: ${reasonVi}`), name };
  };
  // Formulas first: nothing of a row with a formula is used.
  const values = new Map<QuestionColumnKey, string>();
  for (const [key, raw] of cells) {
    if (/^'[=+\-@\t\r]/.test(raw)) {
      values.set(key, raw.slice(1));
      continue;
    }
    const text = raw.trim();
    if (/^[\t\r]/.test(raw) || (FORMULA_START.test(text) && !NUMBER.test(text))) {
      name = oneLine(cells.get('name') ?? '') || null;
      return fail(
        key,
        'formula',
        "looks like a spreadsheet formula (start the cell with ' to keep it as text)",
        "trông giống công thức bảng tính (bắt đầu ô bằng dấu ' nếu muốn giữ nguyên văn bản)",
      );
    }
    values.set(key, raw);
  }
  const line = (key: QuestionColumnKey): string => oneLine(values.get(key) ?? '');
  const text = (key: QuestionColumnKey): string => questionText(values.get(key) ?? '');
  const stem = text('stem');
  name = line('name') || (stem === '' ? null : nameFromStem(stem));
  const typeWord = line('type');
  const type = TYPE_BY_WORD.get(matchKey(typeWord));
  if (typeWord === '') return fail('type', 'required', 'is empty', 'chưa điền');
  if (!type) {
    return fail(
      'type',
      'bad_type',
      `"${typeWord}" is not a question type (Một đáp án, Nhiều đáp án, Đúng/Sai, Trả lời ngắn)`,
      `"${typeWord}" không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai, Trả lời ngắn)`,
    );
  }
  const difficultyWord = line('difficulty');
  const difficulty = difficultyWord === '' ? null : DIFFICULTY_BY_WORD.get(matchKey(difficultyWord));
  if (difficulty === undefined) {
    return fail(
      'difficulty',
      'bad_difficulty',
      `"${difficultyWord}" is not Dễ, Trung bình or Khó`,
      `"${difficultyWord}" không phải Dễ, Trung bình hoặc Khó`,
    );
  }
  const ignoreWord = line('ignore_diacritics');
  const ignore = ignoreWord === '' ? 'no' : BOOLEAN_BY_WORD.get(matchKey(ignoreWord));
  if (ignore === undefined) {
    return fail(
      'ignore_diacritics',
      'bad_value',
      `"${ignoreWord}" is not Có or Không`,
      `"${ignoreWord}" không phải Có hoặc Không`,
    );
  }
  const topics = [
    ...new Set(
      line('topics')
        .split(/[,;]/)
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
  const base = { name: name ?? '', stem, topics, difficulty, explanation: optionalText(values.get('explanation')) };
  const category = line('category') || null;

  // Options A… without gaps, and their feedback.
  const texts: string[] = [];
  let gap: string | null = null;
  for (const l of OPTION_LETTERS) {
    const t = type === 'short_answer' ? line(`option_${l}`) : text(`option_${l}`);
    if (t === '') {
      gap ??= l;
      continue;
    }
    if (gap !== null) {
      return fail(
        `option_${gap}`,
        'option_gap',
        `is empty but Option ${l} is not`,
        `trống nhưng Phương án ${l} có nội dung`,
      );
    }
    texts.push(t);
  }
  const feedback = (i: number): string | null => optionalText(values.get(`feedback_${OPTION_LETTERS[i]}`));
  for (const [i, l] of OPTION_LETTERS.entries()) {
    const limit = type === 'true_false' ? 2 : texts.length;
    if (i >= limit && feedback(i) !== null) {
      return fail(
        `feedback_${l}`,
        'bad_value',
        `there is no option ${l} to give feedback on`,
        `không có phương án ${l} để phản hồi`,
      );
    }
  }
  const correctWord = line('correct');
  if (type === 'true_false') {
    if (correctWord === '') {
      return fail('correct', 'no_correct_answer', 'is empty (Đúng or Sai)', 'chưa điền (Đúng hoặc Sai)');
    }
    const truth = TRUTH_BY_WORD.get(matchKey(correctWord));
    if (!truth) {
      return fail(
        'correct',
        'bad_correct',
        `"${correctWord}" is not Đúng or Sai (true/false)`,
        `"${correctWord}" không phải Đúng hoặc Sai`,
      );
    }
    return {
      question: {
        ...base,
        type,
        options: trueFalseOptions(truth === 'true', feedback(0), feedback(1)),
        shortAnswer: null,
      },
      category,
    };
  }
  const marks = parseCorrect(correctWord, texts.length);
  if ('code' in marks) return fail('correct', marks.code, marks.reason, marks.reasonVi);
  if (type === 'short_answer') {
    if (texts.length === 0) {
      return fail(
        'option_A',
        'no_correct_answer',
        'a short answer needs at least one accepted answer',
        'câu trả lời ngắn cần ít nhất một đáp án',
      );
    }
    let accepted: Array<{ text: string; fraction: number }>;
    if (marks.length === 0) accepted = texts.map((t) => ({ text: t, fraction: 1 }));
    else {
      const unlisted = texts.findIndex((_, i) => !marks.some((m) => m.index === i));
      if (unlisted !== -1) {
        const l = OPTION_LETTERS[unlisted];
        return fail(
          'correct',
          'bad_correct',
          `Option ${l} is not listed (list every accepted answer, or leave the cell empty for all at 100%)`,
          `chưa liệt kê Phương án ${l} (liệt kê mọi đáp án, hoặc để trống nếu tất cả đều 100%)`,
        );
      }
      accepted = marks.map((m) => ({ text: texts[m.index], fraction: m.fraction ?? 1 }));
    }
    return {
      question: { ...base, type, options: [], shortAnswer: { accepted, ignoreDiacritics: ignore === 'yes' } },
      category,
    };
  }
  if (marks.length === 0) return fail('correct', 'no_correct_answer', 'is empty', 'chưa điền');
  const weighted = marks.filter((m) => m.fraction !== null).length;
  if (type === 'multiple_choice' && weighted > 0 && weighted < marks.length) {
    return fail(
      'correct',
      'bad_correct',
      'give a percentage for every letter or for none ("A; C" or "A=50%; C=50%")',
      'ghi phần trăm cho mọi chữ cái hoặc không ghi cho chữ nào ("A; C" hoặc "A=50%; C=50%")',
    );
  }
  const share = type === 'multiple_choice' && weighted === 0 ? Math.round(1e7 / marks.length) / 1e7 : 1;
  const options: QuestionOption[] = texts.map((t, i) => {
    const mark = marks.find((m) => m.index === i);
    return {
      key: OPTION_LETTERS[i].toLowerCase(),
      text: t,
      fraction: mark ? (mark.fraction ?? share) : 0,
      feedback: feedback(i),
    };
  });
  return { question: { ...base, type, options, shortAnswer: null }, category };
}

interface Mark {
  index: number;
  fraction: number | null;
}

/** "A; C=50%; D=-100%" → marks; letters must name filled options, once each. */
function parseCorrect(cell: string, optionCount: number): Mark[] | ImportProblem {
  if (cell === '') return [];
  const separator = cell.includes(';') ? ';' : ',';
  const marks: Mark[] = [];
  for (const token of cell
    .split(separator)
    .map((t) => t.trim())
    .filter((t) => t !== '')) {
    const m = /^([A-Za-z])\s*(?:[=:]\s*([+-]?\d+(?:[.,]\d+)?)\s*%?)?$/.exec(token);
    if (!m) {
      return problem(
        'bad_correct',
        `"${token}" is not an option letter with an optional percentage ("B", "C=50%")`,
        `"${token}" không phải chữ cái phương án kèm phần trăm nếu có ("B", "C=50%")`,
      );
    }
    const letter = m[1].toUpperCase();
    const index = OPTION_LETTERS.indexOf(letter);
    if (index === -1 || index >= optionCount) {
      return problem(
        'bad_correct',
        `${letter} names no filled option`,
        `${letter} không ứng với phương án nào đã điền`,
      );
    }
    if (marks.some((x) => x.index === index)) {
      return problem('bad_correct', `${letter} is listed twice`, `${letter} được ghi hai lần`);
    }
    const fraction = m[2] === undefined ? null : fractionOfPercent(m[2].replace(',', '.'));
    if (m[2] !== undefined && fraction === null) {
      return problem(
        'bad_fraction',
        `${letter}: ${m[2]}% is not between -100% and 100%`,
        `${letter}: ${m[2]}% không nằm trong khoảng -100% đến 100%`,
      );
    }
    marks.push({ index, fraction });
  }
  return marks;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing.

export type QuestionRowsLanguage = 'vi' | 'en';

/** A cell a spreadsheet would run as a formula gets a leading ' (parseQuestionRows removes it again). */
export const neutraliseCell = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/**
 * Header row + one row per question, ready for the CSV/XLSX writers (cells neutralised). Option columns go up to the
 * largest question (at least D); the category and feedback columns only when some question has one.
 */
export function toQuestionRows(
  questions: ReadonlyArray<ExportedQuestion>,
  language: QuestionRowsLanguage = 'vi',
): string[][] {
  const optionCount = Math.max(
    4,
    ...questions.map(({ question: q }) =>
      q.type === 'short_answer'
        ? (q.shortAnswer?.accepted.length ?? 0)
        : q.type === 'true_false'
          ? 0
          : q.options.length,
    ),
  );
  const feedbackCount = Math.max(
    0,
    ...questions.map(({ question: q }) => q.options.reduce((n, o, i) => (o.feedback ? i + 1 : n), 0)),
  );
  const letters = OPTION_LETTERS.slice(0, optionCount);
  const keys: QuestionColumnKey[] = [
    'name',
    'type',
    'stem',
    ...letters.map((l): QuestionColumnKey => `option_${l}`),
    'correct',
    'ignore_diacritics',
    'topics',
    'difficulty',
    'explanation',
    ...(questions.some((q) => q.category !== null) ? (['category'] as const) : []),
    ...OPTION_LETTERS.slice(0, feedbackCount).map((l): QuestionColumnKey => `feedback_${l}`),
  ];
  const header = keys.map((k) => (language === 'vi' ? BY_KEY.get(k)!.headerVi : BY_KEY.get(k)!.headerEn));
  const rows = questions.map(({ question, category }) => {
    const cells = rowCells(question, category, language);
    return keys.map((k) => neutraliseCell(cells.get(k) ?? ''));
  });
  return [header, ...rows];
}

function rowCells(
  q: QuestionContent,
  category: string | null,
  language: QuestionRowsLanguage,
): Map<QuestionColumnKey, string> {
  const cells = new Map<QuestionColumnKey, string>([
    ['name', q.name],
    ['type', TYPE_LABELS[q.type][language]],
    ['stem', q.stem],
    ['topics', q.topics.join(', ')],
    ['difficulty', q.difficulty ? DIFFICULTY_LABELS[q.difficulty][language] : ''],
    ['explanation', q.explanation ?? ''],
    ['category', category ?? ''],
  ]);
  const pct = (fraction: number): string => `${percentOf(fraction)}%`;
  if (q.type === 'short_answer') {
    const accepted = q.shortAnswer?.accepted ?? [];
    accepted.forEach((a, i) => cells.set(`option_${OPTION_LETTERS[i]}`, a.text));
    const allFull = accepted.every((a) => a.fraction === 1);
    cells.set(
      'correct',
      allFull
        ? ''
        : accepted.map((a, i) => OPTION_LETTERS[i] + (a.fraction === 1 ? '' : `=${pct(a.fraction)}`)).join('; '),
    );
    const yes = language === 'vi' ? 'Có' : 'yes';
    const no = language === 'vi' ? 'Không' : 'no';
    cells.set('ignore_diacritics', q.shortAnswer?.ignoreDiacritics ? yes : no);
    return cells;
  }
  q.options.forEach((o, i) => {
    if (o.feedback) cells.set(`feedback_${OPTION_LETTERS[i]}`, o.feedback);
  });
  if (q.type === 'true_false') {
    const isTrue = q.options.find((o) => o.fraction > 0)?.key === 'true';
    cells.set('correct', language === 'vi' ? (isTrue ? 'Đúng' : 'Sai') : isTrue ? 'true' : 'false');
    // Feedback columns follow the fixed order "Đúng", "Sai".
    cells.delete('feedback_A');
    cells.delete('feedback_B');
    const fb = (key: string): string => q.options.find((o) => o.key === key)?.feedback ?? '';
    if (fb('true')) cells.set('feedback_A', fb('true'));
    if (fb('false')) cells.set('feedback_B', fb('false'));
    return cells;
  }
  q.options.forEach((o, i) => cells.set(`option_${OPTION_LETTERS[i]}`, o.text));
  const marks = q.options
    .map((o, i) => ({ o, l: OPTION_LETTERS[i] }))
    .filter(({ o }) => o.fraction !== 0)
    .map(({ o, l }) => (q.type === 'single_choice' && o.fraction === 1 ? l : `${l}=${pct(o.fraction)}`));
  cells.set('correct', marks.join('; '));
  return cells;
}

/**
 * The template offered for download: the header (Vietnamese) and one example row per question type, written from
 * the demo course's subject (10 December 1948; Viet Nam acceded to ICCPR and ICESCR on 24 September 1982 and ratified
 * the CRC on 28 February 1990, the first country in Asia to do so).
 */
export function questionTemplateRows(): string[][] {
  const single: QuestionContent = {
    type: 'single_choice',
    name: 'Ngày Quốc tế Nhân quyền',
    stem: 'Ngày Quốc tế Nhân quyền là ngày nào?',
    options: ['10 tháng 12', '1 tháng 6', '8 tháng 3', '2 tháng 9'].map((text, i) => ({
      key: 'abcd'[i],
      text,
      fraction: i === 0 ? 1 : 0,
    })),
    shortAnswer: null,
    topics: ['international-law'],
    difficulty: 'easy',
    explanation: 'Ngày 10/12/1948, Đại hội đồng Liên hợp quốc thông qua Tuyên ngôn Thế giới về Nhân quyền.',
  };
  const multiple: QuestionContent = {
    type: 'multiple_choice',
    name: 'Gia nhập ngày 24/9/1982',
    stem: 'Việt Nam gia nhập những công ước nào ngày 24/9/1982?',
    options: [
      'Công ước về các quyền dân sự và chính trị (ICCPR)',
      'Công ước về các quyền kinh tế, xã hội và văn hóa (ICESCR)',
      'Công ước về quyền trẻ em (CRC)',
      'Công ước chống tra tấn (CAT)',
    ].map((text, i) => ({ key: 'abcd'[i], text, fraction: i < 2 ? 0.5 : -0.5 })),
    shortAnswer: null,
    topics: ['iccpr', 'icescr'],
    difficulty: 'medium',
    explanation: 'Ngày 24/9/1982 Việt Nam gia nhập ICCPR và ICESCR; CRC được phê chuẩn năm 1990.',
  };
  const trueFalse: QuestionContent = {
    type: 'true_false',
    name: 'CRC ở châu Á',
    stem: 'Việt Nam là quốc gia đầu tiên ở châu Á phê chuẩn Công ước về quyền trẻ em.',
    options: trueFalseOptions(true),
    shortAnswer: null,
    topics: ['crc'],
    difficulty: 'medium',
    explanation: 'Việt Nam phê chuẩn CRC ngày 28/02/1990: nước đầu tiên ở châu Á, thứ hai trên thế giới.',
  };
  const short: QuestionContent = {
    type: 'short_answer',
    name: 'Viết tắt UPR',
    stem: 'Cơ chế Rà soát định kỳ phổ quát của Hội đồng Nhân quyền Liên hợp quốc được viết tắt bằng tiếng Anh là gì?',
    options: [],
    shortAnswer: { accepted: [{ text: 'UPR', fraction: 1 }], ignoreDiacritics: true },
    topics: ['foreign-relations'],
    difficulty: 'easy',
    explanation: null,
  };
  return toQuestionRows([single, multiple, trueFalse, short].map((question) => ({ question, category: null })));
}
