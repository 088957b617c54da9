/** Vietnam's offset from UTC (Asia/Ho_Chi_Minh, UTC+7 all year: no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The Vietnamese calendar day (yyyy-mm-dd) of an instant. The product's "today", "on the roster on day D", the day a
 * certificate or an approval counts from: all are Vietnam's days, so from 17:00 to 24:00 UTC it is already tomorrow.
 */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** A yyyy-mm-dd calendar day `days` days after `day` (before it when negative), across months and years. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `items` cut into consecutive pieces of `size` (the last one shorter); none for no items. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
