import { Actor, Permission } from '@app/common';
import { createTestDatabase, dropTestDatabase } from '../../../test/setup/test-database';
import { createJobsContext, JobsTestContext } from '../../../test/e2e/jobs/jobs-test-context';
import { InProcessJobExecutor } from './in-process-executor';
import { UnitOfWork } from './unit-of-work';

const actor: Actor = {
  accountId: '00000000-0000-4000-8000-0000000000aa',
  grants: [{ permission: Permission.Admin, scopeUnitId: '00000000-0000-4000-8000-0000000000bb' }],
  via: 'api',
  requestId: 'req-unit-of-work',
};

describe(UnitOfWork.name, () => {
  let databaseUrl: string;
  let t: JobsTestContext;
  let work: UnitOfWork;
  let seq = 0;
  const id = (): string => `uow-${++seq}-${Date.now().toString(36)}`;
  const audited = (entityId: string) =>
    t.db.query<Array<{ action: string; actor_account_id: string | null; request_id: string | null; details: object }>>(
      `SELECT action, actor_account_id, request_id, details FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
  const jobsKeyed = async (key: string): Promise<string[]> =>
    (await t.db.query<Array<{ status: string }>>(`SELECT status FROM job_run WHERE business_key = $1`, [key])).map(
      (r) => r.status,
    );

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    t = await createJobsContext(databaseUrl, null);
    work = t.app.get(UnitOfWork);
  });
  afterAll(async () => {
    await t?.close();
    await dropTestDatabase(databaseUrl);
  });

  it('writes the work, its audit entry (by the actor, of the result) and its jobs in one transaction', async () => {
    const entity = id();
    const seen: string[] = [];
    const result = await work.run(
      actor,
      {
        audit: (r: { entityId: string }) => ({ action: 'test.create', entity: 'test', entityId: r.entityId }),
        afterCommit: async (r) => {
          // Runs after commit: another connection already sees the unit's rows.
          seen.push(`${r.entityId}:${(await audited(entity)).length}:${(await jobsKeyed(`uow:${entity}`)).length}`);
        },
      },
      async (tx) => {
        expect(tx.actor).toBe(actor);
        // Vietnam's day (UTC+7): from 17:00 UTC it is already the next day.
        expect(tx.today).toBe(new Date(tx.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
        await tx.audit({ action: 'test.step', entity: 'test', entityId: entity, details: { step: 1 } });
        await tx.dispatch('system.echo', `uow:${entity}`, { ref: entity });
        expect(await audited(entity)).toEqual([]); // not committed yet
        return { entityId: entity };
      },
    );
    expect(result).toEqual({ entityId: entity });
    expect(await audited(entity)).toEqual([
      { action: 'test.step', actor_account_id: actor.accountId, request_id: 'req-unit-of-work', details: { step: 1 } },
      { action: 'test.create', actor_account_id: actor.accountId, request_id: 'req-unit-of-work', details: {} },
    ]);
    await t.app.get(InProcessJobExecutor).onIdle();
    expect(await jobsKeyed(`uow:${entity}`)).toEqual(['succeeded']);
    expect(seen).toEqual([`${entity}:2:1`]);
  });

  it('rolls everything back on an error: no audit entry, no job, no after-commit call', async () => {
    const entity = id();
    const after = jest.fn(() => Promise.resolve());
    await expect(
      work.run(
        actor,
        { audit: { action: 'test.never', entity: 'test', entityId: entity }, afterCommit: after },
        async (tx) => {
          await tx.audit({ action: 'test.step', entity: 'test', entityId: entity });
          await tx.dispatch('system.echo', `uow:${entity}`, { ref: entity });
          await tx.afterCommit(after);
          throw new Error('planned');
        },
      ),
    ).rejects.toThrow('planned');
    await t.app.get(InProcessJobExecutor).onIdle();
    expect(await audited(entity)).toEqual([]);
    expect(await jobsKeyed(`uow:${entity}`)).toEqual([]);
    expect(after).not.toHaveBeenCalled();
  });

  it('writes no entry when the audit function says there is nothing to audit; a null actor is recorded as none', async () => {
    const entity = id();
    const changed = (n: number) =>
      work.run(null, { audit: (k: number) => (k > 0 ? { action: 'test.change', entityId: entity } : null) }, () =>
        Promise.resolve(n),
      );
    expect(await changed(0)).toBe(0);
    expect(await audited(entity)).toEqual([]);
    expect(await changed(2)).toBe(2);
    expect(await audited(entity)).toEqual([
      { action: 'test.change', actor_account_id: null, request_id: null, details: {} },
    ]);
  });
});
