import { searchKey } from '@app/common';

export type Gender = 'male' | 'female' | 'other';
export type PersonStatus = 'active' | 'on_leave' | 'left';

export const GENDER_LABELS: Readonly<Record<Gender, { vi: string; en: string }>> = {
  male: { vi: 'Nam', en: 'male' },
  female: { vi: 'Nữ', en: 'female' },
  other: { vi: 'Khác', en: 'other' },
};

export const STATUS_LABELS: Readonly<Record<PersonStatus, { vi: string; en: string }>> = {
  active: { vi: 'đang công tác', en: 'active' },
  on_leave: { vi: 'nghỉ phép', en: 'on_leave' },
  left: { vi: 'đã nghỉ', en: 'left' },
};

const valueKey = (s: string): string => searchKey(s).replace(/[\s_-]+/g, ' ');

const GENDERS = new Map<string, Gender>([
  ['nam', 'male'],
  ['male', 'male'],
  ['m', 'male'],
  ['nu', 'female'],
  ['female', 'female'],
  ['f', 'female'],
  ['khac', 'other'],
  ['other', 'other'],
]);

const STATUSES = new Map<string, PersonStatus>([
  ['dang cong tac', 'active'],
  ['active', 'active'],
  ['nghi phep', 'on_leave'],
  ['on leave', 'on_leave'],
  ['da nghi', 'left'],
  ['nghi viec', 'left'],
  ['nghi huu', 'left'],
  ['left', 'left'],
]);

/** "Nữ", "nu", "FEMALE" → 'female'; null when not recognised. */
export const parseGender = (value: string): Gender | null =>
  cached(genderCache, value, (v) => GENDERS.get(valueKey(v)) ?? null);

/** "Đang công tác", "on_leave", "nghỉ việc" → the status; null when not recognised. */
export const parseStatus = (value: string): PersonStatus | null =>
  cached(statusCache, value, (v) => STATUSES.get(valueKey(v)) ?? null);

// A roster repeats a few spellings (and ~15,000 birth dates) 100,000 times: remember them, bounded.
const genderCache = new Map<string, Gender | null>();
const statusCache = new Map<string, PersonStatus | null>();
function cached<T>(cache: Map<string, T>, value: string, compute: (v: string) => T): T {
  let result = cache.get(value);
  if (result === undefined && !cache.has(value)) {
    result = compute(value);
    if (cache.size < 50_000) cache.set(value, result);
  }
  return result as T;
}

/**
 * A calendar date typed as dd/mm/yyyy or d/m/yyyy ('.' and '-' also accepted) or yyyy-mm-dd, as yyyy-mm-dd;
 * NOT_A_DATE when it is not a date, IMPOSSIBLE_DATE when it names no real day (31/02/2024).
 */
export const parseDate = (value: string): string | DateProblem => cached(dateCache, value, parseDateText);
const dateCache = new Map<string, string | DateProblem>();

export interface DateProblem {
  problem: 'format' | 'impossible';
}
const NOT_A_DATE: DateProblem = { problem: 'format' };
const IMPOSSIBLE_DATE: DateProblem = { problem: 'impossible' };

function parseDateText(value: string): string | DateProblem {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return NOT_A_DATE;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return IMPOSSIBLE_DATE;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** yyyy-mm-dd → dd/mm/yyyy, the form Vietnamese users type and read. */
export const formatDateVi = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** yyyy-mm-dd shifted by whole years (29 Feb stays a valid bound for string comparison). */
export const addYears = (iso: string, years: number): string => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
