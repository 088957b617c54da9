/** Attendance can be corrected for this many days after the session ends (or after it was recorded, if later). */
export const CORRECTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** When attendance of a session can be taken, and how: the rules of issue 15, in one place. */
export type AttendanceWindow =
  | { open: true }
  | { open: false; reason: 'cancelled' | 'not-started' | 'closed-for-corrections' | 'held-before-created' };

/**
 * Whether attendance may be recorded at `now`: never before the session starts, never more than CORRECTION_DAYS
 * after it ended (a session recorded after it was held: after it was created); at the door (`via: 'door'`) never for
 * a session created after it started (records of a workshop already held go through the import).
 */
export function attendanceWindow(
  s: { startsAt: Date; endsAt: Date; createdAt: Date; status: 'open' | 'cancelled' },
  now: Date,
  via: 'door' | 'import',
): AttendanceWindow {
  if (s.status === 'cancelled') return { open: false, reason: 'cancelled' };
  if (now < s.startsAt) return { open: false, reason: 'not-started' };
  const from = Math.max(s.endsAt.getTime(), s.createdAt.getTime());
  if (now.getTime() > from + CORRECTION_DAYS * DAY_MS) return { open: false, reason: 'closed-for-corrections' };
  if (via === 'door' && s.createdAt > s.startsAt) return { open: false, reason: 'held-before-created' };
  return { open: true };
}

/** A person's attendance counts when present for at least the session's required share. */
export const meetsShare = (a: { status: string; share: number }, requiredShare: number): boolean =>
  a.status === 'present' && a.share >= requiredShare;
