import { PEOPLE_COUNTS_CONSUMER, UnitPeopleCountUpkeep } from '@app/org';
import type { TestApp } from '../setup/test-app';

/**
 * How long a test waits for the change log. The feed reads only transactions older than every one still running on
 * the server, and this server is shared (other test files, CI, a bench seeding 3,000,000 people in long
 * transactions), so a read may wait minutes behind someone else's transaction.
 */
export const CHANGE_LOG_WAIT_MS = 5 * 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every row of the change log can be read (no transaction older than one of them still runs). */
export async function changeLogReadable(t: TestApp): Promise<void> {
  const deadline = Date.now() + CHANGE_LOG_WAIT_MS;
  while (Date.now() < deadline) {
    const [row] = await t.db.query<Array<{ done: boolean }>>(
      `SELECT NOT EXISTS (SELECT 1 FROM roster_change WHERE tx >= pg_snapshot_xmin(pg_current_snapshot())) AS done`,
    );
    if (row.done) return;
    await pause(200);
  }
  throw new Error('the change log did not become readable');
}

/** Runs the people counts' upkeep until it has folded the change log to its end. */
export async function peopleCountsCaughtUp(t: TestApp): Promise<void> {
  const deadline = Date.now() + CHANGE_LOG_WAIT_MS;
  while (Date.now() < deadline) {
    await t.app.get(UnitPeopleCountUpkeep).run();
    const [row] = await t.db.query<Array<{ done: boolean }>>(
      `SELECT NOT EXISTS (SELECT 1 FROM roster_change r, roster_change_cursor c
                           WHERE c.consumer = $1 AND (r.tx, r.id) > (c.last_tx, c.last_id)) AS done`,
      [PEOPLE_COUNTS_CONSUMER],
    );
    if (row.done) return;
    await pause(200);
  }
  throw new Error('the people counts did not catch up with the change log');
}
