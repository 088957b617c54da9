import type { QuestionContent, QuestionOption } from '../question-model';
import { embeddedFiles, problem, QuestionCollector, QuestionImportOptions, ImportProblem } from './question-collector';
import { QuestionFileError } from './question-file-error';
import {
  applyTag,
  categoryPath,
  ExportedQuestion,
  optionKey,
  QuestionFileImport,
  tagsOf,
  TagValues,
  trueFalseOptions,
} from './question-parts';
import {
  decodeUtf8,
  fractionOfPercent,
  htmlToText,
  moodleAutoToText,
  nameFromStem,
  oneLine,
  percentOf,
  plainToText,
  TextWithMedia,
} from './question-text';

/**
 * GIFT (Moodle's text format), read and written, following Moodle's own reader (question/format/gift/format.php).
 *
 * Questions are separated by blank lines; lines starting with // are comments. Read: `::name::` titles (else the
 * stem's start is the name, like Moodle), `$CATEGORY: $course$/top/A` (the category of the questions after it),
 * `[html]` / `[moodle]` (the default: HTML where a line break is a line break) / `[plain]` / `[markdown]` text
 * formats, escapes \~ \= \# \{ \} \: \\ and \n (a line break);
 * - multiple choice: `{=right ~wrong}` is single choice (an answer with "=" makes it single, as in Moodle), weights
 *   `~%50%` / `~%-100%` with no "=" make it multiple choice; per-answer feedback `#…`; general feedback `####…`;
 * - true/false: `{T}` `{TRUE}` `{F}` `{FALSE}`, `{T#feedback when wrong#feedback when right}`;
 * - short answer: `{=a =b}` (no "~"), `=%50%b` partial credit; per-answer feedback is dropped (Mộc's accepted
 *   answers carry none), as are 0% answers;
 * - missing word: text after the braces ("Hà Nội là {=thủ đô ~thành phố} của Việt Nam.") is imported as Moodle shows
 *   it: the answers are the question's options or accepted answers and the braces become "_____" in the stem.
 * Mộc's own fields GIFT has no syntax for travel in a comment Moodle ignores, inside the question's block:
 * `// @moc topics=iccpr,cedaw difficulty=easy ignore-diacritics`.
 *
 * Reported per question, not imported: matching (`->`), numerical (`{#…}`), essay (`{}`), description (no braces),
 * media (<img>, @@PLUGINFILE@@ files). Refused as a whole file (QuestionFileError with the line): an answer block
 * opened and not closed (or closed and not opened, or nested, or a second one), a ::name without its closing ::,
 * not UTF-8, too large, too many questions.
 */

export type GiftImport = QuestionFileImport;

type GiftFormat = 'html' | 'moodle' | 'plain' | 'markdown';

// Escaped characters are swapped for private-use characters while the question is taken apart.
const ESCAPABLE = '\\:#={}~n';
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDERS = /[\uE000-\uE007]/g;
const ESCAPE = /\\([\\:#={}~n])/g;

const hide = (text: string): string =>
  text
    .replace(PLACEHOLDERS, '')
    .replace(ESCAPE, (_, c: string) => String.fromCharCode(PLACEHOLDER_BASE + ESCAPABLE.indexOf(c)));
const reveal = (text: string): string =>
  text.replace(PLACEHOLDERS, (p) => {
    const c = ESCAPABLE[p.charCodeAt(0) - PLACEHOLDER_BASE];
    return c === 'n' ? '\n' : c;
  });

interface Block {
  /** File line of each line of the block (comments left out). */
  lines: number[];
  text: string;
  meta: string[];
}

export function parseGift(input: Buffer | string, options: QuestionImportOptions = {}): GiftImport {
  const collector = new QuestionCollector(options, 'line');
  const categories: string[] = [];
  let category: string | null = null;
  for (const block of blocks(decodeUtf8(input))) {
    const text = hide(block.text);
    const lineAt = (offset: number): number => block.lines[countNewlines(text, offset)];
    if (/^\s*\$CATEGORY:/.test(text)) {
      category = categoryPath(reveal(text.replace(/^\s*\$CATEGORY:/, '')));
      if (category !== null && !categories.includes(category)) categories.push(category);
      continue;
    }
    let rest = text;
    let restOffset = 0;
    let name: string | null = null;
    const named = /^\s*::/.exec(text);
    if (named) {
      const end = text.indexOf('::', named[0].length);
      if (end === -1) {
        fail(block.lines[0], 'the question name is not closed with ::', 'tên câu hỏi chưa được đóng bằng ::');
      }
      name = oneLine(reveal(text.slice(named[0].length, end))) || null;
      restOffset = end + 2;
      rest = text.slice(restOffset);
    }
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    const line = block.lines[0];
    if (open === -1 && close === -1) {
      collector.unsupported(line, name ?? (nameFromStem(reveal(rest)) || null), 'description');
      continue;
    }
    if (open === -1 || (close !== -1 && close < open)) {
      fail(
        lineAt(restOffset + close),
        'a } closes an answer block that was not opened with {',
        'dấu } đóng một khối đáp án chưa được mở bằng {',
      );
    }
    if (close === -1) {
      fail(
        lineAt(restOffset + open),
        'the answer block opened with { is not closed with }',
        'khối đáp án mở bằng { chưa được đóng bằng }',
      );
    }
    const nested = rest.indexOf('{', open + 1);
    if (nested !== -1) {
      fail(
        lineAt(restOffset + nested),
        nested < close
          ? 'a { inside an answer block (write \\{ for the character)'
          : 'a question has one answer block {…} only (write \\{ for the character)',
        nested < close
          ? 'dấu { nằm trong khối đáp án (viết \\{ nếu là ký tự)'
          : 'mỗi câu hỏi chỉ có một khối đáp án {…} (viết \\{ nếu là ký tự)',
      );
    }
    const stray = rest.indexOf('}', close + 1);
    if (stray !== -1) {
      fail(
        lineAt(restOffset + stray),
        'a } outside an answer block (write \\} for the character)',
        'dấu } nằm ngoài khối đáp án (viết \\} nếu là ký tự)',
      );
    }
    const after = rest.slice(close + 1);
    const stemSource = after.trim() === '' ? rest.slice(0, open) : `${rest.slice(0, open)}_____${after}`;
    collectQuestion(collector, line, name, stemSource, rest.slice(open + 1, close).trim(), metaOf(block), category);
  }
  return { questions: collector.items, categories };
}

function collectQuestion(
  collector: QuestionCollector,
  line: number,
  givenName: string | null,
  stemSource: string,
  answerSource: string,
  meta: TagValues,
  category: string | null,
): void {
  const media: string[] = [];
  const stemFormatted = withFormat(stemSource.trim(), 'moodle');
  const format = stemFormatted.format;
  const convert = (raw: string): string => {
    const { format: f, text } = withFormat(raw.trim(), format);
    const read = toText(reveal(text), f);
    media.push(...read.media);
    return read.text;
  };
  const stem = convert(stemSource);
  const name = givenName ?? (stem === '' ? null : nameFromStem(stem));
  let answers = answerSource;
  let explanation: string | null = null;
  const general = answers.lastIndexOf('####');
  if (general !== -1) {
    explanation = convert(answers.slice(general + 4)) || null;
    answers = answers.slice(0, general).trim();
  }
  const base = { name: name ?? '', stem, topics: meta.topics, difficulty: meta.difficulty, explanation };
  const type = giftType(answers);
  if (type !== 'multichoice' && type !== 'truefalse' && type !== 'shortanswer') {
    return collector.unsupported(line, name, type);
  }
  let question: QuestionContent | ImportProblem;
  if (type === 'truefalse') {
    const [answer, wrong, right] = splitN(answers, '#', 3);
    const isTrue = ['T', 'TRUE'].includes(answer.trim());
    const [wrongFb, rightFb] = [convert(wrong ?? '') || null, convert(right ?? '') || null];
    const options = isTrue ? trueFalseOptions(true, rightFb, wrongFb) : trueFalseOptions(false, wrongFb, rightFb);
    question = { ...base, type: 'true_false', options, shortAnswer: null };
  } else if (type === 'multichoice') {
    question = multichoice(base, answers, convert);
  } else {
    question = shortAnswer(base, answers, meta.ignoreDiacritics);
  }
  if ('code' in question) return collector.refuse(line, name, question);
  if (media.length > 0) return collector.refuse(line, name, embeddedFiles([...new Set(media)]));
  collector.add(line, question, category);
}

type Base = Pick<QuestionContent, 'name' | 'stem' | 'topics' | 'difficulty' | 'explanation'>;

const WEIGHT = /^%(-?[0-9]+(?:\.[0-9]+)?)%/;

function multichoice(base: Base, answers: string, convert: (raw: string) => string): QuestionContent | ImportProblem {
  const single = answers.includes('=');
  const parts = answers.replace(/=/g, '~=').split('~');
  if (parts[0].trim() === '') parts.shift();
  const options: QuestionOption[] = [];
  for (const [i, part] of parts.entries()) {
    let answer = part.trim();
    let fraction = 0;
    const weight = WEIGHT.exec(answer);
    if (answer.startsWith('=')) {
      fraction = 1;
      answer = answer.slice(1);
    } else if (weight) {
      const value = fractionOfPercent(weight[1]);
      if (value === null) return badWeight(i, weight[1]);
      fraction = value;
      answer = answer.slice(weight[0].length);
    }
    const [text, feedback] = splitN(answer, '#', 2);
    options.push({ key: optionKey(i), text: convert(text), fraction, feedback: convert(feedback ?? '') || null });
  }
  return { ...base, type: single ? 'single_choice' : 'multiple_choice', options, shortAnswer: null };
}

function shortAnswer(base: Base, answers: string, ignoreDiacritics: boolean): QuestionContent | ImportProblem {
  const parts = answers.split('=');
  if (parts[0].trim() === '') parts.shift();
  const accepted: Array<{ text: string; fraction: number }> = [];
  for (const [i, part] of parts.entries()) {
    let answer = part.trim();
    let fraction = 1;
    const weight = WEIGHT.exec(answer);
    if (weight) {
      const value = fractionOfPercent(weight[1]);
      if (value === null) return badWeight(i, weight[1]);
      fraction = value;
      answer = answer.slice(weight[0].length);
    }
    const text = oneLine(reveal(withFormat(splitN(answer, '#', 2)[0].trim(), 'plain').text));
    if (fraction !== 0) accepted.push({ text, fraction });
  }
  return { ...base, type: 'short_answer', options: [], shortAnswer: { accepted, ignoreDiacritics } };
}

const badWeight = (i: number, value: string): ImportProblem =>
  problem(
    'bad_fraction',
    `answer ${i + 1}: the weight ${value}% is not between -100% and 100%`,
    `đáp án ${i + 1}: trọng số ${value}% không nằm trong khoảng -100% đến 100%`,
  );

/** Moodle's order of tests (format.php readquestion). */
function giftType(answers: string): string {
  if (answers === '') return 'essay';
  if (answers.startsWith('#')) return 'numerical';
  if (answers.includes('~')) return 'multichoice';
  if (answers.includes('=') && answers.includes('->')) return 'matching';
  const hash = answers.indexOf('#');
  const head = (hash > 0 ? answers.slice(0, hash) : answers).trim();
  return ['T', 'TRUE', 'F', 'FALSE'].includes(head) ? 'truefalse' : 'shortanswer';
}

function withFormat(text: string, fallback: GiftFormat): { format: GiftFormat; text: string } {
  const m = /^\[(html|moodle|plain|markdown)\]/.exec(text);
  return m ? { format: m[1] as GiftFormat, text: text.slice(m[0].length) } : { format: fallback, text };
}

function toText(text: string, format: GiftFormat): TextWithMedia {
  if (format === 'html') return htmlToText(text);
  if (format === 'moodle') return moodleAutoToText(text);
  return plainToText(text);
}

function splitN(text: string, separator: string, parts: number): [string, ...Array<string | undefined>] {
  const out: string[] = [];
  let rest = text;
  while (out.length < parts - 1) {
    const at = rest.indexOf(separator);
    if (at === -1) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  out.push(rest);
  return out as [string, ...string[]];
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Splits the file into question blocks (blank lines between), leaving out comment lines but keeping // @moc. */
function blocks(text: string): Block[] {
  const result: Block[] = [];
  let current: { lines: number[]; texts: string[]; meta: string[] } | null = null;
  const close = (): void => {
    if (current && current.lines.length > 0) {
      result.push({ lines: current.lines, text: current.texts.join('\n'), meta: current.meta });
    }
    current = null;
  };
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '') return close();
    current ??= { lines: [], texts: [], meta: [] };
    if (trimmed.startsWith('//')) {
      const meta = /^\/\/\s*@moc\b(.*)$/.exec(trimmed);
      if (meta) current.meta.push(meta[1]);
      return;
    }
    current.lines.push(i + 1);
    current.texts.push(raw);
  });
  close();
  return result;
}

function metaOf(block: Block): TagValues {
  const values: TagValues = { topics: [], difficulty: null, ignoreDiacritics: false };
  for (const word of block.meta.join(' ').split(/\s+/)) {
    const [key, value] = splitN(word, '=', 2);
    if (key === 'topics') for (const code of (value ?? '').split(',')) applyTag(values, `topic:${code}`);
    else if (key === 'difficulty') applyTag(values, `difficulty:${value ?? ''}`);
    else if (key === 'ignore-diacritics') applyTag(values, 'ignore-diacritics');
  }
  return values;
}

const fail = (line: number, reason: string, reasonVi: string): never => {
  throw new QuestionFileError('not_well_formed', line, `GIFT syntax: ${reason}`, `lỗi cú pháp GIFT: ${reasonVi}`);
};

// ---------------------------------------------------------------------------------------------------------------
// Writing.

/** Moodle's repchar: the special characters escaped, line breaks as \n. */
const escapeGift = (text: string): string => text.replace(/[\\#=~{}:]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/**
 * A GIFT file of the questions, in order, with a $CATEGORY line before each change of category. Texts are written
 * in Moodle's default format unless one of them holds "<" or "&" (then [plain], so Moodle shows them as written).
 */
export function toGift(questions: ReadonlyArray<ExportedQuestion>): string {
  const out: string[] = [];
  let current: string | null = null;
  for (const { question: q, category } of questions) {
    if (category !== current) {
      out.push(`$CATEGORY: ${category === null ? '$course$/top' : `$course$/top/${category}`}`, '');
      current = category;
    }
    const format: GiftFormat = giftTexts(q).some((t) => /[<&]/.test(t)) ? 'plain' : 'moodle';
    const field = (text: string): string => (text.startsWith('[') ? `[${format}]` : '') + escapeGift(text);
    const lines: string[] = [];
    const meta = metaLine(q);
    if (meta) lines.push(meta);
    const head = `::${escapeGift(q.name)}::${format === 'plain' ? '[plain]' : ''}${format === 'plain' ? escapeGift(q.stem) : field(q.stem)}`;
    const general = q.explanation ? `####${field(q.explanation)}` : '';
    if (q.type === 'true_false') {
      const correct = q.options.find((o) => o.fraction > 0)?.key === 'true';
      const right = q.options.find((o) => o.key === (correct ? 'true' : 'false'))?.feedback ?? '';
      const wrong = q.options.find((o) => o.key === (correct ? 'false' : 'true'))?.feedback ?? '';
      const feedback = wrong || right ? `#${field(wrong)}${right ? `#${field(right)}` : ''}` : '';
      lines.push(`${head}{${correct ? 'TRUE' : 'FALSE'}${feedback}${general}}`);
    } else {
      lines.push(`${head}{`);
      if (q.type === 'short_answer') {
        for (const a of q.shortAnswer?.accepted ?? []) {
          const weight = a.fraction === 1 && !a.text.startsWith('%') ? '' : `%${percentOf(a.fraction)}%`;
          lines.push(`\t=${weight}${escapeGift(a.text)}`);
        }
      } else {
        for (const o of q.options) {
          lines.push(`\t${choicePrefix(q, o)}${field(o.text)}${o.feedback ? `#${field(o.feedback)}` : ''}`);
        }
      }
      if (general) lines.push(`\t${general}`);
      lines.push('}');
    }
    out.push(...lines, '');
  }
  return out.join('\n');
}

function choicePrefix(q: QuestionContent, o: QuestionOption): string {
  if (q.type === 'single_choice' && o.fraction === 1) return '=';
  if (o.fraction === 0 && !o.text.startsWith('%')) return '~';
  return `~%${percentOf(o.fraction)}%`;
}

function giftTexts(q: QuestionContent): string[] {
  return [q.stem, q.explanation ?? '', ...q.options.flatMap((o) => [o.text, o.feedback ?? ''])];
}

function metaLine(q: QuestionContent): string | null {
  const words = tagsOf(q).map((tag) => tag.replace(/^topic:/, 'topic=').replace(/^difficulty:/, 'difficulty='));
  const topics = words.filter((w) => w.startsWith('topic=')).map((w) => w.slice(6));
  const others = words.filter((w) => !w.startsWith('topic='));
  const all = [...(topics.length > 0 ? [`topics=${topics.join(',')}`] : []), ...others];
  return all.length > 0 ? `// @moc ${all.join(' ')}` : null;
}
