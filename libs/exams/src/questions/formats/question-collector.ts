import type { ImportedQuestion, QuestionContent } from '../question-model';
import { checkQuestion, QUESTION_LIMITS, QuestionRuleOptions } from '../question-rules';
import { QuestionFileError } from './question-file-error';

/** What an importer is told: which topic codes exist (question-rules.ts decides what a valid question is). */
export type QuestionImportOptions = QuestionRuleOptions;

/** Why a question of a file is not imported (the code, reason and reasonVi of an ImportedQuestion with ok: false). */
export interface ImportProblem {
  code: string;
  reason: string;
  reasonVi: string;
}

export const problem = (code: string, reason: string, reasonVi: string): ImportProblem => ({
  code,
  reason,
  reasonVi,
});

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
    if (this.lineByName.has(question.name.toLowerCase())) {
      const first = this.lineByName.get(question.name.toLowerCase());
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
    this.lineByName.set(question.name.toLowerCase(), line);
    this.items.push({ ok: true, line, question, category });
  }

  refuse(line: number | null, name: string | null, p: ImportProblem): void {
    this.next(line);
    this.push(line, name, p);
  }

  private push(line: number | null, name: string | null, p: ImportProblem): void {
    this.items.push({ ok: false, line, name, code: p.code, reason: p.reason, reasonVi: p.reasonVi });
  }

  /** A question this file has but Mộc does not import (an essay, a matching question…). */
  unsupported(line: number | null, name: string | null, type: string): void {
    this.refuse(line, name, unsupportedType(type));
  }
}

export const unsupportedType = (type: string): ImportProblem =>
  problem('unsupported_type', `not imported: type ${type}`, `không nhập: loại câu hỏi ${type} chưa được hỗ trợ`);

/** A question that shows or links files the import cannot carry (no storage of embedded files yet). */
export const embeddedFiles = (files: string[]): ImportProblem => {
  const list = files.map((f) => `"${f}"`).join(', ');
  return problem(
    'embedded_file',
    `not imported: the question shows or links the file ${list}, which is not imported (add it to the question in Mộc)`,
    `không nhập: câu hỏi có tệp đính kèm ${list} chưa được nhập (hãy thêm lại trong Mộc)`,
  );
};
