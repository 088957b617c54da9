/** An uploaded video counts as watched from this share of its duration. */
export const VIDEO_WATCHED_RATIO = 0.9;
/** Seconds a forward jump may exceed the wall-clock time since the previous report (network and timer jitter). */
export const VIDEO_SLACK_SECONDS = 2;
/** The player reports every ~10 s while playing; a longer gap (paused, idle tab) credits at most this much. */
export const VIDEO_MAX_GAP_SECONDS = 60;

export interface VideoWatchState {
  watchedSeconds: number;
  /** The last reported position, or null before the first report. */
  positionSeconds: number | null;
  /** When the previous report (or the lesson view that loaded the player) arrived; null when never. */
  lastSeenAt: Date | null;
}

export interface VideoReport {
  positionSeconds: number;
  durationSeconds: number;
  at: Date;
}

export interface VideoWatchResult {
  watchedSeconds: number;
  positionSeconds: number;
  durationSeconds: number;
  /** 0–100, floored. */
  watchedPercent: number;
  /** watchedSeconds ≥ 90% of the duration. */
  watched: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Floored percentage of the duration watched (0 when the duration is unknown). */
export const watchedPercent = (watchedSeconds: number, durationSeconds: number | null): number =>
  durationSeconds && durationSeconds > 0 ? Math.min(100, Math.floor((watchedSeconds / durationSeconds) * 100)) : 0;

/**
 * Accumulates watched seconds plausibly: a forward move of the playhead counts, but at most the wall-clock time
 * since the previous report (capped for long gaps) plus a small slack, so seeking to the end counts (almost)
 * nothing; moving backwards counts nothing (watching again from there counts again).
 */
export function accumulateWatch(prev: VideoWatchState, report: VideoReport): VideoWatchResult {
  const durationSeconds = round2(report.durationSeconds);
  const positionSeconds = round2(Math.min(report.positionSeconds, durationSeconds));
  const elapsed = prev.lastSeenAt ? Math.max(0, (report.at.getTime() - prev.lastSeenAt.getTime()) / 1000) : 0;
  const allowed = prev.lastSeenAt ? Math.min(elapsed, VIDEO_MAX_GAP_SECONDS) + VIDEO_SLACK_SECONDS : 0;
  const moved = positionSeconds - (prev.positionSeconds ?? 0);
  const credit = Math.max(0, Math.min(moved, allowed));
  const watchedSeconds = round2(Math.min(durationSeconds, prev.watchedSeconds + credit));
  return {
    watchedSeconds,
    positionSeconds,
    durationSeconds,
    watchedPercent: watchedPercent(watchedSeconds, durationSeconds),
    watched: watchedSeconds >= durationSeconds * VIDEO_WATCHED_RATIO,
  };
}
