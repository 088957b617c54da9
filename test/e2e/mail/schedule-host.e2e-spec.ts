import { randomBytes } from 'node:crypto';
import { ModuleRef } from '@nestjs/core';
import { schedulesRunHere } from '@app/mail';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';
import { createJobsContext } from '../jobs/jobs-test-context';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('where periodic tasks (outbox sweep, daily reminders) run', () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterAll(() => dropTestDatabase(databaseUrl));

  const runsHere = async (redisUrl: string | null, runsSchedules: boolean): Promise<boolean> => {
    const queuePrefix = `sched${randomBytes(4).toString('hex')}`;
    const ctx = await createJobsContext(databaseUrl, redisUrl, { queuePrefix, runsSchedules });
    try {
      return schedulesRunHere(ctx.config, ctx.app.get(ModuleRef));
    } finally {
      await ctx.close();
    }
  };

  it('in the API process when jobs run in-process (no Redis)', async () => {
    expect(await runsHere(null, false)).toBe(true);
  });

  // Decided from the configuration alone: Redis itself is not contacted here (the worker suite runs the Bull path).
  it('with REDIS_URL set, in the worker (runsSchedules) and not in the API', async () => {
    expect(await runsHere(REDIS_URL, true)).toBe(true);
    expect(await runsHere(REDIS_URL, false)).toBe(false);
  });
});
