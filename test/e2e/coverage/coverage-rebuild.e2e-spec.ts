import { COVERAGE_CONSUMER, CoverageUpkeep } from '@app/coverage';
import { RosterChangeLog } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The full rebuild reads everything from the base tables, so the change log up to it is already counted: it moves
 * coverage's cursor past what it has read, and the fold does not replay the log afterwards (after a national seed
 * that was 2,000,000 logged joins, folded again a thousand people at a time). Schedules do not run in tests: only
 * the rebuild can move the cursor here.
 */

jest.setTimeout(120_000);

describe('coverage rebuild and the change log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const cursor = async (): Promise<number> =>
    Number(
      (
        await t.db.query<Array<{ id: string | null }>>(
          `SELECT max(last_id)::text AS id FROM roster_change_cursor WHERE consumer = $1`,
          [COVERAGE_CONSUMER],
        )
      )[0].id ?? 0,
    );

  it('moves coverage’s cursor past the changes logged before it', async () => {
    const unit = await t.given.unit({ name: 'Xã Tân Hòa' });
    await t.db.transaction((m) =>
      RosterChangeLog.append(m, [
        { kind: 'headcount_declared', effectiveFrom: t.clock.today(), unitId: unit.id },
        { kind: 'headcount_declared', effectiveFrom: t.clock.today(), unitId: unit.id },
      ]),
    );
    const [{ last }] = await t.db.query<Array<{ last: string }>>(`SELECT max(id)::text AS last FROM roster_change`);
    // Readable once every transaction older than it has ended (the server is shared with other tests' databases).
    for (let i = 0; ; i++) {
      const [{ ok }] = await t.db.query<Array<{ ok: boolean }>>(
        `SELECT EXISTS (SELECT 1 FROM roster_change WHERE id = $1 AND tx < pg_snapshot_xmin(pg_current_snapshot())) AS ok`,
        [last],
      );
      if (ok) break;
      if (i > 3_000) throw new Error('the logged changes never became readable');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await cursor()).toBeLessThan(Number(last));
    await t.app.get(CoverageUpkeep).rebuild();
    expect(await cursor()).toBeGreaterThanOrEqual(Number(last));
  });
});
