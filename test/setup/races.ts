import type { DataSource } from 'typeorm';

/**
 * Forcing a race without sleeps: the test holds a lock or an open transaction on its own connection (`blockerPid` is
 * that connection's pg_backend_pid()), starts the work, and waits here until `count` other backends are blocked
 * behind it. Then it releases the lock, knowing every contender has reached the contended statement.
 *
 * `settled` reports work that has already finished: if any contender finishes before it ever blocked, the race was
 * not reached and the test fails here instead of passing without having tested anything.
 */
export async function blockedBehind(
  db: DataSource,
  blockerPid: number,
  count: number,
  settled: () => boolean,
  timeoutMs = 50_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ blocked }] = await db.query<Array<{ blocked: number }>>(
      `SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid))`,
      [blockerPid],
    );
    if (blocked >= count) return;
    if (settled()) throw new Error(`the race was not reached: work finished with ${blocked} of ${count} blocked`);
    if (Date.now() > deadline) throw new Error(`only ${blocked} of ${count} backends blocked after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10)); // polling a condition, not waiting for a race
  }
}

/** Marks a promise as settled (for blockedBehind) without swallowing its outcome. */
export function tracked<T>(work: Promise<T>): { work: Promise<T>; settled: () => boolean } {
  let done = false;
  const wrapped = work.finally(() => {
    done = true;
  });
  wrapped.catch(() => undefined); // awaited by the caller; avoids an unhandled rejection while we poll
  return { work: wrapped, settled: () => done };
}
