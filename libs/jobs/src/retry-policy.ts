/** Defaults for a job whose handler and dispatcher say nothing. */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1_000;
export const MAX_ATTEMPTS_LIMIT = 20;
/** Longest error message kept in job_run.last_error. */
export const MAX_ERROR_LENGTH = 2_000;

/**
 * Delay before the next attempt after `attemptsMade` failed attempts: base × (2^n − 1), i.e. base, 3×base, 7×base…
 * This is exactly Bull's built-in 'exponential' backoff, so both paths wait the same.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  if (attemptsMade < 1 || baseMs <= 0) return 0;
  return Math.round((Math.pow(2, attemptsMade) - 1) * baseMs);
}

/** Whether a failed attempt should be retried. */
export const shouldRetry = (attemptsMade: number, maxAttempts: number): boolean => attemptsMade < maxAttempts;

/** Progress as stored: an integer 0..100 (NaN counts as 0). */
export function clampProgress(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, Math.round(percent)));
}

/** The message of an error, single-line-safe and bounded; never the stack. */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? `${error.message}` : typeof error === 'string' ? error : safeJson(error);
  const message = raw.trim() || (error instanceof Error ? error.name : 'unknown error');
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
