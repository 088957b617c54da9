import { ValidationError } from '@app/common';
import { PROGRAMME_START } from '@app/coverage';

/** The statutory reports of the plans: yearly (Vĩnh Long: before 20 November), the 3-year interim, the 5-year final. */
export const REPORT_KINDS = ['yearly', 'interim', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The longest period each kind covers, in years. */
export const REPORT_YEARS: Readonly<Record<ReportKind, number>> = { yearly: 1, interim: 3, final: 5 };

/** What the document is called, in Vietnamese (the title under "BÁO CÁO"), per kind. */
export const REPORT_TITLES: Readonly<Record<ReportKind, { vi: string; en: string }>> = {
  yearly: {
    vi: 'Kết quả thực hiện Đề án Truyền thông về quyền con người năm {year}',
    en: 'Yearly report on the human-rights communication programme, {year}',
  },
  interim: {
    vi: 'Sơ kết 03 năm thực hiện Đề án Truyền thông về quyền con người',
    en: 'Three-year interim review of the human-rights communication programme',
  },
  final: {
    vi: 'Tổng kết 05 năm thực hiện Đề án Truyền thông về quyền con người',
    en: 'Five-year final review of the human-rights communication programme',
  },
};

/** The document title of a report, e.g. "Kết quả thực hiện Đề án … năm 2026". */
export const reportTitle = (kind: ReportKind, periodTo: string, lang: 'vi' | 'en' = 'vi'): string =>
  REPORT_TITLES[kind][lang].replace('{year}', periodTo.slice(0, 4));

/** The day `years` calendar years after `day` (yyyy-mm-dd; 29 February goes to 1 March). */
export function addYears(day: string, years: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCMonth() !== month) d.setUTCDate(1);
  return d.toISOString().slice(0, 10);
}

const invalid = (field: string, reason: string): ValidationError =>
  new ValidationError(`${field}: ${reason}`, [{ field, reason }]);

/**
 * Checks a report's kind and period (400 naming the field): the period lies between the programme's start and
 * `today` (coverage is read as of its last day), ends on or after it starts, and is no longer than the kind covers
 * (a year, three years, five years).
 */
export function checkReportPeriod(kind: string, periodFrom: string, periodTo: string, today: string): ReportKind {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw invalid('kind', `must be one of ${REPORT_KINDS.join(', ')}`);
  }
  const k = kind as ReportKind;
  if (periodFrom < PROGRAMME_START) throw invalid('periodFrom', `must be on or after ${PROGRAMME_START}`);
  if (periodTo > today) throw invalid('periodTo', `must be on or before today (${today})`);
  if (periodTo < periodFrom) throw invalid('periodTo', 'must be on or after periodFrom');
  if (periodTo >= addYears(periodFrom, REPORT_YEARS[k])) {
    const years = REPORT_YEARS[k];
    throw invalid('periodTo', `a ${k} report covers at most ${years} year${years > 1 ? 's' : ''} from periodFrom`);
  }
  return k;
}

/**
 * The place of the date line ("Vĩnh Long, ngày … "): the unit's name without its administrative prefix
 * ("Tỉnh Vĩnh Long" → "Vĩnh Long", "Xã Mẫu Sơn" → "Mẫu Sơn").
 */
export function placeOf(unitName: string): string {
  const name = unitName.normalize('NFC').trim();
  const prefix = /^(tỉnh|thành phố|tp\.?|xã|phường|thị trấn|huyện|quận|thị xã|đặc khu)\s+/iu;
  return name.replace(prefix, '').trim() || name;
}
