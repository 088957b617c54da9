import { cleanLine, effectiveDateBounds, emailAddress, hasReadableText } from '@app/common';
import type { RosterRecord } from './parse-roster';
import { ROSTER_COLUMN_BY_KEY, ROSTER_COLUMNS, RosterColumnKey } from './roster-columns';
import { problem, RosterProblem, RosterProblemCode } from './roster-problems';
import { RoleCatalogue } from './role-catalogue';
import { addYears, Gender, parseDate, parseGender, parseStatus, PersonStatus } from './roster-values';

/** A valid roster row, normalised: NFC, trimmed, inner whitespace collapsed, dates yyyy-mm-dd. */
export interface RosterRow {
  employeeCode: string;
  fullName: string;
  unitCode: string;
  /** Codes of active roles (the cell may name them by code or name), de-duplicated, in file order; at least one. */
  roles: string[];
  positionTitle: string | null;
  /** Lower-case. */
  email: string | null;
  /** Digits with an optional leading +. */
  phone: string | null;
  gender: Gender | null;
  birthDate: string | null;
  status: PersonStatus;
  statusFrom: string | null;
}

export interface RosterValidationContext {
  /** Today (yyyy-mm-dd, from the Clock): bounds birth dates (≤ today − 15 years) and status dates (effectiveDateBounds). */
  today: string;
  /** The active roles: a role cell names them by code or by Vietnamese or English name. */
  roles: RoleCatalogue;
}

/**
 * A refused row still says which unit and employee code it names when those cells are fine, so the database checks
 * (unit in the subtree, code held elsewhere) run for it too and the row's every problem is reported at once.
 */
export type RowValidation =
  | { ok: true; row: RosterRow }
  | { ok: false; problems: RosterProblem[]; unitCode: string | null; employeeCode: string | null };

type Values = Partial<Record<RosterColumnKey, string>>;

const CODE = /^[A-Za-z0-9._/-]{1,40}$/;
const FORMULA_START = /^[=+\-@]/;
const PHONE_LIKE = /^\+[\d\s().-]+$/; // "+84 912 345 678" starts with + but is a phone number, not a formula
// Control characters other than whitespace (which cleanLine turns into spaces) have no place in a roster.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** Why a cell is refused; rows that pass allocate none of these. */
class Issue {
  constructor(
    readonly code: RosterProblemCode,
    readonly reason: string,
    readonly reasonVi: string,
  ) {}
}
const FORMULA = new Issue('formula', 'looks like a spreadsheet formula', 'trông giống công thức bảng tính');
const REQUIRED = new Issue('required', 'is required', 'bắt buộc phải có');
const CONTROL_CHARS = new Issue('control_chars', 'contains control characters', 'chứa ký tự điều khiển');

/** A cell's clean text; null when empty; an Issue for a formula or control characters. */
function cell(values: Values, field: RosterColumnKey): string | null | Issue {
  const raw = values[field];
  if (raw === undefined) return null;
  const first = raw.charCodeAt(0);
  if (first === 9 || first === 13) return FORMULA; // a leading tab or CR would be lost by trimming
  const text = cleanLine(raw);
  if (text === '') return null;
  if (FORMULA_START.test(text) && !(field === 'phone' && PHONE_LIKE.test(text))) return FORMULA;
  return text.length > 0 && CONTROL.test(text) ? CONTROL_CHARS : text;
}

/** Collects the problems of one row; `take` passes values through and turns Issues into problems (and null). */
class RowProblems {
  list: RosterProblem[] | null = null;
  constructor(private readonly row: number) {}
  take<T>(field: RosterColumnKey, value: T | Issue): T | null {
    if (!(value instanceof Issue)) return value;
    (this.list ??= []).push(problem(this.row, field, value.code, value.reason, value.reasonVi));
    return null;
  }
}

/** Validate and normalise one data row. `rowNumber` goes into the problems. */
export function validateRow(values: Values, ctx: RosterValidationContext & { rowNumber: number }): RowValidation {
  const p = new RowProblems(ctx.rowNumber);
  const required = (field: RosterColumnKey): string | null | Issue => {
    const text = cell(values, field);
    return text === null ? REQUIRED : text;
  };
  const optional = <T>(field: RosterColumnKey, check: (text: string) => T | Issue): T | null => {
    const text = p.take(field, cell(values, field));
    return text === null ? null : p.take(field, check(text));
  };
  const employeeCode = p.take('employee_code', then(required('employee_code'), code));
  const fullName = p.take('full_name', then(required('full_name'), name));
  const unitCode = p.take('unit_code', then(required('unit_code'), code));
  const roles = p.take(
    'roles',
    then(required('roles'), (t) => roleCodes(ctx.roles, t)),
  );
  const positionTitle = optional('position_title', (t) => (t.length > 200 ? tooLong(200) : t));
  const email = optional('email', emailOf);
  const phone = optional('phone', phoneOf);
  const gender = optional('gender', (t) => parseGender(t) ?? BAD_GENDER);
  const status = optional('status', (t) => parseStatus(t) ?? BAD_STATUS);
  const birthDate = optional('birth_date', (t) => dateIn(t, '1940-01-01', addYears(ctx.today, -15)));
  // The status date is an effective date: the same rule as every change on the API (effectiveDateBounds).
  const statusFrom = optional('status_from', (t) => {
    const { earliest, latest } = effectiveDateBounds(ctx.today);
    return dateIn(t, earliest, latest);
  });
  if (p.list) return { ok: false, problems: sortByColumn(p.list), unitCode, employeeCode };
  return {
    ok: true,
    row: {
      employeeCode: employeeCode!,
      fullName: fullName!,
      unitCode: unitCode!,
      roles: roles!,
      positionTitle,
      email,
      phone,
      gender,
      birthDate,
      status: status ?? 'active',
      statusFrom,
    },
  };
}

const then = <T>(value: string | null | Issue, check: (text: string) => T | Issue): T | Issue | null =>
  value === null || value instanceof Issue ? value : check(value);

const tooLong = (max: number): Issue =>
  new Issue('too_long', `must have at most ${max} characters`, `tối đa ${max} ký tự`);
const BAD_GENDER = new Issue(
  'bad_gender',
  'must be Nam, Nữ or Khác (male, female, other)',
  'phải là Nam, Nữ hoặc Khác',
);
const BAD_STATUS = new Issue(
  'bad_status',
  'must be đang công tác, nghỉ phép or đã nghỉ (active, on_leave, left)',
  'phải là đang công tác, nghỉ phép hoặc đã nghỉ',
);
const BAD_CODE = new Issue(
  'bad_code',
  'must be 1–40 letters, digits or . _ / - (no spaces)',
  'chỉ gồm 1–40 chữ cái không dấu, chữ số hoặc . _ / - (không có dấu cách)',
);

const code = (text: string): string | Issue => (CODE.test(text) ? text : BAD_CODE);

function name(text: string): string | Issue {
  if (text.length < 2) return new Issue('too_short', 'must have at least 2 characters', 'phải có ít nhất 2 ký tự');
  if (text.length > 200) return tooLong(200);
  if (!hasReadableText(text)) return new Issue('no_letter', 'must contain a letter', 'phải có ít nhất một chữ cái');
  return text;
}

function roleCodes(catalogue: RoleCatalogue, text: string): string[] | Issue {
  const match = catalogue.matchCell(text);
  if (match.ok) return match.codes;
  if (match.empty) {
    return new Issue('no_role', 'needs at least one role code or name', 'cần ít nhất một mã hoặc tên vai trò');
  }
  const reasons: string[] = [];
  const reasonsVi: string[] = [];
  if (match.unknown.length > 0) {
    const list = match.unknown.map((r) => `"${r}"`).join(', ');
    reasons.push(`${list}: no active role has this code or name`);
    reasonsVi.push(`${list}: không có vai trò đang dùng nào có mã hoặc tên này`);
  }
  for (const a of match.ambiguous) {
    reasons.push(`"${a.text}" names several roles (${a.codes.join(', ')}): write the code`);
    reasonsVi.push(`"${a.text}" trùng tên nhiều vai trò (${a.codes.join(', ')}): hãy ghi mã vai trò`);
  }
  const code = match.unknown.length > 0 ? 'unknown_role' : 'ambiguous_role';
  return new Issue(code, reasons.join('; '), reasonsVi.join('; '));
}

function emailOf(text: string): string | Issue {
  const email = emailAddress(text);
  if (email !== null) return email;
  return new Issue('bad_email', 'is not an e-mail address', 'không phải địa chỉ email hợp lệ');
}

function phoneOf(text: string): string | Issue {
  const phone = text.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{8,15}$/.test(phone)) {
    return new Issue(
      'bad_phone',
      'must be 8–15 digits, optionally starting with +',
      'phải có 8–15 chữ số, có thể bắt đầu bằng +',
    );
  }
  // Excel turns 0912345678 into the number 912345678: a 9-digit mobile number lost its leading 0.
  return /^[35789]\d{8}$/.test(phone) ? `0${phone}` : phone;
}

function dateIn(text: string, min: string, max: string): string | Issue {
  const date = parseDate(text);
  if (typeof date !== 'string') {
    return date.problem === 'format'
      ? new Issue('bad_date', 'is not a date (dd/mm/yyyy)', 'không phải ngày (dd/mm/yyyy)')
      : new Issue('impossible_date', `${text} is not a real date`, `ngày ${text} không tồn tại`);
  }
  if (date < min || date > max) {
    const [lo, hi] = [min, max].map((d) => d.split('-').reverse().join('/'));
    return new Issue('date_out_of_range', `must be between ${lo} and ${hi}`, `phải trong khoảng ${lo} – ${hi}`);
  }
  return date;
}

const COLUMN_ORDER = new Map(ROSTER_COLUMNS.map((c, i) => [c.key, i]));
const sortByColumn = (problems: RosterProblem[]): RosterProblem[] =>
  problems.sort((a, b) => (COLUMN_ORDER.get(a.field!) ?? 99) - (COLUMN_ORDER.get(b.field!) ?? 99));

/**
 * Validates the rows of one file in order: each row on its own (validateRow) plus the file-wide rule that an
 * employee code appears once (the second occurrence is an error naming the first row). Also merges the cell
 * problems the reader found (XLSX error values, formulas without a value).
 */
export class RosterFileValidator {
  private readonly firstRowByCode = new Map<string, number>();
  validRows = 0;
  invalidRows = 0;

  constructor(private readonly ctx: RosterValidationContext) {}

  validate(record: RosterRecord): RowValidation {
    const result = validateRow(record.values, { ...this.ctx, rowNumber: record.rowNumber });
    const code = result.ok ? result.row.employeeCode : codeOf(record.values.employee_code);
    const first = code === null ? undefined : this.firstRowByCode.get(code);
    if (code !== null && first === undefined) this.firstRowByCode.set(code, record.rowNumber);
    if (result.ok && first === undefined && !record.problems?.length) {
      this.validRows++;
      return result;
    }
    const problems = [...(record.problems ?? []), ...(result.ok ? [] : result.problems)];
    if (first !== undefined) {
      const header = ROSTER_COLUMN_BY_KEY.employee_code.headerVi;
      problems.unshift(
        problem(
          record.rowNumber,
          'employee_code',
          'duplicate_code',
          `${code} is already used in row ${first}`,
          `${header} ${code} đã có ở dòng ${first}`,
        ),
      );
    }
    this.invalidRows++;
    const names = result.ok
      ? { unitCode: result.row.unitCode, employeeCode: result.row.employeeCode }
      : { unitCode: result.unitCode, employeeCode: result.employeeCode };
    return { ok: false, problems, ...names };
  }
}

const codeOf = (raw: string | undefined): string | null => {
  const text = raw === undefined ? '' : cleanLine(raw);
  return CODE.test(text) ? text : null;
};
