import {
  CsvSyntaxError,
  DomainError,
  readXlsxSheetRows,
  searchKey,
  splitCsvText,
  XlsxLimits,
  XlsxUnreadableError,
} from '@app/common';
import { orderTopicTags, TOPIC_TAGS } from '@app/learning';
import {
  decodeUtf8,
  MAX_QUESTION_FILE_BYTES,
  parseGift,
  parseMoodleXml,
  parseQuestionRows,
  QuestionFileError,
  QuestionFileImport,
} from '../formats';
import type { ImportedQuestion } from '../question-model';
import { QUESTION_LIMITS } from '../question-rules';

export const QUESTION_FILE_FORMATS = ['xml', 'gift', 'csv', 'xlsx'] as const;
export type QuestionFileFormat = (typeof QUESTION_FILE_FORMATS)[number];

/** Largest question file accepted (the HTTP layer enforces it too, before the body is buffered). */
export const MAX_QUESTION_UPLOAD_BYTES = MAX_QUESTION_FILE_BYTES;

/**
 * Stricter bounds than the roster's for an XLSX question file (the bounded guard of libs/common/src/uploads): one
 * header row and at most QUESTION_LIMITS.questionsPerFile questions; the documented columns (≤ 52) and a few more.
 */
export const QUESTION_XLSX_LIMITS: Partial<XlsxLimits> = {
  maxFileBytes: MAX_QUESTION_UPLOAD_BYTES,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxRows: QUESTION_LIMITS.questionsPerFile + 1,
  maxColumns: 64,
  maxSharedStrings: 300_000,
  maxSharedStringChars: 30_000_000,
};

/** CSV rows accepted: a header and at most QUESTION_LIMITS.questionsPerFile questions. */
const MAX_CSV_ROWS = QUESTION_LIMITS.questionsPerFile + 1;

/**
 * The format of an upload, from its name (.xml Moodle XML, .gift or .txt GIFT, .csv, .xlsx) checked against its first
 * bytes (an XLSX is a zip; the others are text). 415 naming the accepted kinds otherwise.
 */
export function questionFileFormat(fileName: string | undefined, head: Buffer): QuestionFileFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase() ?? '';
  const zip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const format: QuestionFileFormat | null =
    ext === 'xml'
      ? 'xml'
      : ext === 'gift' || ext === 'txt'
        ? 'gift'
        : ext === 'csv'
          ? 'csv'
          : ext === 'xlsx'
            ? 'xlsx'
            : null;
  if (format === null || (format === 'xlsx') !== zip) throw new QuestionFileKindError(ext);
  return format;
}

/** Not one of the accepted kinds of question file. 415. */
export class QuestionFileKindError extends DomainError {
  readonly code = 'QUESTION_FILE_UNSUPPORTED';
  readonly status = 415;
  constructor(ext: string) {
    const en = `a question file is Moodle XML (.xml), GIFT (.gift, .txt), CSV (.csv) or Excel (.xlsx)${ext ? `; this one is .${ext} or does not match its name` : ''}`;
    const vi = `tệp câu hỏi phải là Moodle XML (.xml), GIFT (.gift, .txt), CSV (.csv) hoặc Excel (.xlsx)${ext ? `; tệp này là .${ext} hoặc không đúng với tên` : ''}`;
    super(`${vi} (${en})`, { field: 'file', messageVi: vi });
  }
}

/**
 * Every question of a file, in order, imported or not (with the reason). Refuses the whole file with
 * QuestionFileError (400 with the line: not well-formed XML/GIFT, a CSV quote not closed, a bad header), or the
 * bounded guard's UploadLimitError (413/400) / UnreadableArchiveError (415) for an XLSX.
 */
export async function readQuestionFile(buffer: Buffer, format: QuestionFileFormat): Promise<QuestionFileImport> {
  switch (format) {
    case 'xml':
      return parseMoodleXml(buffer);
    case 'gift':
      return parseGift(buffer);
    case 'csv':
      return rowsImport(parseQuestionRows(csvRows(buffer)));
    case 'xlsx':
      return rowsImport(await xlsxQuestions(buffer));
  }
}

function csvRows(buffer: Buffer): string[][] {
  const text = decodeUtf8(buffer);
  try {
    return splitCsvText(text, MAX_CSV_ROWS);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new QuestionFileError('not_well_formed', e.row, `the CSV is malformed: ${e.message}`, e.messageVi);
    }
    throw e;
  }
}

/** The first sheet's rows at their spreadsheet row numbers; a row with an unreadable cell is not imported. */
async function xlsxQuestions(buffer: Buffer): Promise<ImportedQuestion[]> {
  const rows: string[][] = [];
  const broken = new Map<number, { code: string; reason: string; reasonVi: string }>();
  try {
    for await (const batch of readXlsxSheetRows(buffer, QUESTION_XLSX_LIMITS)) {
      for (const row of batch) {
        while (rows.length < row.rowNumber - 1) rows.push([]);
        rows[row.rowNumber - 1] = row.cells;
        const p = row.problems?.[0];
        if (p) broken.set(row.rowNumber, { code: p.code, reason: p.reason, reasonVi: p.reasonVi });
      }
    }
  } catch (e) {
    if (e instanceof XlsxUnreadableError) {
      throw new QuestionFileError('not_well_formed', null, e.message, e.messageVi);
    }
    throw e;
  }
  const header = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (header < 0) return [];
  return parseQuestionRows(rows.slice(header), { firstRowNumber: header + 1 }).map((item) => {
    const p = item.line === null ? undefined : broken.get(item.line);
    if (!p) return item;
    const name = item.ok ? item.question.name : item.name;
    return { ok: false, line: item.line, name, ...p };
  });
}

function rowsImport(questions: ImportedQuestion[]): QuestionFileImport {
  const categories = [...new Set(questions.flatMap((q) => (q.ok && q.category !== null ? [q.category] : [])))];
  return { questions, categories };
}

const topicKey = (text: string): string => searchKey(text).replace(/\s+/g, ' ');
/** A label without its trailing abbreviation: "Công ước về quyền trẻ em (CRC)" → "Công ước về quyền trẻ em". */
const bare = (label: string): string => label.replace(/\s*\([^)]*\)\s*$/, '');
const TOPIC_BY_KEY = new Map<string, string>(
  TOPIC_TAGS.flatMap((t) =>
    [t.code, t.vi, t.en, bare(t.vi), bare(t.en)].map((label) => [topicKey(label), t.code] as const),
  ),
);

/**
 * The topic a category names: its last segment ("$course$/top/Công ước/CRC" → "CRC") equals a topic code ("crc") or a
 * topic's Vietnamese or English label, with or without its abbreviation in brackets ("Công ước về quyền trẻ em (CRC)",
 * "Công ước về quyền trẻ em", "Convention on the Rights of the Child"), ignoring case, diacritics and runs of spaces.
 * Null when none does ("Quyền trẻ em"): the question is then imported without a topic from its category, and the
 * report says so.
 */
export function categoryTopic(category: string): string | null {
  const last = category.split('/').pop() ?? '';
  return TOPIC_BY_KEY.get(topicKey(last)) ?? null;
}

/** A question's topics with its category's topic added (catalogue order, no repeats). */
export const withCategoryTopic = (topics: readonly string[], category: string | null): string[] => {
  const code = category === null ? null : categoryTopic(category);
  return orderTopicTags(code ? [...topics, code] : topics);
};

/** The category written for a question on export: its first topic's Vietnamese label, read back by categoryTopic. */
export const exportCategory = (topics: readonly string[]): string | null =>
  TOPIC_TAGS.find((t) => t.code === topics[0])?.vi ?? null;
