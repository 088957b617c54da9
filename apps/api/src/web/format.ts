import { vietnamDay as vietnamDayOf } from '@app/common';
import type { Lang } from './i18n';

/*
 * Dates and numbers the reader's way: on Vietnamese pages 31/12/2026, 14:05 31/12/2026 and "1.791"; on English
 * pages 31 Dec 2026, 31 Dec 2026, 14:05 and "1,791". Instants are shown in Vietnam time (Asia/Ho_Chi_Minh), as
 * the people using the platform read their clocks; calendar days (yyyy-mm-dd) are shown as they are.
 */

const VN = 'Asia/Ho_Chi_Minh';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const englishDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: VN });

/** 1791 → "1.791" (vi) or "1,791" (en); 28.5 → "28,5" / "28.5". Not a number: shown as it is. */
export function formatNumber(lang: Lang, value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isFinite(n)) return numberFormats[lang].format(n);
  return typeof value === 'string' ? value : '';
}

/** The Vietnam calendar day (yyyy-mm-dd) of an instant; a yyyy-mm-dd string is returned as it is. */
export function vietnamDay(value: Date | string): string {
  if (typeof value === 'string' && DAY.test(value)) return value;
  return vietnamDayOf(new Date(value));
}

/** A day (yyyy-mm-dd, or an instant: its Vietnam day): 31/12/2026 (vi), 31 Dec 2026 (en); empty → ''. */
export function formatDay(lang: Lang, value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && !DAY.test(value) && Number.isNaN(Date.parse(value))) return value;
  const day = vietnamDay(value);
  const [, y, m, d] = DAY.exec(day) ?? [];
  return lang === 'vi' ? `${d}/${m}/${y}` : englishDay.format(new Date(`${day}T00:00:00Z`));
}

/** An instant in Vietnam time: 14:05 31/12/2026 (vi), 31 Dec 2026, 14:05 (en); empty → ''. */
export function formatDateTime(lang: Lang, value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const time = clock.format(at);
  return lang === 'vi' ? `${time} ${formatDay(lang, at)}` : `${formatDay(lang, at)}, ${time}`;
}

/**
 * A day typed on a Vietnamese page (dd/mm/yyyy, also d/m/yyyy and dd-mm-yyyy) or sent by a date input (yyyy-mm-dd)
 * as yyyy-mm-dd; anything else is returned as typed, for the validator to refuse by its field label.
 */
export function parseDay(typed: string): string {
  const s = typed.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (vn) return `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}`;
  return s;
}

/** A yyyy-mm-dd day as a Vietnamese form field shows it (dd/mm/yyyy); other text as it is. */
export function dayField(lang: Lang, value: string): string {
  return lang === 'vi' && DAY.test(value) ? formatDay('vi', value) : value;
}
