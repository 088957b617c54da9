import type { Difficulty, ImportedQuestion, QuestionContent, QuestionOption } from '../question-model';
import { DIFFICULTIES } from '../question-model';
import { oneLine } from './question-text';

/** Pieces the file formats share: option keys, true/false options, category paths, the tags of our extra fields. */

/** A question to export with its category (written as a Moodle category / GIFT $CATEGORY / the CSV column). */
export interface ExportedQuestion {
  question: QuestionContent;
  category: string | null;
}

/** What an import returns: every question of the file in order (imported or not, with the reason) and the categories. */
export interface QuestionFileImport {
  questions: ImportedQuestion[];
  /** Categories met in the file, in order, without repeats (to be mapped to topics by the caller). */
  categories: string[];
}

/** "a", "b", … "z", then "o27"…: the keys given to options read from a file, in file order. */
export const optionKey = (index: number): string => (index < 26 ? String.fromCharCode(97 + index) : `o${index + 1}`);

/** The two options of a true/false question: keys "true" and "false", texts "Đúng" and "Sai". */
export function trueFalseOptions(
  trueIsCorrect: boolean,
  trueFeedback: string | null = null,
  falseFeedback: string | null = null,
): QuestionOption[] {
  return [
    { key: 'true', text: 'Đúng', fraction: trueIsCorrect ? 1 : 0, feedback: trueFeedback },
    { key: 'false', text: 'Sai', fraction: trueIsCorrect ? 0 : 1, feedback: falseFeedback },
  ];
}

const CONTEXT_PREFIX = /^\$(?:course|system|module|coursecategory|cat)\$\/?/;

/** "$course$/top/Công ước/CEDAW" → "Công ước/CEDAW"; the top category alone → null. */
export function categoryPath(raw: string): string | null {
  const path = oneLine(raw)
    .replace(CONTEXT_PREFIX, '')
    .replace(/^top(?:\/|$)/, '');
  const parts = path.split(/(?<!\/)\/(?!\/)/).map((p) => p.trim());
  const clean = parts.filter((p) => p !== '').join('/');
  return clean === '' ? null : clean;
}

export interface TagValues {
  topics: string[];
  difficulty: Difficulty | null;
  ignoreDiacritics: boolean;
}

/** One "topic:x" / "difficulty:x" / "ignore-diacritics" tag (GIFT carries the same words in a comment). */
export function applyTag(values: TagValues, raw: string): void {
  const tag = oneLine(raw);
  const lower = tag.toLowerCase();
  if (lower.startsWith('topic:')) {
    const code = lower.slice(6).trim();
    if (code !== '' && !values.topics.includes(code)) values.topics.push(code);
  } else if (lower.startsWith('difficulty:')) {
    const value = lower.slice(11).trim();
    values.difficulty = DIFFICULTIES.includes(value as Difficulty) ? (value as Difficulty) : values.difficulty;
  } else if (lower === 'ignore-diacritics') {
    values.ignoreDiacritics = true;
  }
}

/** The tags that carry topics, difficulty and the diacritics rule. */
export function tagsOf(q: QuestionContent): string[] {
  return [
    ...q.topics.map((t) => `topic:${t}`),
    ...(q.difficulty ? [`difficulty:${q.difficulty}`] : []),
    ...(q.shortAnswer?.ignoreDiacritics ? ['ignore-diacritics'] : []),
  ];
}
