/** At most 10 failed logins per account (or unknown login) in any 15 minutes (DESIGN), then a lock. */
export const MAX_FAILED_LOGINS = 10;
/** At most 30 failed logins from one IP address, across accounts, in any 15 minutes (password spraying). */
export const MAX_FAILED_LOGINS_PER_IP = 30;
export const LOCK_WINDOW_MS = 15 * 60_000;

export type LoginFailureReason = 'password' | 'unknown_login' | 'totp';

/**
 * When a sliding-window lock opens again, or null when it is not locked: `failures` are the newest first
 * (at least `max` of them when locked); the lock holds until the max-th newest leaves the window.
 */
export function lockedUntil(failures: readonly Date[], max: number, windowMs = LOCK_WINDOW_MS): Date | null {
  return failures.length >= max ? new Date(failures[max - 1].getTime() + windowMs) : null;
}

/** Whole seconds until `until` (at least 1): the value of a Retry-After header. */
export const retryAfterSeconds = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
