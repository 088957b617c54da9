import type { QuestionContent, QuestionOption } from '../question-model';
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
import { embeddedFiles, problem, QuestionCollector, QuestionImportOptions, ImportProblem } from './question-collector';
import { normaliseShortAnswer } from '../question-rules';
import { QuestionFileError } from './question-file-error';
import {
  decodeUtf8,
  fractionOfPercent,
  htmlToText,
  moodleAutoToText,
  nameFromStem,
  oneLine,
  percentOf,
  plainToText,
  questionText,
  TextWithMedia,
  textToHtml,
} from './question-text';
import { cdata, child, childElements, escapeXml, readXml, textOf, XmlElement } from './xml-reader';

/**
 * Moodle XML (Moodle's "Moodle XML format" question export), read and written.
 *
 * Read: multichoice (single="true" → single_choice, "false" → multiple_choice; fractions in percent, negative and
 * decimal), truefalse, shortanswer; category entries ($course$/top/A/B → category "A/B", applying to the questions
 * after it); <name>; questiontext, answers and feedback in the formats html, moodle_auto_format (HTML where a line
 * break is a line break), plain_text and markdown (kept as written), converted to plain text (tags dropped, entities
 * decoded, line breaks kept, NFC, invisible characters removed); generalfeedback → explanation; per-option feedback.
 * Tags "topic:<code>", "difficulty:<easy|medium|hard>" and "ignore-diacritics" carry what Moodle has no field for
 * (Moodle keeps question tags through its own export and import, so a bank survives a trip through Moodle).
 *
 * Not imported, reported per question: every other type ("not imported: type essay"…); a question showing or
 * linking a file (@@PLUGINFILE@@, <img>, <audio>…: the file would be lost); a short answer with a * wildcard;
 * a case-sensitive short answer (usecase=1) whose accepted answers differ only by case. Other usecase=1 questions
 * are imported case-insensitively: Mộc compares short answers ignoring case, always. Short-answer per-answer feedback
 * and answers worth 0% (typically Moodle's "*" catch-all) are dropped: Mộc's accepted answers carry neither.
 *
 * Refused as a whole file (QuestionFileError with the line): not well-formed XML, a DOCTYPE or entity declaration,
 * a root other than <quiz>, not UTF-8, more than MAX_QUESTION_FILE_BYTES or QUESTION_LIMITS.questionsPerFile.
 */

export type MoodleXmlImport = QuestionFileImport;

const SUPPORTED = new Set(['multichoice', 'truefalse', 'shortanswer']);

export function parseMoodleXml(input: Buffer | string, options: QuestionImportOptions = {}): MoodleXmlImport {
  const root = readXml(decodeUtf8(input));
  if (root.name !== 'quiz') {
    throw new QuestionFileError(
      'not_moodle_xml',
      root.line,
      `this is not a Moodle XML question file: the root element is <${root.name}>, not <quiz>`,
      `đây không phải tệp câu hỏi Moodle XML: phần tử gốc là <${root.name}>, không phải <quiz>`,
    );
  }
  const collector = new QuestionCollector(options, 'line');
  const categories: string[] = [];
  let category: string | null = null;
  for (const element of childElements(root, 'question')) {
    const type = (element.attributes.type ?? '').trim();
    if (type === 'category') {
      category = categoryPath(fieldText(child(element, 'category')));
      if (category !== null && !categories.includes(category)) categories.push(category);
      continue;
    }
    const name = oneLine(fieldText(child(element, 'name'))) || null;
    if (!SUPPORTED.has(type)) {
      collector.unsupported(element.line, name, type === '' ? '(none)' : type);
      continue;
    }
    const read = readQuestion(element, type, name);
    if ('code' in read) collector.refuse(element.line, read.name ?? name, read);
    else collector.add(element.line, read, category);
  }
  return { questions: collector.items, categories };
}

type ReadResult = QuestionContent | (ImportProblem & { name: string | null });

function readQuestion(element: XmlElement, type: string, givenName: string | null): ReadResult {
  const media: string[] = [];
  const rich = (field: XmlElement | undefined): string => {
    const read = richText(field);
    media.push(...read.media);
    return read.text;
  };
  const stem = rich(child(element, 'questiontext'));
  const name = givenName ?? (stem === '' ? null : nameFromStem(stem));
  const explanation = rich(child(element, 'generalfeedback')) || null;
  const answers = childElements(element, 'answer');
  const fail = (p: ImportProblem): ReadResult => ({ ...p, name });
  const fractions: number[] = [];
  for (const [i, answer] of answers.entries()) {
    const fraction = fractionOfPercent(answer.attributes.fraction ?? '0');
    if (fraction === null) {
      return fail(
        problem(
          'bad_fraction',
          `answer ${i + 1}: the fraction "${answer.attributes.fraction}" is not a percentage between -100 and 100`,
          `đáp án ${i + 1}: điểm "${answer.attributes.fraction}" không phải phần trăm từ -100 đến 100`,
        ),
      );
    }
    fractions.push(fraction);
  }
  const { topics, difficulty, ignoreDiacritics } = readTags(element);
  const base = { name: name ?? '', stem, topics, difficulty, explanation };
  let question: QuestionContent;
  if (type === 'shortanswer') {
    // Accepted answers are literal text in every format (Moodle compares them as typed).
    const accepted = answers
      .map((a, i) => ({ text: oneLine(fieldText(a)), fraction: fractions[i] }))
      .filter((a) => a.fraction !== 0);
    const wildcard = accepted.find((a) => a.text.includes('*'));
    if (wildcard) {
      return fail(
        problem(
          'wildcard',
          `the accepted answer "${wildcard.text}" uses the * wildcard, which Mộc does not support`,
          `đáp án "${wildcard.text}" dùng ký tự đại diện *, Mộc chưa hỗ trợ`,
        ),
      );
    }
    if (textOf(child(element, 'usecase')).trim() === '1') {
      const byKey = new Map<string, string>();
      for (const a of accepted) {
        const first = byKey.get(normaliseShortAnswer(a.text, false));
        if (first !== undefined) {
          return fail(
            problem(
              'case_sensitive',
              `the answers "${first}" and "${a.text}" differ only by case; Mộc compares short answers ignoring case`,
              `đáp án "${first}" và "${a.text}" chỉ khác chữ hoa/thường; Mộc không phân biệt chữ hoa/thường`,
            ),
          );
        }
        byKey.set(normaliseShortAnswer(a.text, false), a.text);
      }
    }
    question = { ...base, type: 'short_answer', options: [], shortAnswer: { accepted, ignoreDiacritics } };
  } else if (type === 'truefalse') {
    const find = (value: string): number => answers.findIndex((a) => richText(a).text.toLowerCase() === value);
    const [t, f] = [find('true'), find('false')];
    if (t === -1 || f === -1 || answers.length !== 2) {
      return fail(
        problem(
          'bad_question',
          'a true/false question needs the two answers "true" and "false"',
          'câu Đúng/Sai cần đúng hai đáp án "true" và "false"',
        ),
      );
    }
    if (fractions[t] !== 1 && fractions[f] !== 1) {
      return fail(
        problem(
          'no_correct_answer',
          'neither "true" nor "false" is worth 100%',
          'cả "true" và "false" đều không được 100%',
        ),
      );
    }
    const trueIsCorrect = fractions[t] === 1;
    question = {
      ...base,
      type: 'true_false',
      options: trueFalseOptions(trueIsCorrect, feedbackOf(answers[t], media), feedbackOf(answers[f], media)),
      shortAnswer: null,
    };
  } else {
    const single = textOf(child(element, 'single')).trim().toLowerCase();
    const options: QuestionOption[] = answers.map((a, i) => ({
      key: optionKey(i),
      text: rich(a),
      fraction: fractions[i],
      feedback: feedbackOf(a, media),
    }));
    const type = single === 'false' || single === '0' ? 'multiple_choice' : 'single_choice';
    question = { ...base, type, options, shortAnswer: null };
  }
  if (media.length > 0) return fail(embeddedFiles([...new Set(media)]));
  return question;
}

function feedbackOf(answer: XmlElement, media: string[]): string | null {
  const read = richText(child(answer, 'feedback'));
  media.push(...read.media);
  return read.text || null;
}

/** <x format="…"><text>…</text></x> as plain text. */
function richText(field: XmlElement | undefined): TextWithMedia {
  const text = fieldText(field);
  if (text === '') return { text: '', media: [] };
  switch ((field?.attributes.format ?? 'html').trim()) {
    case 'plain_text':
    case 'markdown':
      return plainToText(text);
    case 'moodle_auto_format':
      return moodleAutoToText(text);
    default:
      return htmlToText(text);
  }
}

const fieldText = (field: XmlElement | undefined): string => textOf(child(field, 'text'));

function readTags(element: XmlElement): TagValues {
  const values: TagValues = { topics: [], difficulty: null, ignoreDiacritics: false };
  for (const tag of childElements(child(element, 'tags') ?? element, 'tag')) {
    applyTag(values, fieldText(tag));
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing.

/**
 * A Moodle XML file of the questions, in order, with a category entry before each change of category (null after a
 * category is written as the top category, which reads back as null). Texts are written as HTML (escaped, <p> per
 * paragraph, <br> per line break) inside CDATA, short answers as text, true/false answers as "true"/"false".
 */
export function toMoodleXml(questions: ReadonlyArray<ExportedQuestion>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  let current: string | null = null;
  for (const { question: q, category } of questions) {
    if (category !== current) {
      const path = category === null ? '$course$/top' : `$course$/top/${category}`;
      out.push('  <question type="category">', `    <category>${textElement(path)}</category>`, '  </question>');
      current = category;
    }
    const type = q.type === 'short_answer' ? 'shortanswer' : q.type === 'true_false' ? 'truefalse' : 'multichoice';
    out.push(`  <question type="${type}">`);
    out.push(`    <name>${textElement(q.name)}</name>`);
    out.push(`    <questiontext format="html">${htmlElement(q.stem)}</questiontext>`);
    out.push(`    <generalfeedback format="html">${htmlElement(q.explanation ?? '')}</generalfeedback>`);
    out.push('    <defaultgrade>1</defaultgrade>', '    <penalty>0.3333333</penalty>', '    <hidden>0</hidden>');
    switch (q.type) {
      case 'single_choice':
      case 'multiple_choice':
        out.push(`    <single>${q.type === 'single_choice'}</single>`);
        out.push('    <shuffleanswers>true</shuffleanswers>', '    <answernumbering>abc</answernumbering>');
        for (const o of q.options) {
          out.push(`    <answer fraction="${percentOf(o.fraction)}" format="html">${htmlElement(o.text)}`);
          out.push(`      <feedback format="html">${htmlElement(o.feedback ?? '')}</feedback>`, '    </answer>');
        }
        break;
      case 'true_false':
        for (const value of ['true', 'false']) {
          const o = q.options.find((x) => x.key === value);
          out.push(
            `    <answer fraction="${percentOf(o?.fraction ?? 0)}" format="moodle_auto_format">${textElement(value)}`,
          );
          out.push(`      <feedback format="html">${htmlElement(o?.feedback ?? '')}</feedback>`, '    </answer>');
        }
        break;
      case 'short_answer':
        out.push('    <usecase>0</usecase>');
        for (const a of q.shortAnswer?.accepted ?? []) {
          out.push(
            `    <answer fraction="${percentOf(a.fraction)}" format="moodle_auto_format">${textElement(a.text)}`,
          );
          out.push('      <feedback format="html"><text></text></feedback>', '    </answer>');
        }
        break;
    }
    const tags = tagsOf(q);
    if (tags.length > 0) {
      out.push('    <tags>', ...tags.map((t) => `      <tag>${textElement(t)}</tag>`), '    </tags>');
    }
    out.push('  </question>');
  }
  out.push('</quiz>', '');
  return out.join('\n');
}

const textElement = (text: string): string => `<text>${escapeXml(text)}</text>`;
const htmlElement = (text: string): string =>
  text === '' ? '<text></text>' : `<text>${cdata(textToHtml(questionText(text)))}</text>`;
