/** An uploaded video counts as watched from this share of its duration. */
export const VIDEO_WATCHED_RATIO = 0.9;
/**
 * Seconds a forward jump may exceed the wall-clock time since the previous report (network and timer jitter), for
 * reports a full interval apart; reports closer together get a proportional share, so a burst of reports cannot
 * add up the slack into minutes of "watching".
 */
export const VIDEO_SLACK_SECONDS = 2;
/** The player reports every ~10 s while playing. */
export const VIDEO_REPORT_SECONDS = 10;
/** A longer gap between reports (paused, idle tab) credits at most this much. */
export const VIDEO_MAX_GAP_SECONDS = 60;

/** What decides how a lesson is done: its kind, its uploaded file and that file's duration as read at upload. */
export interface VideoLessonFacts {
  kind: string;
  fileId: string | null;
  fileDurationSeconds: number | null;
}

/** An uploaded video (or audio) file: the player reports watching progress for it. */
export const isUploadedVideo = (lesson: VideoLessonFacts): boolean => lesson.kind === 'video' && lesson.fileId !== null;

/**
 * The duration "watched 90%" is judged against: the uploaded file's, as the server read it at upload, never the one
 * the player reports. Null for an external video or a file whose duration is unknown: those keep the "done" button.
 */
export const knownVideoDuration = (lesson: VideoLessonFacts): number | null =>
  isUploadedVideo(lesson) && lesson.fileDurationSeconds && lesson.fileDurationSeconds > 0
    ? lesson.fileDurationSeconds
    : null;

export interface VideoWatchState {
  watchedSeconds: number;
  /** The last reported position, or null before the first report. */
  positionSeconds: number | null;
  /** When the previous report (or the lesson view that loaded the player) arrived; null when never. */
  lastSeenAt: Date | null;
}

export interface VideoReport {
  positionSeconds: number;
  /** The file's duration as the server knows it (the player's figure only when the server does not know it). */
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
 * since the previous report (capped for long gaps) plus a small slack (proportional for reports closer than the
 * player's interval), so seeking to the end counts (almost) nothing and neither does a burst of reports; moving
 * backwards counts nothing (watching again from there counts again).
 */
export function accumulateWatch(prev: VideoWatchState, report: VideoReport): VideoWatchResult {
  const durationSeconds = round2(report.durationSeconds);
  const positionSeconds = round2(Math.min(report.positionSeconds, durationSeconds));
  const elapsed = prev.lastSeenAt ? Math.max(0, (report.at.getTime() - prev.lastSeenAt.getTime()) / 1000) : 0;
  const slack = VIDEO_SLACK_SECONDS * Math.min(1, elapsed / VIDEO_REPORT_SECONDS);
  const allowed = prev.lastSeenAt ? Math.min(elapsed, VIDEO_MAX_GAP_SECONDS) + slack : 0;
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
