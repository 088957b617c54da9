/**
 * The coverage arithmetic of DESIGN.md ("Coverage, exactly"), as pure functions: written once, used by the API,
 * the pages and the tests.
 */

/** The first day of the programme (Decision 1079/QĐ-TTg): no figures before it. */
export const PROGRAMME_START = '2023-01-01';

/** trained ÷ headcount as a percentage with one decimal, floored (99.96% never shows as 100%); null when headcount 0. */
export const coveragePercent = (trained: number, headcount: number): number | null =>
  headcount <= 0 ? null : Math.floor((trained * 1000) / headcount) / 10;

/** How many more people must be trained: max(0, ⌈target% × headcount⌉ − trained). */
export const coverageGap = (targetPercent: number, headcount: number, trained: number): number =>
  Math.max(0, Math.ceil((Math.round(targetPercent * 10) * headcount) / 1000) - trained); // percent has one decimal

export type CoverageStatus = 'met' | 'on_track' | 'behind';

export interface StatusInput {
  trained: number;
  headcount: number;
  targetPercent: number;
  /** yyyy-mm-dd */
  deadline: string;
  /** Per year ("2026"), the percentage a locality set for the end of that year. */
  milestones: Record<string, number>;
  /** yyyy-mm-dd: the day of the figures. */
  on: string;
}

const days = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5;

/**
 * The coverage expected on a day: the year's milestone when the target sets one for the year of the day; else a
 * straight line from 0% at the programme's start to the target on the deadline (the target itself after it).
 */
export function expectedPercent(s: Omit<StatusInput, 'trained' | 'headcount'>): number {
  const milestone = s.milestones[s.on.slice(0, 4)];
  if (milestone !== undefined) return milestone;
  const total = days(PROGRAMME_START, s.deadline);
  if (total <= 0 || s.on >= s.deadline) return s.targetPercent;
  return (s.targetPercent * Math.max(0, days(PROGRAMME_START, s.on))) / total;
}

/**
 * met: the gap is 0 (the target is reached); on track: coverage ≥ the expected coverage of the day
 * (expectedPercent); behind: below it. null when the headcount is 0 (nobody to train).
 */
export function coverageStatus(s: StatusInput): CoverageStatus | null {
  if (s.headcount <= 0) return null;
  if (coverageGap(s.targetPercent, s.headcount, s.trained) === 0) return 'met';
  return (s.trained * 100) / s.headcount >= expectedPercent(s) ? 'on_track' : 'behind';
}

/** The status in words (never colour alone), Vietnamese first. */
export const STATUS_WORDS: Readonly<Record<CoverageStatus, { vi: string; en: string }>> = {
  met: { vi: 'Đạt', en: 'Met' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind' },
};

/** The rule of coverageStatus, as the page and the API state it. */
export const STATUS_RULE = {
  vi:
    'Đạt: đã đủ số người theo chỉ tiêu. Đúng tiến độ: tỷ lệ không thấp hơn mốc của năm (nếu địa phương đặt mốc), ' +
    'nếu không thì không thấp hơn mức tăng đều từ 0% ngày 01/01/2023 đến chỉ tiêu vào hạn. Chậm tiến độ: thấp hơn mức đó.',
  en:
    "Met: the target number of people is trained. On track: coverage is at least the year's milestone (where the " +
    'locality set one), else at least a straight line from 0% on 1 January 2023 to the target on the deadline. ' +
    'Behind: below that.',
} as const;
