import { DomainError } from '@app/common';

export type QuestionFileErrorKind =
  | 'not_well_formed' // XML syntax, GIFT braces or names
  | 'doctype' // <!DOCTYPE> / <!ENTITY>: refused (no external entities, no entity expansion)
  | 'encoding' // not UTF-8
  | 'not_moodle_xml' // well-formed XML whose root is not <quiz>
  | 'header' // CSV/XLSX header row without the required columns
  | 'too_large' // more bytes than MAX_QUESTION_FILE_BYTES
  | 'too_many_questions'; // more than MAX_QUESTIONS_PER_FILE

/**
 * The whole file is refused: it cannot be read as questions at all (as opposed to one question that cannot be
 * imported, which is an ImportedQuestion with ok: false). `line` is the line (or spreadsheet row) where the
 * problem was found, when there is one; the messages already name it.
 */
export class QuestionFileError extends DomainError {
  readonly code = 'QUESTION_FILE_INVALID';
  readonly status: number;

  constructor(
    readonly kind: QuestionFileErrorKind,
    readonly line: number | null,
    readonly reason: string,
    readonly reasonVi: string,
  ) {
    const where = line === null ? '' : `line ${line}: `;
    const whereVi = line === null ? '' : `dòng ${line}: `;
    super(`${where}${reason}`, { kind, line, messageVi: `${whereVi}${reasonVi}` });
    this.status = kind === 'too_large' || kind === 'too_many_questions' ? 413 : 400;
  }

  /** The message in Vietnamese, with the line. */
  get messageVi(): string {
    return (this.details as { messageVi: string }).messageVi;
  }
}
