import { DomainError } from '@app/common';
import { ROSTER_COLUMN_BY_KEY, RosterColumnKey } from './roster-columns';

/** One reason a row (or the header, or the file) cannot be imported. `row` is the row number seen in Excel. */
export interface RosterProblem {
  row: number;
  /** The column at fault (its stable key); null when the problem is the row or the file as a whole. */
  field: RosterColumnKey | null;
  /**
   * The same column as the file's own header names it ("Mã đơn vị", "unit_code", "Đơn vị"…), for people; set by
   * the import once the header row is known (withColumn), else absent.
   */
  column?: string | null;
  /** Stable machine code (for tests, filters and i18n). */
  code: RosterProblemCode;
  /** Short English reason. */
  reason: string;
  /** The same reason in Vietnamese, for the import page. */
  reasonVi: string;
}

export type RosterProblemCode =
  | 'required'
  | 'formula'
  | 'control_chars'
  | 'too_short'
  | 'too_long'
  | 'no_letter'
  | 'bad_code'
  | 'bad_role' // no longer raised (role names are accepted): kept for the reports of older imports
  | 'unknown_role'
  | 'ambiguous_role'
  | 'no_role'
  | 'bad_email'
  | 'bad_phone'
  | 'bad_gender'
  | 'bad_date'
  | 'impossible_date'
  | 'date_out_of_range'
  | 'bad_status'
  | 'duplicate_code'
  | 'cell_error'
  | 'formula_without_value'
  | 'missing_column'
  | 'duplicate_column';

/**
 * The problem with `column` set: the header the file used for its field (`headers`, from the header row), else the
 * documented Vietnamese header (a missing column), else null (the row as a whole).
 */
export function withColumn<P extends Pick<RosterProblem, 'field' | 'column'>>(
  p: P,
  headers: Partial<Record<RosterColumnKey, string>>,
): P {
  if (p.column) return p;
  return { ...p, column: p.field ? (headers[p.field] ?? ROSTER_COLUMN_BY_KEY[p.field].headerVi) : null };
}

/** A notice that does not stop the import (ignored columns, skipped empty rows). */
export interface RosterNotice {
  code: 'ignored_columns' | 'empty_rows_skipped' | 'other_sheets_ignored';
  message: string;
  messageVi: string;
}

export const problem = (
  row: number,
  field: RosterColumnKey | null,
  code: RosterProblemCode,
  reason: string,
  reasonVi: string,
): RosterProblem => ({ row, field, code, reason, reasonVi });

/**
 * The uploaded file cannot be read as a roster at all: not CSV or XLSX, not UTF-8, malformed CSV, or an
 * unreadable workbook. `details` carries `{ detected, messageVi }`. 415: the request is fine, the media is not.
 */
export class RosterFileUnsupportedError extends DomainError {
  readonly code = 'ROSTER_FILE_UNSUPPORTED';
  readonly status = 415;
  constructor(
    message: string,
    readonly messageVi: string,
    readonly detected: string,
  ) {
    super(message, { detected, messageVi });
  }
}

/** The file is readable but its header row is not a roster header (missing or duplicate columns). */
export class RosterHeaderError extends DomainError {
  readonly code = 'ROSTER_HEADER_INVALID';
  readonly status = 400;
  constructor(readonly problems: RosterProblem[]) {
    super(problems.map((p) => p.reason).join('; '), { problems });
  }
}

/** More data rows than one import accepts (a guard against zip bombs and mistaken uploads). */
export class RosterTooLargeError extends DomainError {
  readonly code = 'ROSTER_TOO_MANY_ROWS';
  readonly status = 413;
  constructor(readonly maxRows: number) {
    super(`The file has more than ${maxRows} rows; split it into smaller files`, {
      maxRows,
      messageVi: `Tệp có hơn ${maxRows} dòng; hãy chia thành các tệp nhỏ hơn`,
    });
  }
}
