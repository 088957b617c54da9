import { accumulateWatch, knownVideoDuration, VideoWatchState, watchedPercent } from './video-watch';

const t0 = new Date('2026-01-01T08:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

describe(accumulateWatch.name, () => {
  it('counts playback that keeps pace with the clock', () => {
    let state: VideoWatchState = { watchedSeconds: 0, positionSeconds: null, lastSeenAt: t0 };
    for (let s = 10; s <= 100; s += 10) {
      const r = accumulateWatch(state, { positionSeconds: s, durationSeconds: 100, at: at(s) });
      state = { watchedSeconds: r.watchedSeconds, positionSeconds: r.positionSeconds, lastSeenAt: at(s) };
    }
    expect(state.watchedSeconds).toBe(100);
  });

  it('counts a seek to the end as at most the elapsed time plus its share of the slack', () => {
    const r = accumulateWatch(
      { watchedSeconds: 0, positionSeconds: 0, lastSeenAt: t0 },
      { positionSeconds: 600, durationSeconds: 600, at: at(1) },
    );
    expect(r.watchedSeconds).toBe(1.2);
    expect(r.watched).toBe(false);
    expect(r.watchedPercent).toBe(0);
  });

  it('caps the credit after a long idle gap, so waiting then seeking does not count', () => {
    const r = accumulateWatch(
      { watchedSeconds: 0, positionSeconds: 0, lastSeenAt: t0 },
      { positionSeconds: 300, durationSeconds: 300, at: at(600) },
    );
    expect(r.watchedSeconds).toBe(62);
  });

  it('does not add up the slack over a burst of reports (100 reports in one instant, 2 s apart in position)', () => {
    let state: VideoWatchState = { watchedSeconds: 0, positionSeconds: 0, lastSeenAt: t0 };
    for (let i = 1; i <= 100; i++) {
      const r = accumulateWatch(state, { positionSeconds: i * 2, durationSeconds: 200, at: t0 });
      state = { watchedSeconds: r.watchedSeconds, positionSeconds: r.positionSeconds, lastSeenAt: t0 };
    }
    expect(state.watchedSeconds).toBe(0);
    // Reports a tenth of a second apart earn at most 1.2× the time that passed.
    state = { watchedSeconds: 0, positionSeconds: 0, lastSeenAt: t0 };
    for (let i = 1; i <= 100; i++) {
      const r = accumulateWatch(state, { positionSeconds: i * 2, durationSeconds: 200, at: at(i / 10) });
      state = { watchedSeconds: r.watchedSeconds, positionSeconds: r.positionSeconds, lastSeenAt: at(i / 10) };
    }
    expect(state.watchedSeconds).toBeLessThanOrEqual(12.1);
  });

  it('counts nothing for a backward move or a first report with no earlier view', () => {
    expect(
      accumulateWatch(
        { watchedSeconds: 40, positionSeconds: 50, lastSeenAt: t0 },
        { positionSeconds: 10, durationSeconds: 100, at: at(10) },
      ).watchedSeconds,
    ).toBe(40);
    expect(
      accumulateWatch(
        { watchedSeconds: 0, positionSeconds: null, lastSeenAt: null },
        { positionSeconds: 10, durationSeconds: 100, at: at(10) },
      ).watchedSeconds,
    ).toBe(0);
  });

  it('marks the video watched from 90% and never counts more than the duration', () => {
    const almost = accumulateWatch(
      { watchedSeconds: 85, positionSeconds: 85, lastSeenAt: t0 },
      { positionSeconds: 89, durationSeconds: 100, at: at(4) },
    );
    expect(almost).toMatchObject({ watchedSeconds: 89, watchedPercent: 89, watched: false });
    const done = accumulateWatch(
      { watchedSeconds: 89, positionSeconds: 89, lastSeenAt: t0 },
      { positionSeconds: 95, durationSeconds: 100, at: at(6) },
    );
    expect(done).toMatchObject({ watchedSeconds: 95, watched: true });
    const over = accumulateWatch(
      { watchedSeconds: 99, positionSeconds: 99, lastSeenAt: t0 },
      { positionSeconds: 150, durationSeconds: 100, at: at(30) },
    );
    expect(over).toMatchObject({ watchedSeconds: 100, positionSeconds: 100, watchedPercent: 100 });
  });

  it('floors the watched percentage and answers 0 for an unknown duration', () => {
    expect(watchedPercent(89.99, 100)).toBe(89);
    expect(watchedPercent(10, null)).toBe(0);
  });
});

describe(knownVideoDuration.name, () => {
  it("is the uploaded file's duration read at upload, and null for external videos and unknown durations", () => {
    expect(knownVideoDuration({ kind: 'video', fileId: 'f', fileDurationSeconds: 1800 })).toBe(1800);
    expect(knownVideoDuration({ kind: 'video', fileId: 'f', fileDurationSeconds: null })).toBeNull();
    expect(knownVideoDuration({ kind: 'video', fileId: null, fileDurationSeconds: null })).toBeNull();
    expect(knownVideoDuration({ kind: 'document', fileId: 'f', fileDurationSeconds: 1800 })).toBeNull();
  });
});
